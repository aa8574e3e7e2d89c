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
