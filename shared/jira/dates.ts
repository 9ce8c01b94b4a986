/**
 * Due dates from the severity SLA policy (PRODUCT.md: "critical 1 day, high 7, medium 30, low 90,
 * from first seen"). Calendar dates only, in UTC, and no clock: `today` is passed in, so an export
 * is reproducible and testable.
 */
import { InputError } from '../model/errors';
import type { Story } from '../stories/generateStories';
import type { JiraExportSettings } from './settings';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch at 00:00 UTC of `date` (YYYY-MM-DD), or null if not a real date. */
function parseIsoDate(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const value = new Date(Date.UTC(2000, month - 1, day));
  value.setUTCFullYear(year);
  return value.getUTCMonth() === month - 1 && value.getUTCDate() === day ? value.getTime() : null;
}

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== null;
}

function requireIsoDate(date: string, what: string): number {
  const time = parseIsoDate(date);
  if (time === null) throw new InputError(`${what} must be a date YYYY-MM-DD, not "${date}".`);
  return time;
}

/** `date` plus `days` calendar days (UTC), as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const result = new Date(requireIsoDate(date, 'The start date') + days * DAY_MS);
  const year = result.getUTCFullYear();
  if (year > 9999) throw new InputError(`The due date after ${date} + ${days} days is past 9999.`);
  return [
    String(year).padStart(4, '0'),
    String(result.getUTCMonth() + 1).padStart(2, '0'),
    String(result.getUTCDate()).padStart(2, '0'),
  ].join('-');
}

/**
 * The threats a story's SLA runs from: its open threats, else (all closed since) the ones it
 * covered when accepted — the same choice `generateStories` makes for the story's severity.
 */
export function slaThreatIds(story: Story): readonly string[] {
  return story.threatIds.length > 0 ? story.threatIds : story.coveredThreatIds;
}

/**
 * The due date of `story`: the earliest first-seen date among its threats (or `today` when none
 * is known) plus the SLA days of its severity.
 */
export function dueDateFor(
  story: Story,
  settings: JiraExportSettings,
  firstSeenByThreat: ReadonlyMap<string, string>,
  today: string,
): string {
  requireIsoDate(today, 'Today');
  let start: string | null = null;
  for (const threatId of slaThreatIds(story)) {
    const firstSeen = firstSeenByThreat.get(threatId);
    // A first-seen date in the future (a hand edit, a wrong clock) would push the SLA out: the
    // SLA cannot start later than today.
    if (firstSeen === undefined) continue;
    requireIsoDate(firstSeen, `The first-seen date of ${threatId}`);
    if (firstSeen > today) continue;
    // YYYY-MM-DD strings order like the dates they name.
    if (start === null || firstSeen < start) start = firstSeen;
  }
  return addDays(start ?? today, settings.slaDays[story.severity]);
}

/**
 * `date` (YYYY-MM-DD) written in `pattern`, the subset of Java `SimpleDateFormat` that
 * `JiraExportSettingsSchema` accepts: `yyyy`, `yy`, `MM`, `M`, `dd`, `d` and literal separators.
 */
export function formatDate(date: string, pattern: string): string {
  const match = ISO_DATE.exec(date);
  if (!match || !isIsoDate(date)) throw new InputError(`Not a date YYYY-MM-DD: "${date}".`);
  const [year, month, day] = [match[1]!, match[2]!, match[3]!];
  const fields: Record<string, string> = {
    yyyy: year,
    yy: year.slice(2),
    MM: month,
    M: String(Number(month)),
    dd: day,
    d: String(Number(day)),
  };
  // As in SimpleDateFormat, a run of one letter is one field; other characters are literal.
  return pattern.replace(/y+|M+|d+/g, (run) => {
    const value = fields[run];
    if (value === undefined)
      throw new InputError(`Unsupported date field "${run}" in "${pattern}".`);
    return value;
  });
}
