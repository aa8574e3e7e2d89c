/**
 * Every user-facing message, in one place. Each says what went wrong and what to do.
 * Tests compare against these functions rather than against copied strings.
 */

/** An error whose message is meant for the user as it is (no stack trace needed). */
export class CrossingsError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'CrossingsError';
  }
}

const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

export const messages = {
  // database
  databaseLocked: (path: string, pid: number, program: string) =>
    `The database ${path} is in use by another process (PID ${pid}: ${program}). ` +
    `Stop that process, or send the job to the running server (crossings ingest --server URL).`,
  databaseOpenFailed: (path: string, detail: string) => `Could not open the database ${path}: ${detail}`,
  schemaVersionMismatch: (path: string, found: number, expected: number) =>
    `The database ${path} has schema version ${found}, this program expects ${expected}. ` +
    `Use a program of the matching version or start from a new database file.`,

  // ingest: whole-file refusals
  unknownFormat: (format: string, known: readonly string[]) =>
    `Unknown format "${format}". Known formats: ${list(known)}.`,
  fileNotFound: (file: string) => `${file}: no such file.`,
  fileEmpty: (file: string) => `${file}: the file is empty; expected a header line and data rows.`,
  notText: (file: string, why: string) => `${file}: this is not a text CSV file (${why}).`,
  wrongDelimiter: (file: string, found: string) =>
    `${file}: the header is separated by ${found}, expected commas. Save the file as comma-separated CSV.`,
  missingColumns: (file: string, format: string, missing: readonly string[], found: readonly string[]) =>
    `${file}: not a ${format} file: missing column(s) ${list(missing)}; found ${list(found)}.`,
  noDataRows: (file: string) => `${file}: the file has a header but no data rows.`,
  tooManyRejects: (file: string, rejected: number, max: number) =>
    `${file}: ${rejected} rows were rejected, more than --max-rejects ${max}; nothing was loaded. ` +
    `See the reasons below, fix the file, and load it again.`,
  unreadableFile: (file: string, detail: string) => `${file}: could not be read as CSV: ${detail}`,
  parquetMissingColumns: (file: string, missing: readonly string[], found: readonly string[]) =>
    `${file}: not a long-format Parquet file: missing column(s) ${list(missing)}; found ${list(found)}.`,

  // ingest: row rejects (the reason column of ingest_rejects)
  badDate: (value: string, expected: string) => `bad date "${value}", expected ${expected}`,
  badCount: (column: string, value: string) => `"${column}" is "${value}", expected a whole number of travellers`,
  negativeCount: (column: string, value: string) => `"${column}" is negative (${value})`,
  badDirection: (value: string) => `bad direction "${value}", expected arrival or departure`,
  badHour: (value: string) => `bad hour "${value}", expected 0 to 23 or empty`,
  emptyField: (column: string) => `"${column}" is empty`,
  categoriesDoNotAddUp: (sum: number, total: number) =>
    `the traveller categories add up to ${sum} but Total is ${total}`,
  conflictingDuplicate: (key: string) => `conflicting duplicate: ${key} appears more than once with different counts`,
  malformedRow: (detail: string) => `malformed row: ${detail}`,

  // ports and calendar
  unknownPortName: (name: string) => `No port is named "${name}". List them with: crossings ports list`,
  aliasSame: (name: string) => `"${name}" already names that port.`,
  calendarMissingColumns: (file: string, missing: readonly string[]) =>
    `${file}: a calendar file needs the columns date, region, name (and optionally kind); missing ${list(missing)}.`,
  calendarBadKind: (file: string, line: number, kind: string) =>
    `${file}, line ${line}: kind "${kind}" must be holiday, adjusted_workday or event.`,
  calendarBadDate: (file: string, line: number, value: string) =>
    `${file}, line ${line}: bad date "${value}", expected YYYY-MM-DD.`,

  // api
  unknownPort: (id: string, known: readonly string[]) => `Unknown port "${id}". Known ports: ${list(known)}.`,
  fromAfterTo: (from: string, to: string) => `"from" (${from}) is after "to" (${to}).`,
  badQueryDate: (name: string, value: string) => `"${name}" is "${value}", expected a date YYYY-MM-DD.`,
  internalError: () => 'Something went wrong on the server. It has been logged; try again or tell the operators.',

  // api: forecasts, backtests, charts, jobs
  noForecastRunYet: () => 'There are no forecasts yet. An admin can make some with POST /api/forecast-runs (or crossings forecast).',
  unknownForecastRunId: (run: number) => `There is no forecast run ${run}. Leave "run" out for the latest run.`,
  noBacktestsYet: () => 'There are no backtests yet. Run one with: crossings backtest --horizon 28 --origins YYYY-MM-DD',
  unknownBacktestRun: (run: number) => `There is no backtest run ${run}. Leave "run" out for the latest backtest run.`,
  badLevels: (value: string) => `"levels" is "${value}", expected interval levels separated by commas from 80 and 95 (e.g. 80,95), or "none".`,
  unknownChartName: (name: string, known: readonly string[]) =>
    `Unknown chart "${name}". Known charts: ${list(known)}; add .svg or .png (or format=svg|png) for an image.`,
  chartNeedsPort: (chart: string) => `The ${chart} chart is of one port: add port=ID (see GET /api/ports).`,
  chartFormatConflict: (suffix: string, format: string) => `The path asks for ${suffix} but format is "${format}"; give one or the other.`,
  notAcceptable: (accepted: readonly string[]) => `This route answers ${accepted.join(' or ')}; change the Accept header or use format=.`,
  rangeTooLong: (days: number, max: number) => `The date range covers ${days} days; at most ${max} are allowed. Narrow "from" and "to".`,
  rateLimited: (max: number, after: string) => `Too many requests: at most ${max} per window for this key. Try again in ${after}.`,
  badRequestValue: (detail: string) => `The request is not valid: ${detail}`,
  noForecastsForQuery: (run: number, port: string, category: string) =>
    `Forecast run ${run} has no ${category} forecasts for ${port}. Check port and category (GET /api/ports lists the series).`,
} as const;
