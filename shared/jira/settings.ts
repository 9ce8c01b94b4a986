/**
 * What a security team configures about Jira exports (PRODUCT.md, "Stories and Jira"). The policy
 * file embeds this schema under its `jira` key; every field has a default, so `{}` (or no `jira`
 * key at all) means "the defaults".
 */
import * as z from 'zod';
import type { Severity } from '../model/schema';

/**
 * A Jira name we write into a field (issue type, priority) or a label. It must not begin with a
 * character that CSV formula neutralization prefixes (`FORMULA_TRIGGERS` in `csv.ts`; a test
 * checks that each of them is refused): the CSV must carry a configured value unchanged, or the
 * importer would look for an issue type or priority named `'=…`.
 */
const JiraNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[^\s=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]/,
    'must not start with whitespace or = + - @',
  )
  // eslint-disable-next-line no-control-regex -- the point is to reject control characters.
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
  .refine((value) => value.trim() === value, 'must not end with whitespace');

/** Jira labels cannot contain spaces; 255 is Jira's label length limit. */
const LabelSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[^\s=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]\S*$/,
    'must have no spaces and not start with = + - @',
  );

/**
 * The due-date pattern for the CSV. It is a subset of Java's `SimpleDateFormat` with the same
 * meaning, so the same string goes into the Jira importer's "Date format" setting. Only numeric
 * fields are allowed: month names (`MMM`) depend on the importing user's locale.
 */
const DateFormatSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(
    /^(?:yyyy(?!y)|yy(?!y)|MM(?!M)|M(?!M)|dd(?!d)|d(?!d)|[-/. ])+$/,
    'must use only yyyy, yy, MM, M, dd, d and the separators - / . space',
  )
  .refine((pattern) => {
    const fields = pattern.match(/y+|M+|d+/g) ?? [];
    return ['y', 'M', 'd'].every((letter) => fields.filter((f) => f[0] === letter).length === 1);
  }, 'must contain exactly one year, one month and one day field');

/** `customfield_10014`: a Jira custom field ID (site-specific). */
const CustomFieldIdSchema = z
  .string()
  .regex(/^customfield_[1-9][0-9]{0,9}$/, 'must be a custom field ID like customfield_10014');

const DEFAULT_PRIORITIES: Record<Severity, string> = {
  critical: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
/** PRODUCT.md's SLA policy: days from first seen to due. */
const DEFAULT_SLA_DAYS: Record<Severity, number> = { critical: 1, high: 7, medium: 30, low: 90 };

const SlaDaySchema = z.number().int().min(0).max(3650);

export const JiraExportSettingsSchema = z
  .object({
    /** Jira priority name per story severity. */
    priorityBySeverity: z
      .object({
        critical: JiraNameSchema.default(DEFAULT_PRIORITIES.critical),
        high: JiraNameSchema.default(DEFAULT_PRIORITIES.high),
        medium: JiraNameSchema.default(DEFAULT_PRIORITIES.medium),
        low: JiraNameSchema.default(DEFAULT_PRIORITIES.low),
      })
      .strict()
      .default({ ...DEFAULT_PRIORITIES }),
    /** The issue type of a security story. */
    issueType: JiraNameSchema.default('Story'),
    /** The issue type of the epic created for a feature without `jiraEpicKey`. */
    epicIssueType: JiraNameSchema.default('Epic'),
    /** Labels on every story and epic, besides the `gatehouse-<story id>` identity label. */
    labels: z.array(LabelSchema).max(20).default(['security', 'gatehouse']),
    /** Days from a story's first-seen threat to its due date, per severity. */
    slaDays: z
      .object({
        critical: SlaDaySchema.default(DEFAULT_SLA_DAYS.critical),
        high: SlaDaySchema.default(DEFAULT_SLA_DAYS.high),
        medium: SlaDaySchema.default(DEFAULT_SLA_DAYS.medium),
        low: SlaDaySchema.default(DEFAULT_SLA_DAYS.low),
      })
      .strict()
      .default({ ...DEFAULT_SLA_DAYS }),
    /**
     * How the CSV writes due dates; the identical Java `SimpleDateFormat` pattern goes into the
     * Jira CSV importer's "Date format" setting (`yyyy-MM-dd` by default).
     */
    dueDateFormat: DateFormatSchema.default('yyyy-MM-dd'),
    /**
     * Jira Data Center only: the "Epic Link" custom field. Data Center links a story to its epic
     * through this field, not through `parent`; its ID differs per site. When null, Data Center
     * bodies use `parent`, which only Jira versions with the unified parent field accept.
     */
    epicLinkField: CustomFieldIdSchema.nullable().default(null),
    /**
     * Jira Data Center only: the "Epic Name" custom field, which Data Center requires on a new
     * epic. When null, epic bodies carry no epic name.
     */
    epicNameField: CustomFieldIdSchema.nullable().default(null),
  })
  .strict();

export type JiraExportSettings = z.infer<typeof JiraExportSettingsSchema>;
/** What a policy file may contain under `jira` (every field optional). */
export type JiraExportSettingsInput = z.input<typeof JiraExportSettingsSchema>;

export const DEFAULT_JIRA_SETTINGS: JiraExportSettings = JiraExportSettingsSchema.parse({});
