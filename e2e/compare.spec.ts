/**
 * The compare view (issue 6): open the example, compare it with an earlier version, and see the
 * changes listed by kind and marked on the canvas — added, changed and moved items by class;
 * removed ones in the list only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test';
import { WorkspacePage } from './pages/workspacePage';

const webshopText = readFileSync(
  join(import.meta.dirname, '..', 'examples', 'webshop.gatehouse.json'),
  'utf8',
);

interface Tree {
  elements: { id: string; name: string; position: { x: number; y: number } }[];
  flows: { id: string; sourceId: string; targetId: string }[];
  features: { memberIds: string[] }[];
}

/**
 * The example as it was before: no Admin (nor its flow), the gateway under an older name, a
 * legacy flow since removed, and the catalogue database drawn a little further left.
 */
function earlierVersion(): string {
  const model = JSON.parse(webshopText) as Tree;
  model.elements = model.elements.filter((element) => element.id !== 'admin');
  model.flows = model.flows.filter((flow) => flow.id !== 'f-admin-sessions');
  model.elements.find((element) => element.id === 'api-gateway')!.name = 'Edge proxy';
  model.elements.find((element) => element.id === 'catalogue-db')!.position.x -= 20;
  model.flows.push({
    ...model.flows.find((flow) => flow.id === 'f-order-records')!,
    id: 'f-legacy-export',
    targetId: 'payment-provider',
    name: 'Legacy order export',
  } as Tree['flows'][number]);
  return JSON.stringify(model);
}

async function chooseFile(page: Page, button: string, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button, exact: true }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('compare with an earlier version: changes listed by kind and marked on the canvas', async ({
  page,
  consoleProblems,
  shot,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await page.goto('/');
  await chooseFile(page, 'Open a file…', 'webshop.gatehouse.json', webshopText);
  await expect(page.getByTestId('element-api-gateway')).toBeVisible();

  await chooseFile(page, 'Compare…', 'webshop-v1.gatehouse.json', earlierVersion());
  const panel = page.getByRole('complementary', {
    name: 'Changes since webshop-v1.gatehouse.json',
  });
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('compare-headline')).toContainText(
    '4 changes, 1 layout-only change.',
  );

  // The canvas: added, changed and moved items carry their class; others none.
  await expect(page.getByTestId('element-admin')).toHaveClass(/gh-change--added/);
  await expect(page.getByTestId('element-api-gateway')).toHaveClass(/gh-change--changed/);
  await expect(page.getByTestId('element-catalogue-db')).toHaveClass(/gh-change--moved/);
  await expect(page.getByTestId('element-orders-service')).not.toHaveClass(/gh-change/);
  await expect(page.locator('path[id="f-admin-sessions"]')).toHaveClass(/gh-change--added/);
  await expect(page.locator('path[id="f-order-records"]')).not.toHaveClass(/gh-change/);

  // The list, by kind; the removed flow is listed, not drawn.
  const elements = panel.getByRole('region', { name: 'Elements' });
  // One row per item (its field changes are a nested list).
  const rows = (region: typeof elements) => region.locator(':scope > ul > li');
  await expect(rows(elements)).toHaveText([
    /^added Admin · external entity/,
    /^changed API gateway · process\s*name: "Edge proxy" → "API gateway"/,
    /^moved Catalogue database · data store/,
  ]);
  const flows = panel.getByRole('region', { name: 'Flows' });
  await expect(rows(flows)).toHaveText([
    /^added Admin console sessions · Admin → Admin console/,
    /^removed Legacy order export · Orders service ↔ Payment provider/,
  ]);
  await expect(page.locator('path[id="f-legacy-export"]')).toHaveCount(0);
  await expect(panel.getByRole('region', { name: 'Threats' })).toContainText('added');

  // An item of the list is shown on the canvas with the editor's highlight.
  await elements.getByRole('button', { name: 'API gateway' }).click();
  await expect(page.getByTestId('element-api-gateway')).toHaveClass(/gh-element--highlighted/);

  await shot('compare');
  await expectAccessible('the compare view');

  // Editing the document updates the comparison (after the live analysis catches up).
  await workspace.select('External entity Admin');
  await workspace.rename('Administrator');
  await expect(rows(elements).first()).toContainText('added Administrator');

  await panel.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(panel).toBeHidden();
  await expect(page.locator('.gh-change')).toHaveCount(0);
  expect(consoleProblems).toEqual([]);
});
