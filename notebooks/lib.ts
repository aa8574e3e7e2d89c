/**
 * What the notebooks share: the project's read-only SQL sandbox on the database named by CROSSINGS_DB,
 * queries returning plain row objects, and Markdown tables for display.
 */
import { openFileSandbox } from '../src/sql/commands.ts';
import { resultRows } from '../src/sql/formats.ts';
import { runInSandbox, type SqlParams } from '../src/sql/sandbox.ts';

const path = Deno.env.get('CROSSINGS_DB') ?? new URL('../data/crossings.duckdb', import.meta.url).pathname;
const sandbox = await openFileSandbox(path, { timeoutMs: 60_000 });

/** Runs one reading statement in the project's SQL sandbox and returns row objects. */
export async function query(sql: string, params?: SqlParams): Promise<Record<string, unknown>[]> {
  const result = await runInSandbox(sandbox, sql, params ? { params } : {});
  return resultRows(result).map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}

/** Rows as a Markdown table (numbers rounded to `digits`). */
export function markdownTable(rows: Record<string, unknown>[], digits = 2): string {
  if (rows.length === 0) return '_(no rows)_';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(digits) : v === null ? '' : String(v));
  return [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`)].join('\n');
}

/** Displays rows as a Markdown table in the notebook. */
export function show(rows: Record<string, unknown>[], digits = 2) {
  return Deno.jupyter.md`${markdownTable(rows, digits)}`;
}

/** Throws when a check on the data fails, so a headless run fails visibly. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

/** The database the notebook reads. */
export const databasePath = path;
