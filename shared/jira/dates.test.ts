import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors';
import { DateSchema } from '../model/schema';
import { addDays, dueDateFor, formatDate, isIsoDate } from './dates';
import { storyFixture } from '../testing/hostileStories';
import { DEFAULT_JIRA_SETTINGS, JiraExportSettingsSchema } from './settings';

/** Dates 1900–2199 as YYYY-MM-DD, generated through the platform's own calendar. */
const isoDate = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2199-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe('addDays', () => {
  it('moves by whole UTC days, whatever the month, year or leap day', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 3650 }), (date, days) => {
        const due = addDays(date, days);
        expect(DateSchema.safeParse(due).success).toBe(true);
        const elapsed = Date.parse(`${due}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`);
        expect(elapsed).toBe(days * 86_400_000);
      }),
    );
  });

  it('agrees with the model schema on what a date is', () => {
    for (const date of [
      '2024-02-29',
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-1',
      '0099-01-01',
    ])
      expect(isIsoDate(date), date).toBe(DateSchema.safeParse(date).success);
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(() => addDays('9999-12-31', 1)).toThrow(InputError);
  });
});

describe('dueDateFor', () => {
  const story = storyFixture({
    severity: 'medium',
    threatIds: ['T-a', 'T-b', 'T-c'],
    coveredThreatIds: ['T-old'],
  });

  it('runs the SLA from the earliest first-seen date among the story’s open threats', () => {
    const firstSeen = new Map([
      ['T-a', '2026-03-10'],
      ['T-b', '2026-01-31'],
      ['T-old', '2025-01-01'],
    ]);
    const due = dueDateFor(story, DEFAULT_JIRA_SETTINGS, firstSeen, '2026-06-01');
    expect(due).toBe(addDays('2026-01-31', DEFAULT_JIRA_SETTINGS.slaDays.medium));
  });

  it('runs from today when no first-seen date is known', () => {
    const due = dueDateFor(story, DEFAULT_JIRA_SETTINGS, new Map(), '2026-06-01');
    expect(due).toBe(addDays('2026-06-01', 30));
  });

  it('runs from the covered threats when none is open any more', () => {
    const closed = storyFixture({
      severity: 'critical',
      threatIds: [],
      coveredThreatIds: ['T-old'],
    });
    const due = dueDateFor(
      closed,
      DEFAULT_JIRA_SETTINGS,
      new Map([['T-old', '2025-12-31']]),
      '2026-06-01',
    );
    expect(due).toBe('2026-01-01');
  });

  it('uses the configured SLA days of the story’s severity', () => {
    const settings = JiraExportSettingsSchema.parse({ slaDays: { medium: 0 } });
    expect(dueDateFor(story, settings, new Map(), '2026-06-01')).toBe('2026-06-01');
  });

  it('refuses a malformed today or first-seen date', () => {
    expect(() => dueDateFor(story, DEFAULT_JIRA_SETTINGS, new Map(), '2026-6-1')).toThrow(
      InputError,
    );
    expect(() =>
      dueDateFor(story, DEFAULT_JIRA_SETTINGS, new Map([['T-a', 'yesterday']]), '2026-06-01'),
    ).toThrow(InputError);
  });
});

describe('formatDate', () => {
  it('writes each field where the pattern puts it', () => {
    fc.assert(
      fc.property(isoDate, (date) => {
        const [year, month, day] = date.split('-') as [string, string, string];
        expect(formatDate(date, 'yyyy-MM-dd')).toBe(date);
        expect(formatDate(date, 'dd.MM.yyyy')).toBe(`${day}.${month}.${year}`);
        expect(formatDate(date, 'd/M/yy')).toBe(`${Number(day)}/${Number(month)}/${year.slice(2)}`);
        expect(formatDate(date, 'yyyyMMdd')).toBe(`${year}${month}${day}`);
      }),
    );
  });

  it('refuses what it cannot write', () => {
    expect(() => formatDate('2026-01-01', 'dd/MMM/yy')).toThrow(InputError);
    expect(() => formatDate('2026-02-30', 'yyyy-MM-dd')).toThrow(InputError);
  });
});

describe('first-seen dates in the future', () => {
  it('do not push a due date out: the SLA starts no later than today', () => {
    const story = storyFixture({ severity: 'critical', threatIds: ['T-a'], coveredThreatIds: [] });
    const due = dueDateFor(
      story,
      DEFAULT_JIRA_SETTINGS,
      new Map([['T-a', '2999-06-01']]),
      '2026-06-01',
    );
    expect(due).toBe(addDays('2026-06-01', DEFAULT_JIRA_SETTINGS.slaDays.critical));
    const farFuture = new Map([['T-a', '9999-12-31']]);
    expect(dueDateFor(story, DEFAULT_JIRA_SETTINGS, farFuture, '2026-06-01')).toBe('2026-06-02');
  });
});
