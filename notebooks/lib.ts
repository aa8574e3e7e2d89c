/**
 * What the notebooks share: the project's read-only SQL sandbox on the database named by CROSSINGS_DB,
 * queries returning plain row objects, and Markdown tables for display.
 */
import { openFileSandbox } from '../src/sql/fileSandbox.js';
import { resultRows } from '../src/sql/formats.js';
import { runInSandbox, type SqlParams } from '../src/sql/sandbox.js';
import { renderSvg } from '../src/reports/charts/render.js';
import type { TopLevelSpec } from 'vega-lite';

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

/** Displays rows as a Markdown table in the notebook (explicitly, so it shows wherever the call stands in a cell). */
export async function show(rows: Record<string, unknown>[], digits = 2): Promise<void> {
  await Deno.jupyter.display({ 'text/markdown': markdownTable(rows, digits), 'text/plain': markdownTable(rows, digits) }, { raw: true });
}

/**
 * Displays a Vega-Lite chart as a static SVG drawn by the project's renderer (so it shows in exported HTML
 * and on GitHub), with the spec beside it for front ends that draw Vega-Lite themselves.
 */
export async function showChart(spec: Record<string, unknown>): Promise<void> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 640, height: 280, ...spec } as TopLevelSpec;
  const svg = await renderSvg(full);
  check(/<path/.test(svg), `the chart "${String(spec['title'] ?? '')}" draws marks`);
  await Deno.jupyter.display({ 'image/svg+xml': svg, 'application/vnd.vegalite.v6+json': full, 'text/plain': String(spec['title'] ?? 'chart') }, { raw: true });
}

/** Throws when a check on the data fails, so a headless run fails visibly. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

/** The database the notebook reads. */
export const databasePath = path;
