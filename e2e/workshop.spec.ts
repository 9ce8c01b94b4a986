/**
 * The workshop journey: a workshop over the web application starter template from the first
 * stop to the summary — every element reviewed, a threat confirmed, a threat and a note added,
 * a question parked — the presenter view on screen (screenshot), and the summary downloaded as
 * Markdown with what happened in it.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures/test';
import { choose, WorkspacePage } from './pages/workspacePage';

const NEW_THREAT = 'Forged customer sessions replayed from a shared computer';
const NOTE = 'Sessions expire after 30 minutes; check the CDN cache rules.';
const QUESTION = 'Who rotates the CDN signing keys?';

test('run a workshop over a starter template and download its summary', async ({
  page,
  consoleProblems,
  shot,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await workspace.openWebApplicationTemplate();

  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  const workshop = page.getByRole('dialog', { name: 'Workshop' });
  const progress = workshop.getByTestId('workshop-progress');
  await expect(progress).toHaveText(/^0 of \d+ elements reviewed$/);
  const total = Number(/of (\d+)/.exec((await progress.textContent()) ?? '')![1]);
  // 9 elements and 11 flows in the template.
  expect(total).toBe(20);

  await workshop.getByRole('button', { name: 'Start timer' }).click();
  await expect(workshop.getByRole('button', { name: 'Pause timer' })).toBeVisible();

  // The walk starts at the untrusted entry point, with the questions for its kind.
  const itemName = workshop.locator('#gh-workshop-item');
  await expect(itemName).toHaveText('Customer browser');
  await expect(workshop.getByText(`Stop 1 of ${total}`)).toBeVisible();
  await expect(
    workshop.getByRole('heading', { name: 'Questions for this external entity' }),
  ).toBeVisible();
  await expect(workshop.getByText('For example: A stolen session cookie')).toBeVisible();

  await workshop.getByLabel('Open question').fill(QUESTION);
  await workshop.getByRole('button', { name: 'Park question' }).click();
  await expect(workshop.getByRole('list', { name: 'Parked questions' })).toContainText(QUESTION);
  await expect(workshop.getByRole('heading', { name: 'Parking lot (1 open)' })).toBeVisible();

  let confirmedOne = false;
  let addedOne = false;
  for (let stop = 1; stop <= total; stop++) {
    await expect(workshop.getByText(`Stop ${stop} of ${total}`)).toBeVisible();
    const name = (await itemName.textContent())!;
    // Keyboard: the right arrow moves on and the left arrow comes back.
    if (stop === 1) {
      await workshop.getByRole('button', { name: 'Mark reviewed', exact: true }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(workshop.getByText(`Stop 2 of ${total}`)).toBeVisible();
      await page.keyboard.press('ArrowLeft');
      await expect(itemName).toHaveText(name);
    }
    const confirm = workshop.getByRole('button', { name: /^Confirm: / }).first();
    if (!confirmedOne && (await confirm.count()) > 0 && (await confirm.isEnabled())) {
      const title = (await confirm.getAttribute('aria-label'))!.replace('Confirm: ', '');
      await confirm.click();
      // The button says, to eyes and screen readers alike, that the threat is confirmed.
      await expect(
        workshop.getByRole('button', { name: `Confirmed: ${title}`, exact: true }),
      ).toHaveText('Confirmed');
      confirmedOne = true;
    }
    if (!addedOne && name === 'Web front end (CDN)') {
      await workshop.getByLabel('Threat title').fill(NEW_THREAT);
      await choose(workshop.getByRole('combobox', { name: 'Severity' }), 'High');
      await workshop.getByRole('button', { name: 'Add threat' }).click();
      await expect(workshop.getByRole('list', { name: 'Threats found' })).toContainText(NEW_THREAT);
      await workshop.getByLabel(`Notes on ${name}`).fill(NOTE);
      addedOne = true;
    }
    await workshop
      .getByRole('button', {
        name: stop < total ? 'Mark reviewed and next' : 'Mark reviewed and finish',
      })
      .click();
  }
  expect(confirmedOne && addedOne).toBe(true);
  await expect(progress).toHaveText(`${total} of ${total} elements reviewed`);

  // The walk ends on the summary; back at the last stop, the presenter view for the projector.
  await expect(workshop.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await workshop.getByRole('button', { name: 'Back to the walk' }).click();
  await workshop.getByLabel('Presenter view').check();
  await expect(workshop.locator('.gh-workshop--presenter')).toBeVisible();
  const nameSize = await itemName.evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
  expect(nameSize).toBeGreaterThanOrEqual(48);
  await expectAccessible('the workshop presenter view');
  await shot('workshop-presenter');

  await workshop.getByRole('button', { name: 'Summary' }).click();
  const download = page.waitForEvent('download');
  await workshop.getByRole('button', { name: 'Download summary (Markdown)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('web-application-workshop.md');
  const markdown = await readFile((await file.path())!, 'utf8');
  expect(markdown).toContain(`${total} of ${total} elements reviewed`);
  expect(markdown).toContain(`## Reviewed elements (${total} of ${total})`);
  expect(markdown).toContain('## New threats (1)');
  expect(markdown).toContain(NEW_THREAT);
  expect(markdown).toContain('## Decisions (1)');
  expect(markdown).toContain('| Investigating |');
  expect(markdown).toContain('Sessions expire after 30 minutes; check the CDN cache rules.');
  expect(markdown).toContain(`- [ ] ${QUESTION} (on Customer browser)`);
  await shot('workshop-summary');
  await expectAccessible('the workshop summary');

  // The review is in the model: closing and reopening the workshop keeps the progress.
  await workshop.getByRole('button', { name: 'Close workshop' }).click();
  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  await expect(page.getByTestId('workshop-progress')).toHaveText(
    `${total} of ${total} elements reviewed`,
  );
  expect(consoleProblems).toEqual([]);
});
