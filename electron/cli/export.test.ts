import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ExitCode, type CliIo } from './cliIo';
import { main } from './main';

const repo = join(import.meta.dirname, '..', '..');

async function run(dir: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: dir,
    env: { GATEHOUSE_NOW: '2026-12-01' },
  };
  return { code: await main(argv, io), stdout, stderr };
}

describe('gatehouse export', () => {
  it('writes accepted stories as Jira CSV and Cloud bulk bodies, and all stories on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-export-'));
    copyFileSync(
      join(repo, 'examples', 'webshop.gatehouse.json'),
      join(dir, 'shop.gatehouse.json'),
    );
    const { stories } = JSON.parse(
      (await run(dir, ['stories', 'shop.gatehouse.json', '--format', 'json'])).stdout,
    );
    const chosen = stories.slice(0, 3);
    for (const story of chosen)
      expect(
        (await run(dir, ['triage', 'accept-story', 'shop.gatehouse.json', story.id])).code,
      ).toBe(0);

    expect(
      (await run(dir, ['export', 'jira-csv', 'shop.gatehouse.json', '--out', 'stories.csv'])).code,
    ).toBe(0);
    const rows = parse(readFileSync(join(dir, 'stories.csv'), 'utf8'), {
      relax_column_count: false,
    }) as string[][];
    const header = rows[0]!;
    expect(header).toEqual(
      expect.arrayContaining([
        'Summary',
        'Issue Type',
        'Priority',
        'Description',
        'Labels',
        'Due date',
      ]),
    );
    const labelColumns = header.flatMap((name, index) => (name === 'Labels' ? [index] : []));
    const storyRows = rows.slice(1).filter((row) => row[header.indexOf('Issue Type')] === 'Story');
    expect(storyRows).toHaveLength(chosen.length);
    const identityLabels = storyRows.map((row) =>
      labelColumns.map((i) => row[i]).find((label) => label?.startsWith('gatehouse-S-')),
    );
    expect(identityLabels.sort()).toEqual(
      chosen.map((s: { id: string }) => `gatehouse-${s.id}`).sort(),
    );

    expect(
      (await run(dir, ['export', 'jira-cloud', 'shop.gatehouse.json', '--out', 'cloud.json'])).code,
    ).toBe(ExitCode.unusableInput);
    expect(
      (
        await run(dir, [
          'export',
          'jira-cloud',
          'shop.gatehouse.json',
          '--out',
          'cloud.json',
          '--project',
          'SHOP',
          '--stories',
          'all',
        ])
      ).code,
    ).toBe(0);
    const cloud = JSON.parse(readFileSync(join(dir, 'cloud.json'), 'utf8'));
    const bodies = cloud.chunks.map(
      (chunk: { body: { issueUpdates: unknown[] } }) => chunk.body.issueUpdates.length,
    );
    expect(Math.max(...bodies)).toBeLessThanOrEqual(50);
    const created = cloud.chunks.flatMap(
      (chunk: { body: { issueUpdates: { fields: { issuetype: { name: string } } }[] } }) =>
        chunk.body.issueUpdates.filter((u) => u.fields.issuetype.name === 'Story'),
    );
    expect(created).toHaveLength(
      stories.filter((s: { state: string }) => s.state !== 'rejected').length,
    );
    expect(
      (
        await run(dir, [
          'export',
          'jira-dc',
          'shop.gatehouse.json',
          '--out',
          'dc.json',
          '--project',
          'SHOP',
        ])
      ).code,
    ).toBe(0);
  });
});
