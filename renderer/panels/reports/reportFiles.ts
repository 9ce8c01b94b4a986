/**
 * What the Report panel downloads, built from the same shared functions as `gatehouse report`:
 * the HTML and Markdown reports, the active diagram as SVG, and that SVG drawn into a PNG.
 */
import { exportOtmText } from '../../../shared/export/otmExport';
import type { Model } from '../../../shared/model/schema';
import { openThreatBadges, renderDiagramSvg } from '../../../shared/reports/diagramSvg';
import { renderHtmlReport } from '../../../shared/reports/htmlReport';
import { renderMarkdownReport } from '../../../shared/reports/markdownReport';
import { buildReportModel } from '../../../shared/reports/reportModel';
import { assessThreats } from '../../../shared/threats/register';
import type { LoadedPacks } from '../../../shared/rules/loadPacks';
import { builtinPacks } from '../../analysis/liveAnalysis';

/** Today as `YYYY-MM-DD` (UTC), the date a report carries. */
export function isoToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The HTML report of `model` with the built-in rule packs — what the desktop shell prints to PDF
 * (`webContents.printToPDF` on a window that loads this text) and what "HTML report" downloads.
 */
export function reportHtmlFor(
  model: Model,
  today: string = isoToday(),
  packs: LoadedPacks = builtinPacks(),
): string {
  return renderHtmlReport(buildReportModel(model, packs, today));
}

/** The Markdown report of `model` (by default with the built-in rule packs). */
export function reportMarkdownFor(
  model: Model,
  today: string = isoToday(),
  packs: LoadedPacks = builtinPacks(),
): string {
  return renderMarkdownReport(buildReportModel(model, packs, today));
}

/** `model` as Open Threat Model 0.2.0 JSON, the same file as `gatehouse export otm`. */
export function otmFor(model: Model, packs: LoadedPacks = builtinPacks()): string {
  return exportOtmText(model, packs.compiled);
}

/** One diagram of `model` as a standalone SVG document, with the canvas's threat badges. */
export function diagramSvgFor(
  model: Model,
  diagramId: string,
  packs: LoadedPacks = builtinPacks(),
): string {
  const badges = openThreatBadges(assessThreats(model, packs.compiled));
  return renderDiagramSvg(model, diagramId, { badges });
}

/**
 * A file name from a model or diagram name: lower-case words joined by hyphens, never empty (the
 * browser or dialog would otherwise propose a name with a path or markup in it).
 */
export function fileBaseName(name: string, fallback = 'model'): string {
  const base = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return base || fallback;
}

/** Browsers refuse canvases much larger than this on a side (and memory runs out before). */
const MAX_CANVAS_SIDE = 8192;

/**
 * Draws an SVG document into a PNG at `scale` (2 = sharp on high-density screens), shrunk if it
 * would exceed what a canvas holds. Goes through an `<img>` loading a `blob:` URL, which the
 * app's Content-Security-Policy allows (`img-src blob:`); an SVG image has no script and loads
 * nothing, so the canvas stays exportable.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const factor = Math.min(
      scale,
      MAX_CANVAS_SIDE / Math.max(1, image.naturalWidth),
      MAX_CANVAS_SIDE / Math.max(1, image.naturalHeight),
    );
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.naturalWidth * factor));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * factor));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw into a canvas.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Opens `html` in a new window and asks the browser to print it ("Save as PDF" is one of the
 * printers). A `blob:` window of the app's own origin: no frame is needed (the app's policy
 * allows none), the report's own policy keeps it inert, and the opener can call `print` on it.
 * Returns false when the browser blocked the window.
 */
export function printHtmlInNewWindow(html: string): boolean {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const opened = window.open(url, '_blank');
  if (!opened) {
    URL.revokeObjectURL(url);
    return false;
  }
  opened.addEventListener(
    'load',
    () => {
      URL.revokeObjectURL(url);
      opened.focus();
      opened.print();
    },
    { once: true },
  );
  return true;
}
