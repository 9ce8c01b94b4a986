import { describe, expect, it } from 'vitest';
import { buildModel, entity, process, zone } from '../../shared/testing/modelBuilder';
import {
  clampViewport,
  createViewportMemory,
  diagramBounds,
  DiagramViewportsSchema,
  fitViewport,
  viewportSettingKey,
  type DiagramViewports,
} from './viewportMemory';

/** Timers run by hand: `tick()` fires what is due. */
function manualTimers() {
  let pending: { callback: () => void; handle: number } | null = null;
  let next = 0;
  return {
    timers: {
      setTimeout(callback: () => void) {
        pending = { callback, handle: ++next };
        return pending.handle;
      },
      clearTimeout(handle: unknown) {
        if (pending?.handle === handle) pending = null;
      },
    },
    get scheduled() {
      return pending !== null;
    },
    tick() {
      const due = pending;
      pending = null;
      due?.callback();
    },
  };
}

function memoryStorage(initial: Record<string, DiagramViewports> = {}) {
  const stored = new Map(Object.entries(initial));
  const saves: [string, DiagramViewports][] = [];
  return {
    stored,
    saves,
    storage: {
      load: async (documentId: string) => stored.get(documentId) ?? {},
      save: async (documentId: string, viewports: DiagramViewports) => {
        saves.push([documentId, viewports]);
        stored.set(documentId, viewports);
      },
    },
  };
}

describe('diagramBounds', () => {
  it('spans the elements and zones of the diagram only', () => {
    const model = buildModel({
      diagrams: [
        { id: 'd1', name: 'Main' },
        { id: 'd2', name: 'Other' },
      ],
      elements: [
        process('p', { position: { x: 100, y: 50 } }),
        entity('e', { position: { x: -40, y: 300 }, size: { width: 100, height: 40 } }),
        process('far', { diagramId: 'd2', position: { x: 5000, y: 5000 } }),
      ],
      boundaries: [
        zone('z', 'dmz', { position: { x: 0, y: 0 }, size: { width: 500, height: 200 } }),
      ],
    });
    // process 160 × 72 at (100, 50); entity to (60, 340); zone to (500, 200).
    expect(diagramBounds(model, 'd1')).toEqual({ x: -40, y: 0, width: 540, height: 340 });
    expect(diagramBounds(model, 'd2')).toEqual({ x: 5000, y: 5000, width: 160, height: 72 });
  });

  it('is null for an empty diagram', () => {
    expect(diagramBounds(buildModel({}), 'd1')).toBeNull();
  });
});

describe('fitViewport', () => {
  const options = { padding: 0.15, minZoom: 0.05, maxZoom: 1.2 };

  it('centres the bounds, zoomed to fit with padding', () => {
    const viewport = fitViewport({ x: 0, y: 0, width: 2000, height: 1000 }, 1000, 800, options);
    // React Flow's padding: 15 % of the size, as px on either side (⌊(1000 − 1000 / 1.15) / 2⌋).
    expect(viewport.zoom).toBeCloseTo((1000 - 2 * 65) / 2000, 6);
    const screenCentreX = 1000 * viewport.zoom + viewport.x;
    const screenCentreY = 500 * viewport.zoom + viewport.y;
    expect(screenCentreX).toBeCloseTo(500, 6);
    expect(screenCentreY).toBeCloseTo(400, 6);
  });

  it('never zooms past the limits', () => {
    expect(fitViewport({ x: 0, y: 0, width: 10, height: 10 }, 1000, 800, options).zoom).toBe(1.2);
    expect(
      fitViewport({ x: 0, y: 0, width: 1e7, height: 1e7 }, 1000, 800, options).zoom,
    ).toBeCloseTo(0.05, 6);
  });

  it('is the identity for an empty diagram or an unlaid canvas', () => {
    expect(fitViewport(null, 1000, 800, options)).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(fitViewport({ x: 0, y: 0, width: 10, height: 10 }, 0, 0, options)).toEqual({
      x: 0,
      y: 0,
      zoom: 1,
    });
  });
});

describe('clampViewport', () => {
  it('keeps the zoom within the limits and the same object when it is', () => {
    const limits = { padding: 0, minZoom: 0.05, maxZoom: 4 };
    const inside = { x: 1, y: 2, zoom: 0.5 };
    expect(clampViewport(inside, limits)).toBe(inside);
    expect(clampViewport({ x: 1, y: 2, zoom: 9 }, limits)).toEqual({ x: 1, y: 2, zoom: 4 });
    expect(clampViewport({ x: 1, y: 2, zoom: 0.001 }, limits)).toEqual({ x: 1, y: 2, zoom: 0.05 });
  });
});

describe('DiagramViewportsSchema', () => {
  it('accepts viewports by diagram and refuses anything else', () => {
    expect(DiagramViewportsSchema.safeParse({ d1: { x: 1, y: -2, zoom: 0.4 } }).success).toBe(true);
    for (const bad of [
      { d1: { x: 1, y: 2 } },
      { d1: { x: 1, y: 2, zoom: 0 } },
      { d1: { x: Infinity, y: 2, zoom: 1 } },
      { d1: { x: 1, y: 2, zoom: 1, extra: true } },
      [],
      'd1',
    ])
      expect(DiagramViewportsSchema.safeParse(bad).success).toBe(false);
  });

  it('keys a setting per document', () => {
    expect(viewportSettingKey('doc-1')).not.toBe(viewportSettingKey('doc-2'));
  });
});

describe('createViewportMemory', () => {
  it('remembers at once and stores once, after a pause', async () => {
    const clock = manualTimers();
    const { storage, saves } = memoryStorage();
    const memory = createViewportMemory(storage, { timers: clock.timers });
    memory.remember('doc', 'd1', { x: 1, y: 1, zoom: 1 });
    memory.remember('doc', 'd1', { x: 2, y: 3, zoom: 0.5 });
    memory.remember('doc', 'd2', { x: 9, y: 9, zoom: 2 });
    expect(memory.get('doc', 'd1')).toEqual({ x: 2, y: 3, zoom: 0.5 });
    expect(saves).toEqual([]);
    clock.tick();
    await memory.flush();
    expect(saves).toEqual([
      [
        'doc',
        {
          d1: { x: 2, y: 3, zoom: 0.5 },
          d2: { x: 9, y: 9, zoom: 2 },
        },
      ],
    ]);
  });

  it('does not store a viewport it already has', async () => {
    const clock = manualTimers();
    const { storage, saves } = memoryStorage();
    const memory = createViewportMemory(storage, { timers: clock.timers });
    memory.remember('doc', 'd1', { x: 2, y: 3, zoom: 0.5 });
    clock.tick();
    await memory.flush();
    memory.remember('doc', 'd1', { x: 2, y: 3, zoom: 0.5 });
    expect(clock.scheduled).toBe(false);
    expect(saves).toHaveLength(1);
  });

  it('reads what was stored, once, and what this page remembered wins', async () => {
    const { storage } = memoryStorage({
      doc: { d1: { x: 5, y: 5, zoom: 0.2 }, d2: { x: 7, y: 7, zoom: 0.3 } },
    });
    let loads = 0;
    const counting = { ...storage, load: (id: string) => (loads++, storage.load(id)) };
    const memory = createViewportMemory(counting, { timers: manualTimers().timers });
    memory.remember('doc', 'd2', { x: 1, y: 1, zoom: 1 });
    expect(memory.isLoaded('doc')).toBe(false);
    await Promise.all([memory.load('doc'), memory.load('doc')]);
    await memory.load('doc');
    expect(loads).toBe(1);
    expect(memory.isLoaded('doc')).toBe(true);
    expect(memory.get('doc', 'd1')).toEqual({ x: 5, y: 5, zoom: 0.2 });
    expect(memory.get('doc', 'd2')).toEqual({ x: 1, y: 1, zoom: 1 });
    expect(memory.get('other', 'd1')).toBeUndefined();
  });

  it('survives a storage that fails, and says so', async () => {
    const errors: unknown[] = [];
    const memory = createViewportMemory(
      {
        load: () => Promise.reject(new Error('blocked')),
        save: () => Promise.reject(new Error('quota')),
      },
      { timers: manualTimers().timers, onError: (error) => errors.push(error) },
    );
    await memory.load('doc');
    expect(memory.isLoaded('doc')).toBe(true);
    memory.remember('doc', 'd1', { x: 1, y: 1, zoom: 1 });
    await memory.flush();
    expect(memory.get('doc', 'd1')).toEqual({ x: 1, y: 1, zoom: 1 });
    expect(errors.map((e) => (e as Error).message)).toEqual(['blocked', 'quota']);
  });

  it('writes one snapshot after another, the newest last', async () => {
    const clock = manualTimers();
    const order: number[] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const memory = createViewportMemory(
      {
        load: async () => ({}),
        save: async (_id, viewports) => {
          const zoom = viewports['d1']!.zoom;
          if (zoom === 1) await first;
          order.push(zoom);
        },
      },
      { timers: clock.timers },
    );
    memory.remember('doc', 'd1', { x: 0, y: 0, zoom: 1 });
    const written = memory.flush();
    memory.remember('doc', 'd1', { x: 0, y: 0, zoom: 2 });
    const rewritten = memory.flush();
    release();
    await Promise.all([written, rewritten]);
    expect(order).toEqual([1, 2]);
  });
});
