/**
 * CLI commands of reports: `crossings peaks` prints the peak periods; `crossings report staffing|peaks`
 * writes an XLSX, PDF or CSV file. Both only read the database, so they open it read-only.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Database } from '../store/db.js';
import { withDatabase } from '../store/open.js';
import { BASES, type Basis } from '../reports/forecastDays.js';
import { loadPeaks, type PeakPeriod, type PeaksResult } from '../reports/peaks.js';
import { buildPeakReport, buildStaffingReport, loadPortInfo } from '../reports/export/build.js';
import { PEAK_LEVELS, STAFFING_LEVELS, type PeakLevel, type StaffingLevel } from '../reports/export/csv.js';
import { checkRange, peakCountText, REPORT_FORMATS, severityText, type ReportFile, type ReportFormat } from '../reports/export/model.js';
import { dbOption, positive, shareOf, stdOut, wholeNumber, type Out } from './options.js';
import { textTable } from '../reports/text.js';
import { fetchServer, localOrServer } from '../store/serverFile.js';

/** Opens the database read-only (reports never write), runs fn, and always closes it. */
const readDb = <T>(path: string, fn: (db: Database) => Promise<T>): Promise<T> => withDatabase(path, fn, { readOnly: true });

/** The peak periods as a text table, most severe first, with a line saying what was counted and the series that cannot peak. */
export function formatPeaks(result: PeaksResult): string {
  const name = (id: string) => result.port_names?.[id] ?? id;
  const counted = `${peakCountText(result)}${result.significance.all ? '' : ', --all lists them'}; forecast run ${result.runId}, basis ${result.basis}`;
  if (result.periods.length === 0) return `${counted}.`;
  const fmt = (v: number | null) => (v === null ? '' : Math.round(v).toLocaleString('en-US'));
  const rows = result.periods.map((p: PeakPeriod & { rank: number }) => [
    String(p.rank), name(p.port_id), p.direction, p.start, p.end, lengthText(p), p.peak_date, fmt(p.peak_value), fmt(p.normal), fmt(p.threshold),
    severityText(p.severity), p.holiday?.label ?? '',
  ]);
  const lines = [
    textTable(['rank', 'port', 'direction', 'start', 'end', 'length', 'peak day', 'peak', 'normal', 'threshold', 'severity', 'holiday'], rows, new Set([0, 5, 7, 8, 9, 10])),
    '',
    `${counted}, ${result.days.length} peak days.`,
  ];
  if (result.unthresholded.length > 0) lines.push(`No threshold (no history, no capacity): ${result.unthresholded.map((s) => `${name(s.port_id)} ${s.direction}`).join(', ')}.`);
  return lines.join('\n');
}

/** A period's length in its series' unit: "3 days", "1 month". */
function lengthText(p: PeakPeriod): string {
  const unit = p.unit === 'month' ? 'month' : 'day';
  return `${p.days} ${unit}${p.days === 1 ? '' : 's'}`;
}

function writeReport(file: ReportFile, out: string | undefined, print: Out): void {
  const path = out ?? file.filename;
  writeFileSync(path, file.buffer);
  print(`${path}: ${file.buffer.length.toLocaleString('en-US')} bytes (${file.contentType.split(';')[0]}).`);
}

/** Adds `peaks` and `report staffing|peaks` to the crossings program (commander v14). */
export function registerReportCommands(program: Command, out: Out = stdOut): Command {
  const basisOption = () => new Option('--basis <basis>', 'compare or staff for the mean or the upper 80% bound').choices(BASES).default('mean');
  const directionOption = () => new Option('--direction <direction>', 'one direction only').choices(['arrival', 'departure']);
  const formatOption = () => new Option('--format <format>', 'file format').choices(REPORT_FORMATS).makeOptionMandatory();
  const percentileOption = () => new Option('--percentile <p>', 'history percentile that makes a peak day (default 0.9)').argParser(shareOf('percentile'));
  const capacityOption = () => new Option('--capacity <n>', 'travellers per day above which a day is a peak, instead of history').argParser(positive('capacity'));
  const runOption = () => new Option('--run <id>', 'forecast run (default the latest)').argParser(wholeNumber('run'));
  const minExcessOption = () => new Option('--min-excess <share>', 'excess over the normal for the weekday and season that makes a period significant (default 0.15)').argParser(positive('min-excess'));

  interface Common { db: string; from: string; to: string; basis: Basis; direction?: string; percentile?: number; capacity?: number; run?: number; server?: string; all?: boolean; minExcess?: number; category?: string }
  const common = (o: Common) => ({
    ...checkRange(o.from, o.to), basis: o.basis,
    ...(o.all ? { all: true } : {}),
    ...(o.minExcess !== undefined ? { minExcess: o.minExcess } : {}),
    ...(o.direction ? { direction: o.direction } : {}),
    ...(o.percentile !== undefined ? { percentile: o.percentile } : {}),
    ...(o.capacity !== undefined ? { capacity: o.capacity } : {}),
    ...(o.run !== undefined ? { runId: o.run } : {}),
  });

  /** The options every peaks and report command takes: database, port, dates, basis and thresholds. */
  const withSelection = (cmd: Command, portRequired: boolean): Command => {
    cmd.addOption(dbOption());
    if (portRequired) cmd.requiredOption('--port <port>', 'port id, name or alias');
    else cmd.option('--port <port>', 'port id, name or alias (default all)');
    return cmd
      .addOption(directionOption())
      .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
      .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
      .addOption(basisOption())
      .addOption(percentileOption())
      .addOption(capacityOption())
      .addOption(runOption())
      .option('--all', 'list every period above the threshold, not only the significant ones')
      .addOption(minExcessOption())
      .option('--server <url>', 'ask a running crossings server (found by itself when the server holds the file)');
  };
  /** The options of a command that writes a report file. */
  const withReportFile = (cmd: Command): Command =>
    cmd.addOption(formatOption()).option('--out <file>', 'file to write (default a name from the port and dates)')
      .option('--no-bom', 'CSV only: leave out the UTF-8 byte-order mark (kept by default so Excel reads Chinese names right)');

  const peaks = program
    .command('peaks')
    .description('Print the peak periods of the forecast: days above a port\'s history percentile or a capacity, with their holidays.');
  withSelection(peaks, false)
    .option('--category <category>', 'traveller group or measure (default total; a US BTS port has e.g. personal_vehicle_passengers)')
    .action(async (o: Common & { port?: string }) => {
      const result = await localOrServer(o.db, o.server,
        () => readDb(o.db, async (db) => {
          const port = o.port ? await loadPortInfo(db, o.port) : undefined;
          return loadPeaks(db, { ...common(o), ...(port ? { port: port.port_id } : {}), ...(o.category ? { category: o.category } : {}) });
        }),
        (url) => peaksFromServer(url, serverQuery(o, { ...(o.port ? { port: o.port } : {}), ...(o.category ? { category: o.category } : {}) })));
      out(formatPeaks(result));
    });

  const report = program.command('report').description('Write staffing and peak reports as XLSX, PDF or CSV.');
  withReportFile(withSelection(report.command('staffing').description('Staffing plan of one port: positions per channel and officers per shift.'), true))
    .addOption(new Option('--slot-minutes <n>', 'slot length').choices(['30', '60']))
    .addOption(new Option('--level <level>', 'CSV detail: per shift and channel, or per slot').choices(STAFFING_LEVELS).default('shift'))
    .option('--partial', 'when the dates go beyond the forecast, report the covered part (and say so) instead of refusing')
    .action(async (o: Common & { port: string; format: ReportFormat; out?: string; slotMinutes?: '30' | '60'; level: StaffingLevel; partial?: boolean; bom: boolean }) => {
      const file = await localOrServer(o.db, o.server,
        () => readDb(o.db, (db) => buildStaffingReport(db, {
          ...common(o), port: o.port, format: o.format, level: o.level, bom: o.bom, ...(o.partial ? { partial: true } : {}),
          ...(o.slotMinutes ? { params: { slotMinutes: Number(o.slotMinutes) as 30 | 60 } } : {}),
        })),
        (url) => reportFromServer(url, 'staffing', serverQuery(o, { port: o.port, format: o.format, level: o.level, ...(o.slotMinutes ? { slot_minutes: o.slotMinutes } : {}), ...(o.partial ? { partial: 'true' } : {}), ...(o.bom ? {} : { bom: 'false' }) })));
      writeReport(file, o.out, out);
    });
  withReportFile(withSelection(report.command('peaks').description('Peak days and periods of one port or all.'), false))
    .addOption(new Option('--level <level>', 'CSV detail: one row per peak day or per period').choices(PEAK_LEVELS).default('days'))
    .option('--partial', 'when the dates go beyond the forecast, report the covered part (and say so) instead of refusing')
    .action(async (o: Common & { port?: string; format: ReportFormat; out?: string; level: PeakLevel; bom: boolean; partial?: boolean }) => {
      const file = await localOrServer(o.db, o.server,
        () => readDb(o.db, (db) => buildPeakReport(db, { ...common(o), ...(o.port ? { port: o.port } : {}), format: o.format, level: o.level, bom: o.bom, ...(o.partial ? { partial: true } : {}) })),
        (url) => reportFromServer(url, 'peaks', serverQuery(o, { ...(o.port ? { port: o.port } : {}), format: o.format, level: o.level, ...(o.partial ? { partial: 'true' } : {}), ...(o.bom ? {} : { bom: 'false' }) })));
      writeReport(file, o.out, out);
    });
  return program;
}

/** The common options as the API's query string (same names, snake case). */
function serverQuery(o: { from: string; to: string; basis: Basis; direction?: string; percentile?: number; capacity?: number; run?: number; all?: boolean; minExcess?: number }, extra: Record<string, string>): URLSearchParams {
  const q = new URLSearchParams({ ...checkRange(o.from, o.to), basis: o.basis, ...extra });
  if (o.all) q.set('all', 'true');
  if (o.minExcess !== undefined) q.set('min_excess', String(o.minExcess));
  if (o.direction) q.set('direction', o.direction);
  if (o.percentile !== undefined) q.set('percentile', String(o.percentile));
  if (o.capacity !== undefined) q.set('capacity', String(o.capacity));
  if (o.run !== undefined) q.set('run', String(o.run));
  return q;
}

/** GET /api/peaks of a running server, as the result loadPeaks gives. */
async function peaksFromServer(server: string, query: URLSearchParams): Promise<PeaksResult> {
  const body = (await (await fetchServer(server, `/api/peaks?${query}`)).json()) as Omit<PeaksResult, 'runId'> & { run_id: number };
  const { run_id: runId, ...rest } = body;
  return { ...rest, runId } as PeaksResult;
}

/** GET /api/reports/KIND of a running server, as the file the local builder makes. */
async function reportFromServer(server: string, kind: 'staffing' | 'peaks', query: URLSearchParams): Promise<ReportFile> {
  const res = await fetchServer(server, `/api/reports/${kind}?${query}`);
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}.${query.get('format') ?? 'xlsx'}`;
  return { filename, contentType: res.headers.get('content-type') ?? 'application/octet-stream', buffer: Buffer.from(await res.arrayBuffer()) };
}
