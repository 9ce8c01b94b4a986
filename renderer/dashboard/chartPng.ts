/**
 * Turns a chart the dashboard drew (recharts renders SVG into the page) into a standalone SVG
 * document, so `svgToPng` can draw it into a PNG. Recharts sets its colours as attributes, but
 * the page's fonts and background come from CSS: both are written into the copy.
 */
import { FONT_FAMILY } from '../../shared/reports/svgParts';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** A standalone copy of `svg` (the chart's own size, a white background, the app's font). */
export function standaloneSvg(svg: SVGSVGElement): string {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG_NAMESPACE);
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  copy.setAttribute('font-family', FONT_FAMILY);
  copy.removeAttribute('style');
  const background = document.createElementNS(SVG_NAMESPACE, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}
