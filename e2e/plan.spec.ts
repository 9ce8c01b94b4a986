/**
 * From a diagram to a passing plan gate, in the app: a feature from the canvas, its stories
 * accepted, the manifest written, the gate panel failing, going stale, and passing.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures/test';
import { WorkspacePage } from './pages/workspacePage';

test('create a feature, accept its stories, and take the plan gate from failing to passing', async ({
  page,
  consoleProblems,
  shot,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await workspace.openBlankModel();
  await workspace.add('External entity');
  await workspace.rename('Shopper');
  await workspace.inspector
    .getByRole('radiogroup', { name: 'Trusted' })
    .getByText('No', { exact: true })
    .click();
  await workspace.add('Process');
  await workspace.rename('Checkout API');
  await workspace.inspector
    .getByRole('radiogroup', { name: 'Internet-facing' })
    .getByText('Yes')
    .click();
  await workspace.connectWithDialog('Shopper (External entity)', 'Checkout API (Process)');

  // A feature from the whole diagram.
  await page.locator('.gh-canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+a');
  await page.getByRole('tab', { name: 'Features' }).click();
  const features = page.getByRole('region', { name: 'Features' });
  await features.getByRole('button', { name: 'New feature from selection' }).click();
  await features.getByRole('textbox', { name: 'Feature name' }).fill('Checkout');
  await expect(features.getByRole('group', { name: 'Feature Checkout' })).toContainText(
    '3 elements',
  );
  await expect(features.getByRole('group', { name: 'Feature Checkout' })).toContainText(
    /high|critical/i,
  );

  // The plan gate, written before any story is accepted, fails.
  await page.getByRole('tab', { name: 'Gate' }).click();
  const gate = page.getByRole('region', { name: 'Gate' });
  const download = page.waitForEvent('download');
  await gate.getByRole('button', { name: 'Write plan gate…' }).click();
  const manifest = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as {
    format: string;
    features: { name: string; risk: string }[];
  };
  expect(manifest.format).toBe('gatehouse-plan-gate');
  expect(manifest.features.map((f) => f.name)).toContain('Checkout');
  await expect(gate.getByTestId('gate-verdict')).toHaveText('Gate fails');
  await expect(gate.getByTestId('gate-finding').first()).toContainText('Feature "Checkout"');
  await shot('plan-gate-fails');

  // Accept every story of the feature (the bulk accept lists them and asks once more), then
  // give each high requirement a tracker key, as the default policy asks.
  await page.getByRole('tab', { name: 'Stories' }).click();
  const stories = page.getByRole('region', { name: 'Stories' });
  await stories.getByRole('button', { name: 'Stories of Checkout' }).click();
  const acceptAll = stories.getByRole('button', { name: /Accept all \d+ open stories/ });
  // The feature's stories are listed before deciding between one and all.
  await expect(stories.getByRole('group', { name: /^Story / }).first()).toBeVisible();
  if (await acceptAll.count()) {
    await acceptAll.click();
    const confirm = page.getByRole('dialog', { name: /Accept \d+ stories of Checkout/ });
    await expect(confirm.getByRole('listitem').first()).toBeVisible();
    await confirm.getByRole('button', { name: /^Accept \d+ stories$/ }).click();
  } else {
    await stories.getByRole('button', { name: /^Accept story / }).click();
  }
  await expect(stories.getByRole('button', { name: /^Accept story / })).toHaveCount(0);
  const keys = stories.getByRole('textbox', { name: /^Tracker key of / });
  const count = await keys.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const card = stories.getByRole('group', { name: /^Story / }).nth(i);
    await card.getByRole('textbox', { name: /^Tracker key of / }).fill(`SHOP-${i + 1}`);
    await card.getByRole('button', { name: 'Save key' }).click();
    await expect(card.getByRole('button', { name: 'Save key' })).toBeDisabled();
  }

  // The gate now sees a model that differs from the manifest: stale.
  await page.getByRole('tab', { name: 'Gate' }).click();
  await expect(gate.getByTestId('gate-verdict')).toHaveText('Gate fails');
  await expect(gate.getByTestId('gate-finding').first()).toContainText(
    'The committed manifest is out of date',
  );

  // Written again, it passes.
  const second = page.waitForEvent('download');
  await gate.getByRole('button', { name: 'Write plan gate…' }).click();
  await second;
  await expect(gate.getByTestId('gate-verdict')).toHaveText('Gate passes');
  await expectAccessible('the gate panel');
  await shot('plan-gate-passes');
  expect(consoleProblems).toEqual([]);
});
