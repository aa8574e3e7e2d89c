import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CrossingsError, messages } from './messages.js';

/**
 * Formats one CSV cell: quotes it when it holds a comma, quote or line break, and prefixes text that a spreadsheet
 * would run as a formula with ' (OWASP's advice against CSV injection); numbers are left as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = defuseFormula(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows to CSV text with a header line, in the given column order. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Text starting with = + - @ tab or CR, other than a plain number, gets a leading ' so no spreadsheet evaluates it. */
export function defuseFormula(s: string): string {
  if (!/^[=+\-@\t\r]/.test(s)) return s;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? s : `'${s}`;
}

/**
 * The records of a small CSV file (calendars, events) with lower-case trimmed headers, BOM dropped. Refuses the file
 * when it cannot be parsed, has no rows, or lacks a `required` column (`missing` says which in the file's terms).
 */
export function readCsvRecords(file: string, required: readonly string[], missing: (file: string, columns: readonly string[]) => string): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new CrossingsError(messages.unreadableFile(file, err instanceof Error ? err.message : String(err)));
  }
  const first = records[0] ?? {};
  const absent = required.filter((c) => !(c in first));
  if (records.length === 0 || absent.length) throw new CrossingsError(missing(file, absent.length ? absent : required));
  return records;
}
