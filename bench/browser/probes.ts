/**
 * What the editor benchmark runs inside the page, as source text: tsx compiles the bench with
 * esbuild's `keepNames`, whose `__name` helper does not exist in the page, so these are strings
 * rather than functions handed to `page.evaluate`. The method is TOOLCHAIN.md's ("React Flow
 * performance").
 */

/**
 * Installed before the page's scripts on every navigation. The first render starts when a file
 * is chosen (the file input's `change`), when a "Restore …" button is clicked, or — with
 * `?bench-from-navigation` in the URL — at navigation start. From then on the DOM is polled once
 * per frame, counting nodes, edges and edge labels (the app's or React Flow's own). It is complete
 * when the counts reach what is expected (`window.__benchExpect`, or `?bench-expect=n,e,l`: the
 * whole graph in view) or, when nothing is expected (zoomed: only what is visible is rendered),
 * when they have not changed for `STABLE_FRAMES` frames. The time is stamped at the frame after
 * the first frame whose counts were final — that frame has been painted by then.
 */
export const FIRST_RENDER_PROBE = `(() => {
  const STABLE_FRAMES = 60;
  const bench = (window.__bench = { start: null, result: null });
  const nodes = document.getElementsByClassName('react-flow__node');
  const edges = document.getElementsByClassName('react-flow__edge');
  const appLabels = document.getElementsByClassName('gh-flow-label');
  const flowLabels = document.getElementsByClassName('react-flow__edge-text');
  const labels = { get length() { return appLabels.length + flowLabels.length; } };
  const begin = (start) => {
    if (bench.start !== null) return;
    bench.start = start;
    const frames = [];
    let stable = 0;
    const finish = (expected) => {
      const last = frames[frames.length - 1];
      let first = frames.length - 1;
      while (first > 0 && frames[first - 1].n === last.n && frames[first - 1].e === last.e && frames[first - 1].l === last.l) first--;
      const painted = frames[Math.min(first + 1, frames.length - 1)];
      bench.result = { ms: painted.t - bench.start, nodes: last.n, edges: last.e, labels: last.l, expected, frames: frames.length };
    };
    const tick = () => {
      const frame = { t: performance.now(), n: nodes.length, e: edges.length, l: labels.length };
      const previous = frames[frames.length - 1];
      frames.push(frame);
      const expect = window.__benchExpect;
      if (expect && frame.n >= expect.nodes && frame.e >= expect.edges && frame.l >= expect.labels) {
        // One more frame, so the complete frame is painted before the stamp.
        requestAnimationFrame(() => {
          frames.push({ ...frame, t: performance.now() });
          finish(true);
        });
        return;
      }
      stable = previous && previous.n === frame.n && previous.e === frame.e && previous.l === frame.l ? stable + 1 : 0;
      if (frame.n > 0 && stable >= STABLE_FRAMES) return finish(false);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  window.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'file') begin(performance.now());
  }, true);
  window.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && (button.getAttribute('aria-label') || '').startsWith('Restore ')) begin(performance.now());
  }, true);
  const params = new URLSearchParams(location.search);
  if (params.has('bench-expect')) {
    const [nodes, edges, labels] = params.get('bench-expect').split(',').map(Number);
    window.__benchExpect = { nodes, edges, labels };
  }
  // performance.now() counts from the navigation's start.
  if (params.has('bench-from-navigation')) begin(0);
})();`;

/** The element node nearest the canvas centre: its ID and the screen point to grab it by. */
export const PICK_NODE = `(() => {
  const pane = document.querySelector('.react-flow').getBoundingClientRect();
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  let best = null;
  for (const node of document.querySelectorAll('.react-flow__node:not(.react-flow__node-zone)')) {
    const box = node.getBoundingClientRect();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    const distance = Math.hypot(x - cx, y - cy);
    if (!best || distance < best.distance) best = { id: node.getAttribute('data-id'), x, y, distance, width: box.width };
  }
  return best;
})()`;

/** How many element nodes are rendered now (after two frames, so the last change is drawn). */
export const COUNT_NODES = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() =>
  resolve(document.querySelectorAll('.react-flow__node:not(.react-flow__node-zone)').length))))`;

/** The viewport transform React Flow applies, as written and as numbers. */
export const VIEWPORT_TRANSFORM = `document.querySelector('.react-flow__viewport').style.transform`;
export const VIEWPORT_NUMBERS = `(() => {
  const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform);
  return { x: m.e, y: m.f, zoom: m.a };
})()`;

/**
 * Drags the node the real `mouse.down` grabbed: one synthetic `mousemove` per frame, side to
 * side, for `ms`; counts the frames in which the node's `transform` changed.
 */
export function dragScript(args: {
  id: string;
  x: number;
  y: number;
  ms: number;
  step: number;
  span: number;
}): string {
  return `(async ({ id, x, y, ms, step, span }) => {
    const node = document.querySelector('.react-flow__node[data-id="' + CSS.escape(id) + '"]');
    let last = node.style.transform;
    let changed = 0;
    let frames = 0;
    let offset = 0;
    let direction = 1;
    const start = performance.now();
    await new Promise((resolve) => {
      const tick = () => {
        frames++;
        if (node.style.transform !== last) {
          changed++;
          last = node.style.transform;
        }
        if (performance.now() - start >= ms) return resolve();
        if (Math.abs(offset + direction * step) > span) direction = -direction;
        offset += direction * step;
        document.dispatchEvent(new MouseEvent('mousemove', {
          bubbles: true, cancelable: true, view: window, buttons: 1,
          clientX: x + offset, clientY: y + offset / 4,
        }));
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    return { changed, frames, elapsed: performance.now() - start, connected: node.isConnected };
  })(${JSON.stringify(args)})`;
}

/**
 * How far (in diagram px) the ends of the rendered flows are from the nearest drawn handle's
 * attachment point (with the nodes selected, so that their handles are drawn): handles are
 * declared up front (renderer/canvas/diagramView.ts) and must match where app.css draws them.
 */
export const HANDLE_CHECK = `(() => {
  const zoom = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a;
  const points = [];
  for (const handle of document.querySelectorAll('.react-flow__node .react-flow__handle')) {
    const r = handle.getBoundingClientRect();
    const side = handle.getAttribute('data-handlepos');
    points.push(side === 'top' ? [r.x + r.width / 2, r.y] : side === 'bottom' ? [r.x + r.width / 2, r.bottom]
      : side === 'left' ? [r.x, r.y + r.height / 2] : [r.right, r.y + r.height / 2]);
  }
  const paths = [...document.querySelectorAll('.react-flow__edge-path')];
  const pane = document.querySelector('.react-flow').getBoundingClientRect();
  let worst = 0;
  for (let index = 0; index < paths.length; index += 1) {
    const path = paths[index];
    const numbers = (path.getAttribute('d') || '').match(/-?[0-9.]+(e-?[0-9]+)?/g).map(Number);
    const matrix = path.getScreenCTM();
    for (const [x, y] of [[numbers[0], numbers[1]], [numbers[numbers.length - 2], numbers[numbers.length - 1]]]) {
      const p = new DOMPoint(x, y).matrixTransform(matrix);
      // Only ends on screen: a node off screen is not rendered, nor its handles.
      if (p.x < pane.left || p.x > pane.right || p.y < pane.top || p.y > pane.bottom) continue;
      let nearest = Infinity;
      for (const [hx, hy] of points) nearest = Math.min(nearest, Math.hypot(hx - p.x, hy - p.y));
      worst = Math.max(worst, nearest / zoom);
    }
  }
  return worst;
})()`;
