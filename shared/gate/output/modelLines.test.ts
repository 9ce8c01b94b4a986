import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idLines } from './modelLines';

const examplePath = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'examples',
  'webshop.gatehouse.json',
);
const exampleText = readFileSync(examplePath, 'utf8');
const exampleLines = exampleText.split('\n');

/** The 1-based line of `"id": "<id>"` in the example, found by reading the file as lines. */
function lineOfRecord(id: string): number {
  const index = exampleLines.findIndex((line) => line.trim().startsWith(`"id": "${id}"`));
  expect(index, `record ${id} in the example`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('idLines', () => {
  const lines = idLines(exampleText);

  it.each(['web-shop', 'api-gateway', 'f-payment-webhook', 'zone-dmz', 'checkout'])(
    'finds the record %s of the example model on its line',
    (id) => {
      expect(lines.get(id)).toBe(lineOfRecord(id));
    },
  );

  it('points at the record, not at an earlier reference to it', () => {
    // `zone-internal` is first named as the admin's zoneId, long before its own record.
    const firstMention = exampleLines.findIndex((line) => line.includes('"zone-internal"')) + 1;
    expect(lines.get('zone-internal')).toBe(lineOfRecord('zone-internal'));
    expect(lines.get('zone-internal')).toBeGreaterThan(firstMention);
  });

  it('finds every record of the example and nothing else', () => {
    const recordIds = exampleLines
      .map((line) => /^\s*"id": "([^"]+)"/u.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(recordIds.length).toBe(39);
    expect([...lines.keys()].sort()).toEqual([...new Set(recordIds)].sort());
  });

  it('finds triage records by threatId', () => {
    const text = JSON.stringify(
      {
        elements: [{ id: 'api' }],
        threats: [{ threatId: 'T-0123456789abcdef', status: 'open' }],
      },
      null,
      2,
    );
    expect(text.split('\n')[8]).toContain('"threatId": "T-0123456789abcdef"');
    expect(idLines(text).get('T-0123456789abcdef')).toBe(9);
  });

  it('keeps the first occurrence when an ID appears again as a nested target', () => {
    const text = JSON.stringify(
      {
        elements: [{ id: 'api' }],
        manualThreats: [{ id: 'T-0000000000000001', targets: [{ role: 'target', id: 'api' }] }],
      },
      null,
      2,
    );
    expect(idLines(text).get('api')).toBe(4);
    expect(idLines(text).get('T-0000000000000001')).toBe(9);
  });

  it('does not take text inside a string for a record', () => {
    const text = [
      '{',
      '  "description": "not a record: \\"id\\": \\"fake\\", nor {\\"id\\":\\"fake2\\"}",',
      '  "path": "C:\\\\",',
      '  "id": "after-backslashes",',
      '  "tags": ["id", "x"],',
      '  "name": "id",',
      '  "other": "value"',
      '}',
    ].join('\n');
    expect(JSON.parse(text)).toBeTruthy();
    expect(idLines(text)).toEqual(new Map([['after-backslashes', 4]]));
  });

  it('reads a hand-edited model: CRLF endings, other spacing, escaped keys', () => {
    const text = '{\r\n"elements":[\r\n{ "id" :\t"a" },\r\n{"\\u0069d":"b"}\r\n]\r\n}\r\n';
    expect(JSON.parse(text)).toBeTruthy();
    expect(idLines(text)).toEqual(
      new Map([
        ['a', 3],
        ['b', 4],
      ]),
    );
  });

  it('counts a lone CR as a line break, and puts everything of a one-line file on line 1', () => {
    expect(idLines('{\r"id": "a",\r"x": {"id": "b"}}').get('b')).toBe(3);
    expect(idLines(JSON.stringify({ elements: [{ id: 'a' }, { id: 'b' }] }))).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    );
  });

  it('returns what it found before an unterminated string', () => {
    expect(idLines('{"id": "a",\n"name": "unterminated')).toEqual(new Map([['a', 1]]));
  });
});
