/**
 * Rule packs in the app: a custom pack loaded from a file (its rule listed and its threat found),
 * an invalid pack refused with the JSON path of the problem, and a rule suppressed on an element
 * with an approval: the threat leaves the open list and the HTML report lists the suppression
 * with its expiry.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { WorkspacePage } from './pages/workspacePage';

const AUDIT_TRAIL = 'Administrative changes made through "Admin console" leave no audit trail';
const CUSTOM_THREAT = '"Admin console" may run the Django admin with DEBUG on';

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function loadPack(page: Page, file: string): Promise<void> {
  const text = readFileSync(new URL(`./fixtures/packs/${file}`, import.meta.url), 'utf8');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load rule pack…' }).click();
  await (
    await chooser
  ).setFiles({
    name: file,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

test('rule packs: load a custom pack, refuse an invalid one, suppress a rule on an element', async ({
  page,
  shot,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await workspace.openWebApplicationTemplate();

  // The library lists the built-in rules; the required pack cannot be disabled.
  await page.getByRole('button', { name: 'Rules', exact: true }).click();
  const library = page.getByRole('dialog', { name: 'Rule library' });
  await expect(library.getByRole('status').filter({ hasText: /of \d+ rules/ })).toHaveText(
    '113 of 113 rules',
  );
  await expect(
    library.getByRole('switch', { name: 'gatehouse-stride enabled for this model' }),
  ).toBeDisabled();
  await expect(library.getByText('The policy requires this pack')).toBeVisible();

  await loadPack(page, 'acme-django.rules.json');
  await expect(library.getByText('Loaded acme-django 1.0.0')).toBeVisible();
  await library.getByRole('textbox', { name: 'Search rules' }).fill('ACME');
  const rule = library.getByRole('listitem', { name: 'ACME-E-001' });
  await expect(rule).toContainText('Elevation of privilege');
  await expect(rule).toContainText('element: has the tag "admin"');
  await expect(rule).toContainText('element: technology is one of Django 4, Django 5');
  await expect(rule.getByRole('link', { name: 'CWE-489' })).toHaveAttribute(
    'href',
    'https://cwe.mitre.org/data/definitions/489.html',
  );
  await shot('rule-library');
  await expectAccessible('the rule library');

  // An invalid pack is refused with the JSON path of the problem; nothing changes.
  await loadPack(page, 'acme-django-invalid.rules.json');
  const problems = library.getByRole('list', { name: 'Problems in the rule pack' });
  await expect(problems).toContainText('$.rules[0].condition.kind');
  await expect(library.getByRole('listitem', { name: 'ACME-E-001' })).toBeVisible();
  await page.keyboard.press('Escape');

  // The custom rule's threat is in the threats panel.
  await page.getByRole('tab', { name: 'Threats' }).click();
  const panel = page.getByRole('region', { name: 'Threats' });
  await panel.getByRole('button', { name: /^›?Admin console \(Process\)/ }).click();
  const consoleList = panel.getByRole('list', { name: 'Admin console (Process)' });
  await expect(consoleList.getByRole('button', { name: CUSTOM_THREAT })).toBeVisible();

  // Suppress a rule on the admin console with an approval: the threat leaves the open list.
  const counts = panel.getByTestId('threat-counts');
  const [total = NaN, open = NaN] = ((await counts.textContent()) ?? '').match(/\d+/g)!.map(Number);
  await consoleList.getByRole('button', { name: AUDIT_TRAIL }).click();
  const details = panel.getByTestId('threat-details');
  await details.getByRole('button', { name: 'Suppress rule…' }).click();
  const expires = inDays(30);
  await details.getByRole('textbox', { name: 'Suppression approver' }).fill('Dana Reyes (CISO)');
  await details
    .getByRole('textbox', { name: 'Suppression rationale' })
    .fill('Audit logging is provided by the identity provider for this console.');
  await details.getByLabel('Suppression expires on').fill(expires);
  await details.getByRole('button', { name: 'Suppress rule', exact: true }).click();
  await expect(counts).toHaveText(`${total} threats, ${open - 1} open`);

  // The library lists the suppression with its expiry.
  await page.getByRole('button', { name: 'Rules', exact: true }).click();
  await expect(library.getByRole('list', { name: 'Suppressed rules' })).toContainText(
    `expires ${expires}`,
  );
  await page.keyboard.press('Escape');

  // The HTML report lists it in its suppressions, with the expiry.
  await page.getByRole('tab', { name: 'Report' }).click();
  const download = page.waitForEvent('download');
  await page
    .getByRole('region', { name: 'Report' })
    .getByRole('button', { name: 'Download HTML report' })
    .click();
  const html = readFileSync(await (await download).path(), 'utf8');
  expect(html).toContain('Dana Reyes (CISO)');
  expect(html).toContain(expires);
  expect(html).toMatch(/STRIDE-R-\d{3}/);
});
