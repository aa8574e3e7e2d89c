/**
 * Every user-facing message, in one place. Each says what went wrong and what to do.
 * Tests compare against these functions rather than against copied strings.
 */

/** An error whose message is meant for the user as it is (no stack trace needed). */
/** What kind of failure an error is: the API maps it to a status (src/api/errors.ts), the CLI to its exit code. */
export type ErrorKind = 'not_found' | 'invalid' | 'conflict' | 'unavailable';

/** An error whose message is for the user: the request cannot be done as asked. */
export class CrossingsError extends Error {
  constructor(message: string, readonly kind: ErrorKind = 'invalid', readonly exitCode = 2) {
    super(message);
    this.name = 'CrossingsError';
  }
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Start of the reject reason of a date valid only with day and month swapped: such a row refuses its whole file. */
const SWAPPED_DATE = 'day and month swapped:';
export const isSwappedDate = (reason: string) => reason.startsWith(SWAPPED_DATE);
/** The longest port, category or measure name ingest takes. */
export const NAME_LIMIT = 100;
const list = (xs: readonly (string | number)[]) => xs.map((x) => `"${x}"`).join(', ');

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export const messages = {
  // database
  databaseLocked: (path: string, pid: number, program: string) =>
    `The database ${path} is in use by another process (PID ${pid}: ${program}). ` +
    `Stop that process, or send the job to the running server (crossings ingest --server URL).`,
  serverUnreachable: (server: string, detail: string) =>
    `Could not reach the crossings server at ${server} (${detail}). Check the address, or that the server is running.`,
  analystViewsMissing: (path: string) =>
    `The database ${path} was made by an older crossings and has no analyst views yet. ` +
    `Open it once with a writing command (e.g. crossings ports list --db ${path}) or through the server, then run the query again.`,
  databaseOpenFailed: (path: string, detail: string) => `Could not open the database ${path}: ${detail}`,
  schemaVersionMismatch: (path: string, found: number, expected: number) =>
    `The database ${path} has schema version ${found}, this program expects ${expected}. ` +
    `Use a program of the matching version or start from a new database file.`,

  // ingest: whole-file refusals
  unknownFormat: (format: string, known: readonly string[]) =>
    `Unknown format "${format}". Known formats: ${list(known)}.`,
  fileNotFound: (file: string) => `${file}: no such file.`,
  diskFull: (file: string) =>
    `The disk holding ${file} is full: the change was not saved and the database keeps what it held before. Free some space (df -h) and run the command again.`,
  notARename: (alias: string) =>
    `"${alias}" was not made an alias by an automatic rename, so there is nothing to undo (crossings ports list shows the ports; crossings ports alias joins two).`,
  renamed: (alias: string, port: string, from: string) =>
    `renamed: "${alias}" continues "${port}" from ${from}; undo with crossings ports unalias "${alias}"`,
  likelyRename: (alias: string, portId: string, port: string, lastOld: string) =>
    `new port "${alias}" (${portId}) may continue "${port}", whose data stops on ${lastOld}: crossings ports alias "${alias}" "${port}" joins them`,
  newPorts: (names: string) => `new ports: ${names}`,
  notAFile: (file: string) => `${file} is a folder, not a file; give the path of a file in it.`,
  fileUnreadable: (file: string) => `${file}: this user may not read the file (permission denied); check its permissions (ls -l) or copy it somewhere readable.`,
  fileEmpty: (file: string) => `${file}: the file is empty; expected a header line and data rows.`,
  notText: (file: string, why: string) => `${file}: this is not a text CSV file (${why}).`,
  wrongDelimiter: (file: string, found: string) =>
    `${file}: the header is separated by ${found}, expected commas. Save the file as comma-separated CSV.`,
  missingColumns: (file: string, format: string, missing: readonly string[], found: readonly string[]) =>
    `${file}: not a ${format} file: missing column(s) ${list(missing)}; found ${list(found)}.`,
  noDataRows: (file: string) => `${file}: the file has a header but no data rows.`,
  ingestStopped: (reason: string, loaded: readonly string[], notTried: readonly string[]) =>
    `${reason}\nLoading stopped there. ` +
    (loaded.length ? `Loaded before it (kept, one transaction each): ${loaded.join(', ')}. ` : 'Nothing was loaded before it. ') +
    (notTried.length ? `Not loaded: ${notTried.join(', ')}; fix the file and load it and these again.` : 'Fix the file and load it again.'),
  datesSwapped: (file: string, expected: string, rows: number, lines: readonly (number | string)[]) =>
    `${file}: its dates are not written as ${expected}. ${rows} rows have dates that read only with day and month the ` +
    `other way round (lines ${lines.join(', ')}, …), so its other dates may be misread without an error. Nothing was loaded. ` +
    `Write the dates as ${expected} and load it again.`,
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
  countTooLarge: (column: string, value: string) =>
    `"${column}" is ${value}, more than the largest count that can be stored (9223372036854775807)`,
  swappedDate: (value: string, expected: string) =>
    `${SWAPPED_DATE} "${value}" is a date only when read the other way round; expected ${expected}`,
  futureDate: (value: string, latest: string) => `date ${value} is in the future (after ${latest}); a count cannot be loaded before its day`,
  dateTooEarly: (value: string, earliest: string) => `date ${value} is before ${earliest}, earlier than any border data this tool takes`,
  implausibleCount: (column: string, value: string, limit: string) =>
    `"${column}" is ${value}, more than ${limit} (the most a control point can plausibly count in one period)`,
  nameControlCharacters: (column: string) =>
    `"${column}" contains a control character (a NUL byte, tab or line break inside the text); remove it`,
  nameTooLong: (column: string, length: string) => `"${column}" is ${length} characters long, more than ${NAME_LIMIT}`,
  nameLikeFormula: (column: string, value: string) =>
    `"${column}" is "${value}", which starts with = + - or @ and a spreadsheet would run it as a formula`,
  badDirection: (value: string) => `bad direction "${value}", expected arrival or departure`,
  badHour: (value: string) => `bad hour "${value}", expected 0 to 23 or empty`,
  emptyField: (column: string) => `"${column}" is empty`,
  categoriesDoNotAddUp: (sum: number, total: number) =>
    `the traveller categories add up to ${sum} but Total is ${total}`,
  conflictingDuplicate: (key: string) => `conflicting duplicate: ${key} appears more than once with different counts`,
  malformedRow: (detail: string) => `malformed row: ${detail}`,

  // ingest runs: list and undo (src/ingest/runs.ts)
  unknownIngestRun: (id: number) => `There is no ingest run ${id}. List the runs with: crossings runs list`,
  runNotUndoable: (id: number, status: string) =>
    `Ingest run ${id} is ${status}, so it has nothing in the database to take out. Only a loaded run can be undone.`,
  runRevisedLater: (id: number, later: readonly number[], counts: number, example: string) =>
    `Ingest run ${id} cannot be undone: ${counts} of its counts were revised since by run(s) ${later.join(', ')} (e.g. ${example}). ` +
    `Undo ${later.length > 1 ? 'those runs' : `run ${later[0]}`} first (latest first), then run ${id}.`,
  runUndone: (id: number, deleted: number, restored: number) =>
    `Run ${id} undone: ${deleted} new counts deleted, ${restored} revised counts restored. Refit the forecasts (crossings forecast) to use the restored data.`,

  // ports and calendar
  unknownPortName: (name: string) => `No port is named "${name}". List them with: crossings ports list`,
  aliasSame: (name: string) => `"${name}" already names that port.`,
  calendarMissingColumns: (file: string, missing: readonly string[]) =>
    `${file}: a calendar file needs the columns date, region, name (and optionally kind); missing ${list(missing)}.`,
  calendarBadKind: (file: string, line: number, kind: string) =>
    `${file}, line ${line}: kind "${kind}" must be holiday, adjusted_workday or event.`,
  calendarBadDate: (file: string, line: number, value: string) =>
    `${file}, line ${line}: bad date "${value}", expected YYYY-MM-DD.`,

  // events known in advance (issue 20 item 5): `at` is "FILE, line N" for a file, "events[N]" for the API
  eventsMissingColumns: (file: string, missing: readonly string[]) =>
    `${file}: an events file needs the columns date, port, name, kind (and optionally volume and region); missing ${list(missing)}.`,
  eventsEmpty: () => 'Give at least one event: date, port (empty for a region-wide event), name, kind and optionally volume.',
  eventBadDate: (at: string, value: string) => `${at}: bad date "${value}", expected YYYY-MM-DD between 1990 and 2100. Nothing was imported.`,
  eventBadName: (at: string, what: string, value: string, limit: number) =>
    `${at}: the ${what} "${value}" must be 1 to ${limit} characters, without control characters, and not start with = + - @. Nothing was imported.`,
  eventBadKind: (at: string, value: string) =>
    `${at}: kind "${value}" must be a short lower-case word such as ship, event or booking (letters, digits, _). Nothing was imported.`,
  eventBadVolume: (at: string, value: string) =>
    `${at}: volume "${value}" must be a number above 0 and at most 10,000,000 (a ship's capacity, an audience), or empty. Nothing was imported.`,
  eventUnknownPort: (at: string, text: string, suggestions: readonly { port_id: string; name: string }[]) =>
    `${at}: no port is named "${text}"` +
    (suggestions.length ? `; did you mean ${suggestions.map((s) => `${s.name} (${s.port_id})`).join(' or ')}?` : ' (crossings ports list shows them).') +
    ' Nothing was imported.',
  eventUnknownRegion: (at: string, region: string, known: readonly string[]) =>
    `${at}: no port is in region "${region}"; regions: ${list(known)}. Leave region empty for every port. Nothing was imported.`,
  eventRepeated: (at: string, first: string, date: string, name: string) =>
    `${at}: "${name}" on ${date} is listed twice for the same port (also ${first}); give each event once. Nothing was imported.`,
  eventsImported: (count: number, scopes: readonly string[], replaced: number) =>
    `${count} event${count === 1 ? '' : 's'} for ${scopes.join(', ')}` + (replaced ? ` (replacing ${replaced} on the same dates)` : '') + '. Refit the forecasts (crossings forecast) to use them.',
  eventsClearNeedsOne: () => 'Say which events to remove: --port P (that port\'s own), --region R (the region-wide ones of R) or --all, optionally with --from and --to.',
  eventsCleared: (count: number, scope: string) => `${count} event${count === 1 ? '' : 's'} removed${scope ? ` for ${scope}` : ''}.`,

  // api
  unknownPort: (text: string, suggestions: readonly { port_id: string; name: string }[]) =>
    `No port is named "${text}". ` +
    (suggestions.length
      ? `Did you mean ${suggestions.map((s) => `${s.name} (${s.port_id})`).join(' or ')}?`
      : 'Ports are found by id, English, Simplified or Traditional Chinese name; list them with crossings ports list or GET /api/ports.'),
  fromAfterTo: (from: string, to: string) => `"from" (${from}) is after "to" (${to}).`,
  badQueryDate: (name: string, value: string) => `"${name}" is "${value}", expected a date YYYY-MM-DD.`,
  queryDateOutOfRange: (name: string, value: string, first: number, last: number) =>
    `"${name}" is ${value}, outside the years this service answers for (${first}–${last}); give a date between ${first}-01-01 and ${last}-12-31.`,
  badQueryInteger: (name: string, value: unknown, min: number, max: number) => `"${name}" is "${String(value)}", expected a whole number from ${min} to ${max}.`,
  portInUse: (host: string, port: number) =>
    `Port ${port} on ${host} is already in use by another program (another crossings server?). Stop it, or start this one on another port: PORT=8081 npm start.`,
  staleTempRemoved: (dir: string) => `removed ${dir}, left in the temp folder by a crossings process that stopped without cleaning up`,
  uploadTooLarge: (limitBytes: number) =>
    `The upload is larger than ${Math.round(limitBytes / 1024 / 1024)} MB, the most this server takes (CROSSINGS_UPLOAD_LIMIT_MB); load a file that large with \`crossings ingest FILE\` on the server's machine.`,
  uploadCutShort: 'The upload ended before its declared length (the connection was closed); nothing was loaded.',
  badUploadName: (name: string) =>
    `The upload's filename "${name}" is not a file name; give the file's own name (letters, digits, spaces, . _ -), e.g. filename=daily.csv.`,
  internalError: () => 'Something went wrong on the server. It has been logged; try again or tell the operators.',

  // api: forecasts, backtests, charts, jobs
  noForecastRun: () => 'There are no forecasts yet. Make some with: crossings forecast --horizon 56 (or, as an admin, POST /api/forecast-runs).',
  unknownForecastRun: (run: number) => `There is no forecast run ${run}. Leave the run out for the latest one (GET /api/forecast-runs lists them).`,
  noBacktestsYet: () => 'There are no backtests yet. Run one with: crossings backtest --horizon 28 --origins YYYY-MM-DD',
  unknownBacktestRun: (run: number) => `There is no backtest run ${run}. Leave "run" out for the latest backtest run.`,
  badLevels: (value: string) => `"levels" is "${value}", expected interval levels separated by commas from 80 and 95 (e.g. 80,95), or "none".`,
  unknownChartName: (name: string, known: readonly string[]) =>
    `Unknown chart "${name}". Known charts: ${list(known)}; add .svg or .png (or format=svg|png) for an image.`,
  chartNeedsPort: (chart: string) => `The ${chart} chart is of one port: add port=ID (see GET /api/ports).`,
  chartFormatConflict: (suffix: string, format: string) => `The path asks for ${suffix} but format is "${format}"; give one or the other.`,
  notAcceptable: (accepted: readonly string[]) => `This route answers ${accepted.join(' or ')}; change the Accept header or use format=.`,
  rangeTooLong: (days: number, max: number) => `The date range covers ${days} days; at most ${max} are allowed. Narrow "from" and "to".`,
  // access without keys (issue 17: downloads out of the box)
  localMode: (host: string) =>
    `No API keys set and serving on ${host}, a loopback address: local mode, every role (planner, manager, analyst, admin) is open to this machine. ` +
    'Set CROSSINGS_API_KEYS=KEY:ROLE,... to require keys.',
  openMode: (host: string) =>
    `No API keys set and CROSSINGS_OPEN=1: every role (planner, manager, analyst, admin) is open to anyone who can reach ${host}. ` +
    'Set CROSSINGS_API_KEYS=KEY:ROLE,... to require keys.',
  keysNeeded: (host: string) =>
    `Refusing to serve on ${host} without API keys: anyone who can reach it could load data, undo loads and run SQL. ` +
    'Set CROSSINGS_API_KEYS=KEY:ROLE,... (roles planner, manager, analyst, admin), or serve on 127.0.0.1 (HOST), or set CROSSINGS_OPEN=1 to open every role on purpose.',
  roleClosedWithoutKeys: (need: string, host: string) =>
    `This needs the ${need} role, and with no API keys only a loopback address (or CROSSINGS_OPEN=1) opens it; this server is on ${host}. ` +
    'Set CROSSINGS_API_KEYS on the server and send a key in x-api-key.',
  rateLimited: (max: number, after: string) => `Too many requests: at most ${max} per window for this key. Try again in ${after}.`,
  badRequestValue: (detail: string) => `The request is not valid: ${detail}`,
  slotsTwice: () => 'Ask for detail=slots (every slot row) or slots=true (the half-hour curve), not both.',
  shiftsOrReset: () => 'Give the shifts of the template ([{name, start, hours}]) or reset: true to go back to the default.',
  noForecastsForQuery: (run: number, port: string, category: string) =>
    `Forecast run ${run} has no ${category} forecasts for ${port}. Check port and category (GET /api/ports lists the series).`,
  noSeries: (port: string, direction: string, category: string) =>
    `No counts of ${category} ${direction}s at ${port}. GET /api/ports lists each port's series (a US port counts arrivals by measure, such as personal_vehicle_passengers).`,
} as const;

/** Messages of peaks, intraday profiles and staffing. */
export const staffingMessages = {
  // parameters
  paramOutOfRange: (path: string, value: unknown, expected: string) =>
    `Staffing parameter ${path} is ${JSON.stringify(value)}; expected ${expected}.`,
  channelSharesDoNotSum: (scope: string, sum: number) =>
    `Channel shares for ${scope} add up to ${round(sum, 4)}; they must add up to 1 (e.g. egate 0.7, counter 0.27, priority 0.03).`,
  shiftsDoNotTile: (detail: string) =>
    `The shifts must start on slot boundaries and cover each hour at most once: ${detail}.`,
  openWithoutShift: (port: string, date: string, start: string) =>
    `${port} is open at ${start} on ${date}, but no shift of its template covers that time. Add a shift that does (crossings shifts set, PUT /api/port-shifts) or reset the port to its default template.`,
  shiftsSetNeedsOne: () => 'Give --shifts (e.g. early=06:30-15:00,late=15:00-24:00) or --reset, one of them.',
  badShiftSpec: (spec: string, detail: string) =>
    `The shift "${spec}" is not usable: ${detail}. Write each shift as name=HH:MM-HH:MM (end 24:00 for midnight; earlier than the start for past midnight), separated by commas, e.g. early=06:30-15:00,late=15:00-24:00.`,
  invalidStaffingParams: (problems: readonly string[]) =>
    `The staffing parameters are not valid:\n- ${problems.join('\n- ')}\nFix them and run again.`,
  unknownChannel: (channel: string, known: readonly string[]) =>
    `Unknown channel "${channel}". Known channels: ${list(known)}.`,

  // profiles
  badProfile: (where: string, detail: string) =>
    `The intraday profile ${where} is not usable: ${detail}. Give 24 non-negative hourly weights with a positive sum.`,
  badSlotMinutes: (value: unknown) => `Slot length is ${JSON.stringify(value)} minutes; expected 30 or 60.`,
  unknownPortKind: (port: string, kind: string, known: readonly string[]) =>
    `Port "${port}" has kind "${kind}", which has no default intraday profile. Known kinds: ${list(known)}; ` +
    `set the port's kind or add a profile for "${kind}" to src/reports/staffing/default-profiles.json.`,

  // opening hours (issue 17)
  badHoursDate: (port: string, date: string) => `The exception date of ${port} is "${date}"; expected YYYY-MM-DD.`,
  badHoursLine: (file: string, line: number, detail: string) =>
    `${file} line ${line}: ${detail}. Columns: port, opens, closes (HH:MM), and date or from/to for an exception, source. Nothing was stored.`,
  badHours: (where: string, opens: string, closes: string) =>
    `The opening hours of ${where} are "${opens}" to "${closes}"; expected HH:MM times (closing may be 24:00, or earlier than opening for past midnight).`,
  // capacity and targets by traveller group (issue 17)
  badCapacityRow: (where: string, port: string, detail: string) =>
    `The capacity of ${port} in ${where} is not usable: ${detail}. Give direction, channel (egate, counter, priority) and positions.`,
  badCapacityLine: (file: string, line: number, detail: string) =>
    `${file} line ${line}: ${detail}. Columns: port, direction (arrival, departure or both), channel, positions, source. Nothing was stored.`,
  badTarget: (where: string, detail: string) =>
    `The service target of ${where} is not usable: ${detail}. Give a wait in minutes and a share, e.g. 15 and 0.98.`,
  unknownGroup: (group: string, known: readonly string[]) =>
    `Unknown traveller group "${group}". Known groups: ${list(known)}.`,
  monthlyPort: (port: string) =>
    `Port "${port}" has only monthly counts (e.g. the US BTS data), and a monthly total says nothing about ` +
    `queues at a given hour; staffing plans need daily or hourly data. Load daily counts for this port, or plan a daily port.`,
  monthlyPeaks: (port: string) =>
    `Port "${port}" has only monthly counts (e.g. the US BTS data): a peak report lists peak days, which monthly totals ` +
    `cannot show. Its forecast and peak months per measure are in the dashboard's port view (GET /api/peaks?port=${port}&category=MEASURE).`,
  noProfile: (port: string, direction: string, dayType: string) =>
    `There is no ${dayType} intraday profile for ${port} ${direction}. Build profiles with resolveProfiles for every port and direction planned.`,

  // peaks
  badBasis: (value: unknown) => `Basis is ${JSON.stringify(value)}; expected "mean" or "hi80".`,
  badPercentile: (value: unknown) => `Percentile is ${JSON.stringify(value)}; expected a number between 0 and 1, such as 0.9.`,
  badLastDays: (value: unknown) => `The history window is ${JSON.stringify(value)} days; expected a whole number of days above 0, such as 365.`,
  badCapacity: (port: string, direction: string, value: unknown) =>
    `The capacity for ${port} ${direction} is ${JSON.stringify(value)}; expected a number of travellers per day above 0.`,
  missingBasisValue: (port: string, direction: string, date: string, basis: string) =>
    `The forecast for ${port} ${direction} on ${date} has no ${basis} value. Use basis "mean", or forecast again with intervals.`,

  // database
  noForecastsFor: (port: string, from: string, to: string, runId: number) =>
    `Forecast run ${runId} has nothing for ${port} from ${from} to ${to}. Forecast further ahead, or pick other dates.`,
  forecastElsewhen: (port: string, from: string, to: string, runId: number, first: string, last: string) =>
    `Forecast run ${runId} covers ${port} from ${first} to ${last}, nothing from ${from} to ${to}. Forecast further ahead, or pick other dates.`,
  portNotForecast: (port: string, runId: number) =>
    `Forecast run ${runId} has nothing for ${port}: none of its counts are loaded, or they were too old to forecast (crossings ports list shows what each port has).`,
  categoryNotForecast: (port: string, category: string, have: readonly string[], runId: number) =>
    `Forecast run ${runId} has no ${category.replaceAll('_', ' ')} for ${port}; it has ${have.map((c) => c.replaceAll('_', ' ')).join(', ')}. ${have.length === 1 ? 'Ask for that' : 'Pick one of those'} as the category.`,
  // coverage: a plan or report is exactly the dates asked, or says what it covers (issue 17, staffing)
  rangeBeyondForecast: (port: string, from: string, to: string, first: string, last: string, runId: number, horizon: number) =>
    `Forecast run ${runId} for ${port} covers ${first} to ${last}, so ${from} to ${to} cannot be planned in full` +
    (from < first ? ` (days before ${first} are history, not forecast: see /api/actuals)` : '') +
    (to > last ? `; the forecast ends on ${last}. Extend it to ${to} with: crossings forecast --horizon ${horizon} (or POST /api/forecast-runs {"horizon": ${horizon}})` : '') +
    `. Or ask for dates within ${first} to ${last}, or add partial=true (--partial) for the part that is covered.`,
  partialCoverage: (from: string, to: string, askedFrom: string, askedTo: string, first: string, last: string) =>
    `Partial: covers ${from} to ${to} of the ${askedFrom} to ${askedTo} asked (the forecast runs ${first} to ${last}).`,
  severalModels: (runId: number, series: string, models: readonly string[]) =>
    `Forecast run ${runId} holds several models for ${series} (${list(models)}); say which one to use with the model option.`,

  // labels shown in reports
  travellers: (who: 'residents-leaving' | 'residents-returning' | 'visitors-arriving' | 'visitors-leaving' | 'departures' | 'arrivals', region: string) =>
    ({
      'residents-leaving': `${region} residents leaving`,
      'residents-returning': `${region} residents coming home`,
      'visitors-arriving': `visitors from ${region} arriving`,
      'visitors-leaving': `visitors from ${region} going home`,
      departures: 'departures (not the usual direction for this holiday)',
      arrivals: 'arrivals (not the usual direction for this holiday)',
    })[who],
  holidayLabel: (name: string, region: string, timing: 'before' | 'during' | 'after', flow: 'outbound' | 'return', travellers: string, projected = false) =>
    `${name} (${region}${projected ? ', dates projected' : ''}): ${flow === 'outbound' ? 'outbound flood' : 'return flood'} ${timing} the holiday, ${travellers}`,

  // The same label in Chinese (simplified), for the dashboard in zh.
  travellersZh: (who: 'residents-leaving' | 'residents-returning' | 'visitors-arriving' | 'visitors-leaving' | 'departures' | 'arrivals', region: string) =>
    ({
      'residents-leaving': `${region}居民出行`,
      'residents-returning': `${region}居民回程`,
      'visitors-arriving': `${region}旅客到来`,
      'visitors-leaving': `${region}旅客离开`,
      departures: '出境（与此假期的常见方向相反）',
      arrivals: '入境（与此假期的常见方向相反）',
    })[who],
  holidayLabelZh: (name: string, region: string, timing: 'before' | 'during' | 'after', flow: 'outbound' | 'return', travellers: string, projected = false) =>
    `${name}（${region}${projected ? '，日期为推算' : ''}）：${({ before: '假期前', during: '假期中', after: '假期后' })[timing]}${flow === 'outbound' ? '出行高峰' : '回程高峰'}，${travellers}`,
} as const;

/** Messages of charts. */
export const chartMessages = {
  unknownChart: (name: string, known: readonly string[]) => `Unknown chart "${name}". Known charts: ${list(known)}.`,
  noRows: (chart: string) => `The ${chart} chart has no data rows to draw; choose a port, direction or date range that has data.`,
  badDate: (value: string) => `Bad date "${value}" in chart data, expected YYYY-MM-DD.`,
  badCount: (chart: string, row: number, field: string, value: string) =>
    `The ${chart} chart got "${field}" = ${value} in row ${row}; expected a non-negative number of travellers.`,
  noCjkFont: (tried: readonly string[]) =>
    `No CJK font file found for PNG charts (tried ${list(tried)}). Install one (apt-get install fonts-noto-cjk) ` +
    `or set CROSSINGS_CHART_FONT to the path of a .ttc/.otf/.ttf font that covers Chinese.`,
  fontNotFound: (path: string) =>
    `The chart font ${path} does not exist. Fix CROSSINGS_CHART_FONT (or the fontFiles option) to name a font file that exists.`,
  compileFailed: (detail: string) => `Could not compile the chart spec: ${detail}`,
  networkRefused: (uri: string) =>
    `The chart tried to load "${uri}"; charts are rendered offline, so put the data inline (data.values).`,
};

/** Messages of report exports. */
export const exportMessages = {
  badFormat: (value: unknown, known: readonly string[]) => `Report format is ${JSON.stringify(value)}; expected one of ${list(known)}.`,
  badLevel: (value: unknown, known: readonly string[]) => `Report detail level is ${JSON.stringify(value)}; expected one of ${list(known)}.`,
  badDate: (name: string, value: unknown) => `"${name}" is ${JSON.stringify(value)}, expected a date YYYY-MM-DD.`,
  fromAfterTo: (from: string, to: string) => `"from" (${from}) is after "to" (${to}); swap them.`,
  noPdfFont: (file: string) =>
    `The font file ${file} has no face the PDF writer can use. Install fonts-noto-cjk, or set CROSSINGS_CHART_FONT to a .ttf, .otf or .ttc file with Chinese glyphs.`,
  badNumber: (name: string, value: unknown, expected: string) => `--${name} is ${JSON.stringify(value)}; expected ${expected}.`,
} as const;

/** Messages of the forecasting commands. */
export const modelMessages = {
  closedPorts: (ports: string) => `closed, forecast as zero (only zeros over their last 28 days or 3 months): ${ports}`,
  stalePorts: (ports: string) => `stale, forecast from the rest of their source's last date across a gap with no data: ${ports}`,
  gonePorts: (ports: string) => `not forecast, no data for over a year while their source still reports: ${ports}`,
  noSeries: (db: string) => `The database ${db} has no crossings to forecast. Load data first: crossings ingest --db ${db} --format ... FILE`,
  badHorizon: (value: string) => `--horizon is "${value}", expected a whole number of periods ≥ 1 (days for daily series, months for monthly).`,
  badOrigin: (value: string) => `Origin "${value}" is not a date YYYY-MM-DD. Give origins as --origins 2025-02-26,2025-04-23`,
  noOrigins: () => `Give at least one origin: --origins 2025-02-26,2025-04-23 (each forecast uses data up to and including its origin).`,
  noBacktestWindows: (origins: readonly string[]) =>
    `No series has data both up to and after the origins ${origins.join(', ')}; choose origins inside the loaded history.`,
  noForecastsYet: () => `No stored forecasts have actuals yet. Run crossings forecast, load newer data, then ask again.`,
  projectedHolidays: (from: string) =>
    `Note: the forecast reaches ${from} and later, where the mainland's holidays are projected from the statutory rules (the State Council's list is not loaded): its long blocks may start or end a day off and some adjusted working days are missing. Load the published list with crossings calendar import FILE (columns date,region,name,kind; region CN) and forecast again.`,
} as const;

/** Messages of the holiday outlook (issue 20). */
export const outlookMessages = {
  needPeriod: () => 'Say which days: --from YYYY-MM-DD --to YYYY-MM-DD, or a holiday: --holiday "Lunar New Year" --year 2026 (API: from=&to= or holiday=&year=).',
  datesOrHoliday: () => 'Give either dates (--from and --to) or a holiday (--holiday and --year), not both: a holiday brings its own dates.',
  needYear: (holiday: string) => `Say which year's "${holiday}": add --year YYYY (API: year=YYYY).`,
  fromAfterTo: (from: string, to: string) => `"from" (${from}) is after "to" (${to}); swap them.`,
  unknownHoliday: (name: string, year: number, known: readonly string[]) =>
    `The calendar has no holiday "${name}" starting in ${year}. ` +
    (known.length ? `Its holidays that year: ${list(known)} (English or Chinese names, e.g. 春节 or 農曆新年).` : `It has no holidays in ${year}: load them with crossings calendar import FILE.`),
  noDailyForecasts: (runId: number, country: string) =>
    `Forecast run ${runId} has no daily forecasts of ${country} control points (an outlook needs daily counts; monthly ones have no peak day). ` +
    `Load daily counts and forecast them: crossings forecast --horizon 56`,
  allControlPoints: (country: string) => `all ${country} control points`,
  unknownOutlook: (id: number) => `There is no stored outlook ${id}. List them with: crossings outlook list`,
  stored: (id: number) => `Stored as outlook ${id} (crossings outlook list scores it once the actuals are loaded).`,
  notStored: () => 'Not stored: the server holds the database. Stop it and run crossings outlook again to keep this outlook for scoring.',
} as const;

/** Messages of the analysts' SQL workbench. */
const SQL_ALLOWED = 'SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, EXPLAIN, SHOW';
export const sqlMessages = {
  emptyQuery: () => 'The query is empty. Send one reading statement, e.g. SELECT * FROM daily_crossings LIMIT 10.',
  tooManyStatements: (count: number) =>
    `The query holds ${count} statements; send one statement per request (drop the extra ";").`,
  pivotNeedsValues: () =>
    `A PIVOT without an IN list makes DuckDB run a second statement to find the column values; name them instead, e.g. PIVOT (SELECT port_id, direction, count FROM crossings) ON direction IN ('arrival', 'departure') USING sum(count).`,
  statementRefused: (kind: string) =>
    `${kind} statements are refused: the SQL workbench is read-only and runs only reading statements (${SQL_ALLOWED}).`,
  fileAccessRefused: (detail: string) =>
    `The query tries to read or write a file, which the SQL workbench never allows (query the tables and views instead; GET /api/sql/schema lists them). DuckDB said: ${detail}`,
  syntaxError: (detail: string, line: number, column: number) =>
    `Syntax error at line ${line}, column ${column}: ${detail}`,
  queryError: (detail: string) => `The query failed: ${detail}`,
  timedOut: (seconds: number) =>
    `The query was stopped after ${seconds} s, the time limit of the SQL workbench. Narrow it (fewer days or ports, an aggregate, a LIMIT) and try again.`,
  outOfMemory: (limit: string) =>
    `The query needed more than the ${limit} of memory the SQL workbench allows. Aggregate, filter or add a LIMIT and try again.`,
  resultTooLarge: (megabytes: number) =>
    `The result grew past ${megabytes} MB and was cut off. Select fewer columns or rows, or aggregate.`,
  unknownFormat: (format: string, known: readonly string[]) =>
    `Unknown result format "${format}". Known formats: ${known.join(', ')}.`,
  badSavedQueryName: (name: string) =>
    `"${name}" is not a valid query name: use 1 to 64 lower-case letters, digits, "_" or "-", starting with a letter.`,
  unknownSavedQuery: (name: string) => `There is no saved query "${name}". List them with GET /api/queries.`,
  undeclaredParameter: (name: string, declared: readonly string[]) =>
    `The query uses $${name} but declares only ${declared.length ? declared.map((d) => `$${d}`).join(', ') : 'no parameters'}; add "${name}" to params.`,
  missingParameter: (name: string) => `The query needs a value for $${name}; pass ${name}=VALUE.`,
  badParameterValue: (name: string) => `The value of $${name} must be a string, number, boolean or null.`,
  unusedParameter: (name: string) => `"${name}" is not a parameter of this query; leave it out.`,
  positionalParameter: () => 'Use named parameters ($port, $from) rather than positional ones ($1, ?).',
  // SQL worker pool and result bounds (issue 19 items 1-2).
  resultRefusedTooLarge: (bytes: number) =>
    `The result is larger than ${megabytes(bytes)}, the most one SQL answer may hold, so nothing was sent. ` +
    `Narrow the query: select fewer columns, filter to fewer days or ports, aggregate, or add a LIMIT` +
    ` (from the command line, crossings sql --out FILE allows more).`,
  busy: (running: number, queued: number, retryAfter: number) =>
    `The SQL workbench is busy: ${running} queries are running and ${queued} are waiting, the most it takes at once. ` +
    `Try again in ${retryAfter} s; long queries go faster with filters or aggregates.`,
  busyForKey: (limit: number, retryAfter: number) =>
    `You already have ${limit} SQL queries running or waiting, the most one key may have at once. ` +
    `Wait for them to finish (try again in ${retryAfter} s).`,
  workerStopped: (detail: string) =>
    `The query's worker process stopped (${detail}), most likely because the query needed more memory than it may use. ` +
    `Aggregate, filter or add a LIMIT and try again.`,
  workerFailedToStart: (detail: string) =>
    `The SQL workbench could not start its worker processes (${detail}); the server's log says why. Try again later.`,
  resultTooLargeToBuild: (format: string) =>
    `The result is too large to build in memory as ${format} (one value or the whole text passes what Node can hold). ` +
    `Narrow the query: add a LIMIT, select fewer columns, aggregate, or write --format parquet to a file with --out.`,
  resultTooLargeForFile: (bytes: number) =>
    `The result is larger than ${megabytes(bytes)}, the most crossings sql builds in memory, so nothing was written. ` +
    `Narrow the query: add a LIMIT, select fewer columns, filter to fewer days or ports, or aggregate.`,
  snapshotFailed: (detail: string) => `Could not prepare the read-only copy of the database for SQL: ${detail}`,
};
