import * as z from 'zod';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { GatehouseDatabase } from './persistence/database';
import { createBrowserPlatform } from './platform/browserPlatform';
import { createDesktopApi, findDesktopBridge } from './platform/desktopApi';
import { createDesktopPlatform } from './platform/desktopPlatform';

// zod compiles fast paths with `new Function`, which the Content-Security-Policy forbids.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The desktop shell's preload puts its bridge on `window`; a plain browser has none.
const bridge = findDesktopBridge(window);
const services = {
  platform: bridge ? createDesktopPlatform(createDesktopApi(bridge)) : createBrowserPlatform(),
  db: new GatehouseDatabase(),
};
createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
