import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FORMULA_TRIGGERS } from './csv';
import { DEFAULT_JIRA_SETTINGS, JiraExportSettingsSchema } from './settings';

describe('JiraExportSettingsSchema', () => {
  it('defaults every field as the security policy says', () => {
    expect(DEFAULT_JIRA_SETTINGS).toEqual({
      priorityBySeverity: { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low' },
      issueType: 'Story',
      epicIssueType: 'Epic',
      labels: ['security', 'gatehouse'],
      slaDays: { critical: 1, high: 7, medium: 30, low: 90 },
      dueDateFormat: 'yyyy-MM-dd',
      epicLinkField: null,
      epicNameField: null,
    });
  });

  it('fills what a partial setting leaves out, at every level', () => {
    const parsed = JiraExportSettingsSchema.parse({
      priorityBySeverity: { critical: 'Blocker' },
      slaDays: { low: 180 },
    });
    expect(parsed.priorityBySeverity).toEqual({
      ...DEFAULT_JIRA_SETTINGS.priorityBySeverity,
      critical: 'Blocker',
    });
    expect(parsed.slaDays).toEqual({ ...DEFAULT_JIRA_SETTINGS.slaDays, low: 180 });
    expect(parsed.labels).toEqual(DEFAULT_JIRA_SETTINGS.labels);
  });

  it('is strict: an unknown key is an error, nested ones too', () => {
    expect(JiraExportSettingsSchema.safeParse({ label: ['x'] }).success).toBe(false);
    expect(JiraExportSettingsSchema.safeParse({ slaDays: { urgent: 1 } }).success).toBe(false);
    expect(
      JiraExportSettingsSchema.safeParse({ priorityBySeverity: { info: 'Low' } }).success,
    ).toBe(false);
  });

  it('rejects configured names and labels that CSV neutralization would alter', () => {
    for (const trigger of FORMULA_TRIGGERS) {
      const value = `${trigger}Story`;
      expect(
        JiraExportSettingsSchema.safeParse({ issueType: value }).success,
        JSON.stringify(value),
      ).toBe(false);
      expect(
        JiraExportSettingsSchema.safeParse({ labels: [value] }).success,
        JSON.stringify(value),
      ).toBe(false);
      expect(
        JiraExportSettingsSchema.safeParse({ priorityBySeverity: { high: value } }).success,
        JSON.stringify(value),
      ).toBe(false);
    }
    expect(JiraExportSettingsSchema.safeParse({ labels: ['two words'] }).success).toBe(false);
    expect(JiraExportSettingsSchema.safeParse({ issueType: 'Bug\u0007' }).success).toBe(false);
    expect(JiraExportSettingsSchema.safeParse({ issueType: 'Security Story' }).success).toBe(true);
    expect(JiraExportSettingsSchema.safeParse({ labels: ['appsec', 'threat-model'] }).success).toBe(
      true,
    );
  });

  it('takes Data Center custom field IDs in Jira’s form only', () => {
    const ok = JiraExportSettingsSchema.parse({
      epicLinkField: 'customfield_10100',
      epicNameField: 'customfield_10102',
    });
    expect([ok.epicLinkField, ok.epicNameField]).toEqual([
      'customfield_10100',
      'customfield_10102',
    ]);
    for (const field of ['Epic Link', 'customfield_', 'customfield_0', 'parent', '__proto__'])
      expect(JiraExportSettingsSchema.safeParse({ epicLinkField: field }).success, field).toBe(
        false,
      );
  });

  const goodFormats = [
    'yyyy-MM-dd',
    'dd.MM.yyyy',
    'd/M/yy',
    'yyyyMMdd',
    'MM/dd/yyyy',
    'dd MM yyyy',
  ];
  const badFormats = [
    'dd/MMM/yy', // month names depend on the importer's locale
    'yyy-MM-dd',
    'yyyy-MM-ddd',
    'yyyy-MM-dd HH:mm',
    'yyyy-MM',
    'yyyy-MM-dd-dd',
    "yyyy-MM-dd'T'",
    '',
  ];

  it('accepts only numeric SimpleDateFormat patterns with one year, month and day', () => {
    for (const format of goodFormats)
      expect(JiraExportSettingsSchema.safeParse({ dueDateFormat: format }).success, format).toBe(
        true,
      );
    for (const format of badFormats)
      expect(JiraExportSettingsSchema.safeParse({ dueDateFormat: format }).success, format).toBe(
        false,
      );
  });

  it('publishes a JSON Schema that agrees with zod on date formats and unknown keys', () => {
    const schema = z.toJSONSchema(JiraExportSettingsSchema, {
      io: 'input',
      target: 'draft-2020-12',
    });
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate({})).toBe(true);
    expect(validate({ extra: true })).toBe(false);
    for (const format of goodFormats)
      expect(validate({ dueDateFormat: format }), format).toBe(true);
    // The regex part of the rule is in the JSON Schema; "one of each field" is zod-only.
    for (const format of ['dd/MMM/yy', 'yyy-MM-dd', 'yyyy-MM-ddd', 'yyyy-MM-dd HH:mm', ''])
      expect(validate({ dueDateFormat: format }), format).toBe(false);
  });
});
