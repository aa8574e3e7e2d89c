import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;
export const SAMPLE = new URL('../../data/sample/', import.meta.url).pathname;
export const HK_SAMPLE = join(SAMPLE, 'hk-immd.daily-passenger-traffic.2024-2025.csv');
export const BTS_SAMPLE = join(SAMPLE, 'us-bts.border-crossing.2015-2019.csv');

/** A temporary folder for this test file, removed afterwards. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crossings-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The HK sample's header and first `n` data lines, exactly as published (BOM, CRLF, trailing comma). */
export function hkLines(n: number): { header: string; rows: string[] } {
  const text = readFileSync(HK_SAMPLE, 'utf8');
  const lines = text.split('\r\n');
  return { header: lines[0]!, rows: lines.slice(1, n + 1) };
}

/** Writes a CSV in the HK file's own style (CRLF line ends). */
export function writeHk(dir: string, name: string, header: string, rows: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[header, ...rows].join('\r\n')}\r\n`);
  return file;
}

/** Writes a file from raw text or bytes. */
export function writeRaw(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Whether poppler's pdftotext is installed (the PDF tests read their output back with it). */
export const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
