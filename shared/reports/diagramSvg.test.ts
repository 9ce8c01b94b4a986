import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process, store, zone } from '../testing/modelBuilder';
import { xssCorpusModel } from './xssCorpus';
import { modelFromTree } from '../model/parseModel';
import { loadRulePacks } from '../rules/loadPacks';
import { assessThreats } from '../threats/register';
import { openThreatBadges, renderDiagramSvg } from './diagramSvg';

const model = buildModel({
  elements: [
    entity('user', { name: 'User <script>', position: { x: 0, y: 100 } }),
    process('api', { name: 'API "gateway"', position: { x: 300, y: 100 } }),
    store('db', { name: 'Orders\u0007 & more', position: { x: 600, y: 400 } }),
  ],
  flows: [
    flow('login', 'user', 'api', { name: 'Login </text><script>' }),
    flow('back', 'api', 'user', { name: 'Reply' }),
    flow('query', 'api', 'db', { name: 'SQL', bidirectional: true }),
  ],
  boundaries: [
    zone('dmz', 'dmz', {
      name: "Zone 'one'",
      position: { x: 260, y: 40 },
      size: { width: 520, height: 520 },
    }),
    {
      id: 'edge',
      diagramId: 'd1',
      shape: 'line',
      name: 'Edge',
      points: [
        { x: 200, y: -50 },
        { x: 200, y: 700 },
      ],
    },
  ],
});

function parse(svg: string) {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg) as {
    svg: { viewBox: string; width: string; height: string };
  };
}

describe('renderDiagramSvg', () => {
  const svg = renderDiagramSvg(model, 'd1', {
    badges: new Map([
      ['api', { open: 3, worst: 'high' as const }],
      ['login', { open: 1, worst: 'critical' as const }],
    ]),
    idPrefix: 'p7',
  });

  it('is one well-formed SVG document with every user string escaped', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('User &lt;script&gt;');
    expect(svg).toContain('API &quot;gateway&quot;');
    expect(svg).toContain('Login &lt;/text&gt;&lt;script&gt;');
    expect(svg).toContain('Orders\ufffd &amp; more');
    expect(svg).toContain('Zone &#39;one&#39;');
  });

  it('frames everything drawn: the view box holds every element, zone and line', () => {
    const [x, y, width, height] = parse(svg).svg.viewBox.split(' ').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    expect(x).toBeLessThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(-50);
    expect(x + width).toBeGreaterThanOrEqual(780);
    expect(y + height).toBeGreaterThanOrEqual(700);
    // …and not much more than that, with a margin.
    expect(x).toBeGreaterThan(-60);
    expect(x + width).toBeLessThan(840);
  });

  it('draws each kind, every flow with an arrow (both ends when bidirectional) and the badges', () => {
    expect(svg.match(/<title>process: /g)).toHaveLength(1);
    expect(svg.match(/<title>data store: /g)).toHaveLength(1);
    expect(svg.match(/<title>external entity: /g)).toHaveLength(1);
    expect(svg.match(/marker-end="url\(#p7-arrow\)"/g)).toHaveLength(3);
    expect(svg.match(/marker-start="url\(#p7-arrow\)"/g)).toHaveLength(1);
    expect(svg).toContain('<title>3 open threats, worst high</title>');
    expect(svg).toContain('>3 H</text>');
    expect(svg).toContain('>1 C</text>');
    expect(svg).toContain('<title>trust boundary: Edge</title>');
  });

  it('spreads two flows between the same elements apart instead of drawing one over the other', () => {
    const paths = [...svg.matchAll(/<path d="(M[^"]+)" fill="none"/g)].map((m) => m[1]);
    const curves = paths.filter((d) => d!.includes('Q'));
    expect(curves).toHaveLength(2);
    expect(curves[0]).not.toBe(curves[1]);
  });

  it('is the same string every time (no IDs or dates of its own)', () => {
    expect(renderDiagramSvg(model, 'd1', { idPrefix: 'p7' })).toBe(
      renderDiagramSvg(model, 'd1', { idPrefix: 'p7' }),
    );
  });

  it('says so when a diagram is empty', () => {
    const empty = renderDiagramSvg(buildModel({}), 'd1');
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain('This diagram is empty.');
  });
});

describe('openThreatBadges', () => {
  it('counts what is still open: not accepted, not suppressed', () => {
    const hostile = modelFromTree(xssCorpusModel()).model;
    const register = assessThreats(hostile, loadRulePacks().compiled);
    const badges = openThreatBadges(register);
    const onBrowser = register.filter((threat) => threat.targets.some((t) => t.id === 'browser'));
    // One of the browser's threats is suppressed.
    expect(badges.get('browser')!.open).toBe(onBrowser.length - 1);
    // The only critical threat on the API is accepted, so the badge does not show it.
    expect(register.some((t) => t.severity === 'critical' && t.status === 'accepted')).toBe(true);
    expect(badges.get('api')!.worst).not.toBe('critical');
  });
});
