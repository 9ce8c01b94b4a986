import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xssCorpusModel } from '../../shared/reports/xssCorpus';
import { UsageError, type CliIo } from './cliIo';
import { runReport } from './commands/report';

const repo = join(import.meta.dirname, '..', '..');

function workspace(): { dir: string; io: CliIo } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-report-'));
  copyFileSync(join(repo, 'examples', 'webshop.gatehouse.json'), join(dir, 'shop.gatehouse.json'));
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    cwd: dir,
    env: { GATEHOUSE_NOW: '2026-12-01' },
  };
  return { dir, io };
}

describe('gatehouse report', () => {
  it('prints the Markdown report, dated by GATEHOUSE_NOW', async () => {
    const { io } = workspace();
    const markdown = await runReport(io, 'shop.gatehouse.json', { format: 'markdown' });
    expect(markdown).toMatch(/^# Threat model report: Web shop\n/);
    expect(markdown).toContain('As of 2026-12-01');
    expect(markdown).toContain('\n## Threats by feature\n');
  });

  it('writes the HTML report to --out atomically (no temporary file left) and says so', async () => {
    const { dir, io } = workspace();
    const message = await runReport(io, 'shop.gatehouse.json', {
      format: 'html',
      out: 'report.html',
      now: '2027-01-15',
    });
    expect(message).toMatch(/^Wrote report\.html: html report of \d+ threats\.\n$/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('2027-01-15');
    expect(html).not.toMatch(/<script/i);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'shop.gatehouse.json']);
    // The same model and date always give the same bytes.
    expect(await runReport(io, 'shop.gatehouse.json', { format: 'html', now: '2027-01-15' })).toBe(
      html,
    );
  });

  it('escapes a hostile model in both formats', async () => {
    const { dir, io } = workspace();
    writeFileSync(join(dir, 'hostile.gatehouse.json'), JSON.stringify(xssCorpusModel()));
    const html = await runReport(io, 'hostile.gatehouse.json', { format: 'html' });
    expect(html).not.toContain('<script>window.__xss=1</script>');
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    const markdown = await runReport(io, 'hostile.gatehouse.json', { format: 'markdown' });
    expect(markdown).not.toMatch(/<[a-z]/i);
  });

  it('refuses an unknown format before reading anything', async () => {
    const { io } = workspace();
    await expect(runReport(io, 'missing.gatehouse.json', { format: 'pdf' })).rejects.toThrow(
      UsageError,
    );
  });
});
