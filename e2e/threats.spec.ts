/**
 * The threats journey: a starter model's threats with their explanations, triage with an
 * approval (and the inline error when one is incomplete), undo and redo of a decision, and a
 * threat added by hand.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { choose, WorkspacePage } from './pages/workspacePage';

const AUDIT_TRAIL = 'Administrative changes made through "Admin console" leave no audit trail';
const PASSWORDS = 'Attackers can guess or stuff passwords against "Admin console"';

/** The open-threat count on an element's badge (0 when it has none). */
async function openCount(page: Page, targetId: string): Promise<number> {
  const badge = page.getByTestId(`badge-${targetId}`);
  if ((await badge.count()) === 0) return 0;
  const label = (await badge.getAttribute('aria-label')) ?? '';
  return Number(/^(\d+) open threats/.exec(label)?.[1] ?? NaN);
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('triage threats: explanations, an acceptance with its approval, undo and redo, a threat added by hand', async ({
  page,
  consoleProblems,
  shot,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await workspace.openWebApplicationTemplate();

  await page.getByRole('tab', { name: 'Threats' }).click();
  const panel = page.getByRole('region', { name: 'Threats' });
  const counts = panel.getByTestId('threat-counts');
  await expect(counts).toHaveText(/^\d+ threats, \d+ open$/);
  const [total = NaN, open = NaN] = ((await counts.textContent()) ?? '').match(/\d+/g)!.map(Number);
  expect(total).toBeGreaterThan(10);
  expect(open).toBe(total);

  // Groups start collapsed with their counts; opening one lists its threats, worst first.
  const consoleGroup = panel.getByRole('button', { name: /^›?Admin console \(Process\)/ });
  await expect(consoleGroup).toHaveAttribute('aria-expanded', 'false');
  await expect(consoleGroup).toContainText(/\d+ threats, \d+ open/);
  await consoleGroup.click();
  const consoleList = panel.getByRole('list', { name: 'Admin console (Process)' });
  const row = (title: string) =>
    consoleList.locator('li.gh-threat', { has: page.getByRole('button', { name: title }) });

  // Expanding a threat shows why it applies and emphasises its element on the canvas.
  await expect(row(AUDIT_TRAIL)).toContainText('High');
  await expect(row(AUDIT_TRAIL)).toContainText('Repudiation');
  await consoleList.getByRole('button', { name: AUDIT_TRAIL }).click();
  const details = panel.getByTestId('threat-details');
  await expect(details.getByRole('heading', { name: 'Why this threat' })).toBeVisible();
  const trace = details.getByRole('list', { name: 'Why this threat' }).getByRole('listitem');
  expect(await trace.count()).toBeGreaterThan(1);
  await expect(trace.first()).toContainText('Holds:');
  await expect(details.getByText(/ASVS v5\.0\.0-\d+\.\d+\.\d+/).first()).toBeVisible();
  await expect(page.locator('.gh-element--highlighted')).toHaveCount(1);
  await expect(
    workspace.node('Process Admin console').locator('.gh-element--highlighted'),
  ).toHaveCount(1);

  // Accept it with an approver, a rationale and an expiry date.
  const badgeBefore = await openCount(page, 'admin-console');
  expect(badgeBefore).toBeGreaterThan(1);
  await choose(details.getByRole('combobox', { name: 'Status' }), 'Accepted');
  await details.getByRole('textbox', { name: 'Approver' }).fill('Dana Reyes (CISO)');
  await details
    .getByRole('textbox', { name: 'Rationale' })
    .fill('Admin actions are recorded by the identity provider until the audit log ships.');
  await details.getByLabel('Expires on').fill(inDays(30));
  await details.getByRole('button', { name: 'Record status' }).click();
  await expect(details.getByText('Recorded: accepted.')).toBeVisible();
  await expect(row(AUDIT_TRAIL).getByTestId('threat-status')).toHaveText('Accepted');
  await expect.poll(() => openCount(page, 'admin-console')).toBe(badgeBefore - 1);
  await expect(counts).toHaveText(`${total} threats, ${open - 1} open`);

  // Accepting another without a rationale is refused inline, and nothing is recorded.
  await consoleList.getByRole('button', { name: PASSWORDS }).click();
  await expect(page.locator('.gh-element--highlighted')).toHaveCount(1);
  const second = panel.getByTestId('threat-details');
  await choose(second.getByRole('combobox', { name: 'Status' }), 'Accepted');
  await second.getByRole('textbox', { name: 'Approver' }).fill('Dana Reyes (CISO)');
  await second.getByLabel('Expires on').fill(inDays(30));
  await second.getByRole('button', { name: 'Record status' }).click();
  await expect(
    second.getByText('Give the rationale: reviewers and the gate report read it.'),
  ).toBeVisible();
  await expect(second.getByRole('textbox', { name: 'Rationale' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(row(PASSWORDS).getByTestId('threat-status')).toHaveText('Open');
  await second.getByRole('button', { name: 'Record status' }).scrollIntoViewIfNeeded();
  await shot('threats-approval-error');

  // Undo (outside a text field) takes the acceptance back; redo restores it.
  await expect(second.getByRole('button', { name: 'Record status' })).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(row(AUDIT_TRAIL).getByTestId('threat-status')).toHaveText('Open');
  await expect.poll(() => openCount(page, 'admin-console')).toBe(badgeBefore);
  await page.keyboard.press('Control+Shift+z');
  await expect(row(AUDIT_TRAIL).getByTestId('threat-status')).toHaveText('Accepted');
  await expect.poll(() => openCount(page, 'admin-console')).toBe(badgeBefore - 1);

  // Typing an owner is one undo step; raising a severity needs no approval.
  const owner = second.getByRole('textbox', { name: 'Owner' });
  await owner.fill('Platform');
  await owner.pressSequentially(' team');
  await expect(owner).toHaveValue('Platform team');
  await second.getByRole('heading', { name: 'Triage' }).click();
  await page.keyboard.press('Control+z');
  await expect(owner).toHaveValue('');
  await expect(row(AUDIT_TRAIL).getByTestId('threat-status')).toHaveText('Accepted');
  await choose(second.getByRole('combobox', { name: 'Severity override' }), 'Critical');
  await second.getByRole('button', { name: 'Record severity' }).click();
  await expect(second.getByText('Recorded: critical.')).toBeVisible();
  await expect(row(PASSWORDS).locator('.gh-threat-severity')).toHaveText('Critical');

  // A threat added by hand to the selected element appears in the list like the others.
  await workspace.select('Data store Object storage');
  await panel.getByRole('button', { name: 'Add threat…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a threat' });
  await expect(dialog.getByRole('combobox', { name: 'Applies to' })).toHaveValue(
    'Object storage (Data store)',
  );
  await choose(dialog.getByRole('combobox', { name: 'STRIDE category' }), 'Information disclosure');
  const manualTitle = 'Invoices in "Object storage" are readable through guessable links';
  await dialog.getByRole('textbox', { name: 'Title' }).fill(manualTitle);
  await dialog
    .getByRole('textbox', { name: 'Description' })
    .fill('Invoice URLs are sequential and never expire.');
  await choose(dialog.getByRole('combobox', { name: 'Likelihood' }), '4 — likely');
  await choose(dialog.getByRole('combobox', { name: 'Impact' }), '4 — major');
  await expect(dialog.getByText('Severity: high (4 × 4 = 16)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add threat' }).click();
  await expect(dialog).toBeHidden();

  const manualRow = panel
    .getByRole('list', { name: 'Object storage (Data store)' })
    .locator('li.gh-threat', { has: page.getByRole('button', { name: manualTitle }) });
  await expect(manualRow).toContainText('High');
  await expect(manualRow).toContainText('Information disclosure');
  await expect(manualRow).toContainText('Added by hand');
  await expect(panel.getByTestId('threat-details')).toContainText(
    'Added by the team (not found by a rule).',
  );
  await expect(counts).toHaveText(`${total + 1} threats, ${open} open`);

  // Search finds it; grouping by category lists it under its STRIDE name.
  await panel.getByRole('searchbox', { name: 'Search threats' }).fill('guessable links');
  await expect(counts).toContainText('— 1 shown');
  await panel.getByText('By STRIDE category').click();
  await expect(
    panel
      .getByRole('list', { name: 'Information disclosure' })
      .getByRole('button', { name: manualTitle }),
  ).toBeVisible();
  await panel.getByRole('button', { name: 'Clear filters' }).click();
  await panel.getByText('By element').click();

  await expectAccessible('threats panel');
  await panel.getByRole('button', { name: AUDIT_TRAIL }).click();
  await expect(panel.getByTestId('threat-details')).toContainText('Why this threat');
  await shot('threats-triage');
  expect(consoleProblems).toEqual([]);
});
