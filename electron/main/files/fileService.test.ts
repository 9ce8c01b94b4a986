import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IpcFailure } from '../../../shared/ipc/envelope';
import type { HandlerContext } from '../ipc/handlerTypes';
import { createFileService } from './fileService';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-service-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const MODEL = JSON.stringify({
  format: 'gatehouse-model',
  schemaVersion: 1,
  name: 'Shop',
  diagrams: [{ id: 'd1', name: 'Main' }],
});
const context = (windowId: number): HandlerContext => ({ windowId, send: () => {} });

it('shares one bookkeeping between the handlers, the menu and the window lifecycle', async () => {
  const path = join(folder, 'shop.gatehouse.json');
  writeFileSync(path, MODEL);
  let stored: string[] = [];
  const service = createFileService({
    dialogs: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
    },
    userDataPath: join(folder, 'userData'),
    recentStore: { load: () => stored, save: (paths) => (stored = paths) },
  });

  const id = service.grantFromOs(path) ?? '';
  const opened = await service.handlers['file:openRecent']({ id }, context(1));
  expect(service.listRecent()).toEqual([
    { id, name: 'shop.gatehouse.json', folderName: expect.any(String) },
  ]);
  expect(stored).toEqual([path]);

  const handle = opened.file?.handle ?? '';
  const save = { handle, suggestedName: 'shop', text: MODEL, overwrite: false };
  expect(await service.handlers['file:save'](save, context(1))).toEqual({
    saved: { name: 'shop.gatehouse.json', handle },
  });
  service.forgetWindow(1);
  await expect(service.handlers['file:save'](save, context(1))).rejects.toBeInstanceOf(IpcFailure);

  service.clearRecent();
  expect(service.listRecent()).toEqual([]);
  expect(stored).toEqual([]);
});
