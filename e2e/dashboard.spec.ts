/**
 * The risk dashboard in a real browser (issue 7): opened from the toolbar on a starter template,
 * its heat map filters the threat list to one cell and back, a trend point is recorded on demand
 * and at a save, the charts download as PNG, and the whole view passes axe. The screenshot
 * `reports/screenshots/dashboard.png` is the one described in the resolution.
 */
import { readFileSync } from 'node:fs';
import { WorkspacePage } from './pages/workspacePage';
import { expect, test } from './fixtures/test';

test('the dashboard filters threats by heat-map cell and records the trend', async ({
  page,
  consoleProblems,
  shot,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await workspace.openWebApplicationTemplate();

  await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
  const dashboard = page.getByRole('dialog', { name: 'Risk dashboard' });
  await expect(dashboard).toBeVisible();
  const heatMap = dashboard.getByRole('group', { name: 'Heat map: likelihood by impact' });
  await expect(heatMap.getByRole('button')).toHaveCount(25);
  const list = dashboard.getByRole('list', { name: 'Threats on the heat map' });
  const count = dashboard.getByTestId('dashboard-list-count');
  const allThreats = Number((await count.textContent())!.split(' ')[0]);
  expect(allThreats).toBeGreaterThan(0);
  await expect(list.getByRole('listitem')).toHaveCount(Math.min(allThreats, 100));
  // The recharts category chart is drawn (an SVG), under the app's CSP, without console errors.
  await expect(
    dashboard.getByRole('region', { name: 'Threats by STRIDE category and status' }).locator('svg'),
  ).not.toHaveCount(0);
  await shot('dashboard');

  // The cell with the most threats that is not the whole list: its number is the list's length.
  const cells = heatMap.getByRole('button', { disabled: false });
  const names = await cells.evaluateAll((buttons) =>
    buttons.map((button) => button.getAttribute('aria-label')!),
  );
  const cellCount = (name: string) => Number(/: (\d+) threats?$/.exec(name)![1]);
  const chosen = names
    .filter((name) => cellCount(name) < allThreats)
    .sort((a, b) => cellCount(b) - cellCount(a))[0]!;
  expect(chosen, 'a cell holding some but not all threats').toBeDefined();
  const [, likelihood, impact] = /^Likelihood (\d), impact (\d)/.exec(chosen)!;
  const cell = heatMap.getByRole('button', { name: chosen, exact: true });
  await cell.click();
  await expect(cell).toHaveAttribute('aria-pressed', 'true');
  await expect(list.getByRole('listitem')).toHaveCount(cellCount(chosen));
  await expect(count).toHaveText(
    `${cellCount(chosen)} ${cellCount(chosen) === 1 ? 'threat' : 'threats'} with likelihood ${likelihood} and impact ${impact}`,
  );
  for (const item of await list.getByRole('listitem').allTextContents())
    expect(item).toContain(`L${likelihood} × I${impact}`);
  await shot('dashboard-filtered');

  // Pressing the cell again clears the filter; so does "Clear filter".
  await cell.click();
  await expect(cell).toHaveAttribute('aria-pressed', 'false');
  await expect(list.getByRole('listitem')).toHaveCount(Math.min(allThreats, 100));
  await cell.click();
  await dashboard.getByRole('button', { name: 'Clear filter' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(Math.min(allThreats, 100));

  // The trend: nothing yet, then one point on demand, drawn as a line chart.
  const trend = dashboard.getByTestId('trend-summary');
  await expect(trend).toHaveText(/No points recorded yet/);
  await dashboard.getByRole('button', { name: 'Record now' }).click();
  await expect(trend).toHaveText(/^1 point recorded; latest .*: \d+ critical, \d+ high/);
  await expect(
    dashboard
      .getByRole('region', { name: 'Trend of open threats' })
      .locator('.recharts-wrapper > svg.recharts-surface'),
  ).toHaveCount(1);

  // Each chart downloads as a PNG.
  for (const [button, suffix] of [
    ['Download risk heat map as PNG', '-risk-matrix.png'],
    ['Download threats by stride category and status as PNG', '-categories.png'],
    ['Download trend of open threats as PNG', '-trend.png'],
  ] as const) {
    const event = page.waitForEvent('download');
    await dashboard.getByRole('button', { name: button }).click();
    const file = await event;
    expect(file.suggestedFilename().slice(-suffix.length)).toBe(suffix);
    expect(
      readFileSync((await file.path())!)
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
  }

  await expectAccessible('the risk dashboard');

  // A save records a point too.
  await dashboard.getByRole('button', { name: 'Close the dashboard' }).click();
  const saved = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  await saved;
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await expect(dashboard.getByTestId('trend-summary')).toHaveText(/^2 points recorded/);
  expect(consoleProblems).toEqual([]);
});
