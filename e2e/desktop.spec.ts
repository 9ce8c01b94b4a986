/**
 * The renderer's desktop paths (menus, native open and save, the changed-on-disk question, the
 * close prompt's save, the title bar, a dropped file) in Chromium, against a scripted bridge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test';
import { installScriptedShell, sendMenuCommand, shellCalls } from './fixtures/scriptedShell';
import { WorkspacePage } from './pages/workspacePage';

const webshop = readFileSync(
  join(import.meta.dirname, '..', 'examples', 'webshop.gatehouse.json'),
  'utf8',
);

test('desktop: open from the menu, save over a file that changed on disk, save and close', async ({
  page,
  consoleProblems,
  shot,
}) => {
  void consoleProblems;
  await installScriptedShell(page, { modelText: webshop, changedOnDisk: true });
  const workspace = new WorkspacePage(page);
  await page.goto('/');
  // The renderer tells main it listens to menu commands, so held-back ones can be sent.
  await expect.poll(async () => (await shellCalls(page, 'window:ready')).length).toBe(1);
  // In the shell the save button says Save, not Download.
  await sendMenuCommand(page, 'open');
  await expect(workspace.canvas).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeVisible();
  await expect
    .poll(async () => (await shellCalls(page, 'app:setDocumentState')).at(-1)?.request)
    .toEqual({ title: 'shop.gatehouse.json', dirty: false });

  // An edit marks the window as having unsaved changes.
  const before = await workspace.nodes.count();
  await workspace.add('Process');
  await expect(workspace.nodes).toHaveCount(before + 1);
  await expect
    .poll(async () => (await shellCalls(page, 'app:setDocumentState')).at(-1)?.request)
    .toEqual({ title: 'shop.gatehouse.json', dirty: true });

  // Undo from the Edit menu goes to the editor's history.
  await sendMenuCommand(page, 'undo');
  await expect(workspace.nodes).toHaveCount(before);
  await workspace.add('Process');

  // Save: main says the file changed on disk; the person confirms and it is written over.
  await sendMenuCommand(page, 'save');
  const question = page.getByRole('dialog', { name: 'The file changed on disk' });
  await expect(question).toBeVisible();
  await shot('desktop-changed-on-disk');
  await question.getByRole('button', { name: 'Overwrite' }).click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  const saves = await shellCalls(page, 'file:save');
  expect(saves.map((call) => [call.request.handle, call.request.overwrite])).toEqual([
    ['h_scriptedHandle0001', false],
    ['h_scriptedHandle0001', true],
  ]);
  expect(JSON.parse(saves[1]!.request.text as string).name).toBe(JSON.parse(webshop).name);
  await expect
    .poll(async () => (await shellCalls(page, 'app:setDocumentState')).at(-1)?.request)
    .toEqual({ title: 'shop.gatehouse.json', dirty: false });

  // Closing with unsaved changes, the person chose "Save": the renderer saves, then closes.
  await workspace.add('Data store');
  await sendMenuCommand(page, 'saveAndClose');
  await page
    .getByRole('dialog', { name: 'The file changed on disk' })
    .getByRole('button', { name: 'Overwrite' })
    .click();
  await expect.poll(async () => (await shellCalls(page, 'window:close')).length).toBe(1);
});

test('desktop: declining to overwrite keeps the window open and the changes unsaved', async ({
  page,
  consoleProblems,
}) => {
  void consoleProblems;
  await installScriptedShell(page, { modelText: webshop, changedOnDisk: true });
  await page.goto('/');
  await sendMenuCommand(page, 'open');
  const workspace = new WorkspacePage(page);
  await expect(workspace.canvas).toBeVisible();
  await workspace.add('Process');
  await sendMenuCommand(page, 'saveAndClose');
  await page
    .getByRole('dialog', { name: 'The file changed on disk' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await shellCalls(page, 'window:close')).toEqual([]);
  expect((await shellCalls(page, 'app:setDocumentState')).at(-1)?.request.dirty).toBe(true);
});

test('desktop: a handle from an earlier session saves through the Save As dialog instead', async ({
  page,
  consoleProblems,
}) => {
  void consoleProblems;
  await installScriptedShell(page, {
    modelText: webshop,
    changedOnDisk: false,
    staleHandles: true,
  });
  await page.goto('/');
  await sendMenuCommand(page, 'open');
  const workspace = new WorkspacePage(page);
  await expect(workspace.canvas).toBeVisible();
  await workspace.add('Process');
  await sendMenuCommand(page, 'save');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  const saves = await shellCalls(page, 'file:save');
  expect(saves.map((call) => call.request.handle)).toEqual(['h_scriptedHandle0001', null]);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('desktop: the report is printed to PDF by main and saved through the export dialog', async ({
  page,
  consoleProblems,
}) => {
  void consoleProblems;
  await installScriptedShell(page, { modelText: webshop, changedOnDisk: false });
  await page.goto('/');
  await sendMenuCommand(page, 'open');
  await expect(new WorkspacePage(page).canvas).toBeVisible();
  await page.getByRole('tab', { name: 'Report' }).click();
  const panel = page.getByRole('region', { name: 'Report' });
  // The browser's print window does not exist on the desktop; main prints instead.
  await expect(panel.getByRole('button', { name: 'Print / Save as PDF…' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'Save as PDF…' }).click();
  await expect.poll(async () => (await shellCalls(page, 'file:export')).length).toBe(1);
  const [render] = await shellCalls(page, 'report:renderPdf');
  expect(render!.request.html as string).toMatch(/^<!doctype html>/);
  const [exported] = await shellCalls(page, 'file:export');
  expect(exported!.request.suggestedName).toBe('web-shop-report.pdf');
  expect(exported!.request.mimeType).toBe('application/pdf');
  const bytes = Object.values(exported!.request.content as Record<string, number>);
  expect(String.fromCharCode(...bytes.slice(0, 5))).toBe('%PDF-');
});

test('a model file dropped on the window opens as untitled', async ({ page, consoleProblems }) => {
  void consoleProblems;
  await page.goto('/');
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.gatehouse.json', { type: 'application/json' }));
    return transfer;
  }, webshop);
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const workspace = new WorkspacePage(page);
  await expect(workspace.canvas).toBeVisible();
  await expect(workspace.nodes.first()).toBeVisible();
  // Untitled: the browser's save is a download under a name made from the model, and the
  // toolbar says it is not in a file yet.
  await expect(page.getByText('Not saved to a file')).toBeVisible();
});
