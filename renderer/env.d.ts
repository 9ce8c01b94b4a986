// Vite's asset and CSS imports, without Node's types (the renderer has none).
/// <reference types="vite/client" />
