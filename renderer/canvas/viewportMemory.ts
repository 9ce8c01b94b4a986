/**
 * Viewport memory: the canvas remembers where it looked (x, y, zoom) per document and diagram
 * while the page lives, and keeps it in the IndexedDB settings (debounced), so a diagram opened
 * again — a reload then "Restore", or a switch of tabs — shows what it showed. Without a memory
 * the canvas opens fitted to the diagram; that viewport is computed up front (`fitViewport`)
 * because React Flow's `fitView` does not fire reliably with `onlyRenderVisibleElements` and
 * sizes given up front (TOOLCHAIN.md).
 *
 * The memory itself has no DOM and no database: it is handed how to load and save a document's
 * viewports, so it is tested on its own.
 */
import { getViewportForBounds } from '@xyflow/react';
import * as z from 'zod';
import { elementRect, zoneRect, type Rect } from '../../shared/model/geometry';
import type { Model } from '../../shared/model/schema';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** A document's viewports by diagram ID. */
export type DiagramViewports = Record<string, Viewport>;

const ViewportSchema = z
  .object({ x: z.number().finite(), y: z.number().finite(), zoom: z.number().finite().positive() })
  .strict();
/** What a setting must hold to be used; anything else is ignored (the fit view is used). */
export const DiagramViewportsSchema = z.record(z.string(), ViewportSchema);

/** The settings key of a document's viewports. */
export function viewportSettingKey(documentId: string): string {
  return `canvas.viewport.${documentId}`;
}

export interface FitOptions {
  padding: number;
  minZoom: number;
  maxZoom: number;
}

/** The diagram's drawn extent: its elements and zones; null when it has none. */
export function diagramBounds(document: Model, diagramId: string): Rect | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const include = (rect: Rect): void => {
    left = Math.min(left, rect.x);
    top = Math.min(top, rect.y);
    right = Math.max(right, rect.x + rect.width);
    bottom = Math.max(bottom, rect.y + rect.height);
  };
  for (const element of document.elements)
    if (element.diagramId === diagramId) include(elementRect(element));
  for (const boundary of document.boundaries)
    if (boundary.diagramId === diagramId && boundary.shape === 'zone') include(zoneRect(boundary));
  return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
}

/** The viewport that fits `bounds` into a canvas of `width` × `height`, as `fitView` would. */
export function fitViewport(
  bounds: Rect | null,
  width: number,
  height: number,
  options: FitOptions,
): Viewport {
  if (bounds === null || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  return getViewportForBounds(
    bounds,
    width,
    height,
    options.minZoom,
    options.maxZoom,
    options.padding,
  );
}

/** `viewport` with its zoom inside the canvas's limits (a remembered one may predate them). */
export function clampViewport(viewport: Viewport, options: FitOptions): Viewport {
  const zoom = Math.min(options.maxZoom, Math.max(options.minZoom, viewport.zoom));
  return zoom === viewport.zoom ? viewport : { ...viewport, zoom };
}

export interface ViewportStorage {
  load(documentId: string): Promise<DiagramViewports>;
  save(documentId: string, viewports: DiagramViewports): Promise<void>;
}

export interface ViewportMemoryOptions {
  /** Writes wait this long after the last change (ms). Default 500. */
  delayMs?: number;
  timers?: {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  onError?(error: unknown): void;
}

export interface ViewportMemory {
  /** Whether the document's stored viewports have been read in this page. */
  isLoaded(documentId: string): boolean;
  /** Reads the document's stored viewports (once per page); what this page remembered wins. */
  load(documentId: string): Promise<void>;
  get(documentId: string, diagramId: string): Viewport | undefined;
  /** Remembers a viewport now and stores it after a pause. */
  remember(documentId: string, diagramId: string, viewport: Viewport): void;
  /** Stores what is waiting now. */
  flush(): Promise<void>;
}

export function createViewportMemory(
  storage: ViewportStorage,
  options: ViewportMemoryOptions = {},
): ViewportMemory {
  const delayMs = options.delayMs ?? 500;
  const timers = options.timers ?? {
    setTimeout: (callback: () => void, ms: number) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as number),
  };
  const onError = options.onError ?? (() => undefined);
  const documents = new Map<string, Map<string, Viewport>>();
  const loads = new Map<string, Promise<void>>();
  const loaded = new Set<string>();
  const dirty = new Set<string>();
  let timer: unknown = null;
  let writing: Promise<void> = Promise.resolve();

  const viewportsOf = (documentId: string): Map<string, Viewport> => {
    let viewports = documents.get(documentId);
    if (!viewports) {
      viewports = new Map();
      documents.set(documentId, viewports);
    }
    return viewports;
  };

  const flush = (): Promise<void> => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    const pending = [...dirty].map(
      (documentId) => [documentId, Object.fromEntries(viewportsOf(documentId))] as const,
    );
    dirty.clear();
    // One write after another, so an older snapshot never lands after a newer one.
    writing = writing.then(async () => {
      for (const [documentId, viewports] of pending) {
        try {
          await storage.save(documentId, viewports);
        } catch (error) {
          onError(error);
        }
      }
    });
    return writing;
  };

  return {
    isLoaded: (documentId) => loaded.has(documentId),
    load(documentId) {
      let loading = loads.get(documentId);
      if (!loading) {
        loading = storage
          .load(documentId)
          .catch((error: unknown) => {
            onError(error);
            return {} as DiagramViewports;
          })
          .then((stored) => {
            const viewports = viewportsOf(documentId);
            for (const [diagramId, viewport] of Object.entries(stored))
              if (!viewports.has(diagramId)) viewports.set(diagramId, viewport);
            loaded.add(documentId);
          });
        loads.set(documentId, loading);
      }
      return loading;
    },
    get: (documentId, diagramId) => documents.get(documentId)?.get(diagramId),
    remember(documentId, diagramId, viewport) {
      const viewports = viewportsOf(documentId);
      const current = viewports.get(diagramId);
      if (
        current &&
        current.x === viewport.x &&
        current.y === viewport.y &&
        current.zoom === viewport.zoom
      )
        return;
      viewports.set(diagramId, { x: viewport.x, y: viewport.y, zoom: viewport.zoom });
      dirty.add(documentId);
      if (timer !== null) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => void flush(), delayMs);
    },
    flush,
  };
}
