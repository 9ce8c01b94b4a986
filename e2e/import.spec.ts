/**
 * Importing a model from another tool in the browser: the start screen's import picker, a real
 * Threat Dragon file and a real Microsoft Threat Modeling Tool file, and a file that is neither.
 */
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test';
import { WorkspacePage } from './pages/workspacePage';

const samples = join(import.meta.dirname, '..', 'vendor', 'samples');

async function importThroughStartScreen(page: Page, file: string) {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import from another tool…' }).click();
  await (await chooser).setFiles(file);
}

test('import a Threat Dragon v2 model and a .tm7 model from the start screen', async ({
  page,
  consoleProblems,
  shot,
}) => {
  void consoleProblems;
  const workspace = new WorkspacePage(page);
  await importThroughStartScreen(page, join(samples, 'threat-dragon', 'v2-threat-model.json'));
  await expect(workspace.canvas).toBeVisible();
  await expect(page.getByText('Imported v2-threat-model.json')).toBeVisible();
  // The demo's seven elements and its trust boundary boxes are on the canvas, untitled.
  await expect(
    page.locator('.react-flow__node:not(.react-flow__node-zone):not(.react-flow__node-line)'),
  ).toHaveCount(7);
  await expect(page.getByText('Not saved to a file')).toBeVisible();
  // Its three boundary curves are drawn as line boundaries, and a click on one inspects it.
  const lines = page.locator('[data-testid^="line-"]');
  await expect(lines).toHaveCount(3);
  await lines.first().locator('.gh-line-hit').click({ force: true });
  await expect(
    page.getByRole('region', { name: 'Inspector' }).getByText('Trust boundary', { exact: true }),
  ).toBeVisible();
  await shot('import-threat-dragon');

  await importThroughStartScreen(page, join(samples, 'tm7', 'startleft_MTMT_nested_tz.tm7'));
  await expect(page.getByText('Imported startleft_MTMT_nested_tz.tm7')).toBeVisible();
  await expect(page.locator('.react-flow__node-zone')).toHaveCount(2);
});

test('a file no importer reads is refused with the formats Gatehouse reads', async ({
  page,
  consoleProblems,
}) => {
  void consoleProblems;
  await importThroughStartScreen(page, join(import.meta.dirname, '..', 'package.json'));
  const dialog = page.getByRole('dialog', { name: 'Could not open package.json' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toContainText('not a format Gatehouse can import');
  await expect(dialog.getByRole('alert')).toContainText('Threat Dragon');
});
