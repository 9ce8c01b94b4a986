/* global document, fetch, location, requestAnimationFrame, URLSearchParams, window */
/**
 * The bare React Flow page the editor targets were set against (PRODUCT.md, TOOLCHAIN.md "React
 * Flow performance"), rebuilt so `npm run bench` can measure it beside the app under the same
 * load: the benchmark's graph with built-in nodes and edges (the flow's name as the edge label),
 * sizes and handles given up front, `onlyRenderVisibleElements`, node changes applied once per
 * frame, and the viewport given as `defaultViewport` (the fit, or `?viewport=x,y,zoom`).
 * Plain JavaScript without JSX, so it builds without the React plugin.
 */
import { applyNodeChanges, getViewportForBounds, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createElement, useCallback, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

const graph = await (await fetch('./graph.json')).json();

function openingViewport() {
  const given = new URLSearchParams(location.search).get('viewport');
  if (given) {
    const [x, y, zoom] = given.split(',').map(Number);
    return { x, y, zoom };
  }
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of graph.nodes) {
    left = Math.min(left, node.position.x);
    top = Math.min(top, node.position.y);
    right = Math.max(right, node.position.x + node.width);
    bottom = Math.max(bottom, node.position.y + node.height);
  }
  const bounds = { x: left, y: top, width: right - left, height: bottom - top };
  return getViewportForBounds(bounds, window.innerWidth, window.innerHeight, 0.05, 1.2, 0.15);
}

const defaultViewport = openingViewport();

function Flow() {
  const [nodes, setNodes] = useState(graph.nodes);
  const pending = useRef([]);
  const frame = useRef(null);
  const onNodesChange = useCallback((changes) => {
    pending.current.push(...changes);
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const batch = pending.current;
      pending.current = [];
      setNodes((current) => applyNodeChanges(batch, current));
    });
  }, []);
  return createElement(ReactFlow, {
    nodes,
    edges: graph.edges,
    onNodesChange,
    onlyRenderVisibleElements: true,
    defaultViewport,
    minZoom: 0.05,
    maxZoom: 4,
  });
}

createRoot(document.getElementById('root')).render(createElement(Flow));
