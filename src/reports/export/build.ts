/**
 * The thin loaders behind `crossings report` and `GET /api/reports/*`: read the plan, peaks,
 * forecasts and recent actuals from the database, then hand plain data to a writer.
 */
import type { Database } from '../../store/db.js';
import { all } from '../../store/db.js';
import { CrossingsError, staffingMessages } from '../../messages.js';
import { requireForecastRun, requirePort } from '../../store/lookups.js';
import { forecastChart, overviewHeatmap, renderPng } from '../charts/index.js';
import type { Basis, ForecastDay } from '../forecastDays.js';
import { assertDailyPort, loadCalendar, loadForecastDays, whyNoForecast } from '../forecastDays.js';
import { loadPeaks } from '../peaks.js';
import { coverRange, forecastSpan } from '../staffing/coverage.js';
import type { StaffingParamsInput } from '../staffing/params.js';
import { loadStaffingPlan } from '../staffing/load.js';
import { peaksCsv, staffingCsv, type PeakLevel, type StaffingLevel } from './csv.js';
import type { PeakReportData, PortInfo, ReportFile, ReportFormat, StaffingReportData } from './model.js';
import { basisValue, checkFormat, checkRange, CONTENT_TYPES, reportFilename } from './model.js';
import { peaksPdf, staffingPdf } from './pdf.js';
import { peaksXlsx, staffingXlsx } from './xlsx.js';
import { addDays } from '../../isoDays.js';

/** Options of buildStaffingReport; dates are YYYY-MM-DD. */
export interface StaffingReportOptions {
  /** Port id, name or alias. */
  port: string;
  direction?: string;
  from: string;
  to: string;
  format: ReportFormat;
  basis?: Basis;
  params?: StaffingParamsInput;
  /** CSV only: one row per shift and channel (default) or per slot and channel. */
  level?: StaffingLevel;
  runId?: number;
  /** Peak thresholds shown with the plan: history percentile (default 0.9) or a capacity per day. */
  percentile?: number;
  capacity?: number;
  /** Days of actuals drawn before the forecast in the PDF chart (default 56). */
  historyDays?: number;
  /** Report time (ISO); defaults to now. */
  generatedAt?: string;
  /** Report the part of from..to the forecast covers (saying so in the title) instead of refusing the range. */
  partial?: boolean;
  /** CSV only: start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
}

/** Options of buildPeakReport. */
export interface PeakReportOptions {
  port?: string;
  direction?: string;
  from: string;
  to: string;
  format: ReportFormat;
  basis?: Basis;
  percentile?: number;
  lastDays?: number;
  capacity?: number;
  runId?: number;
  /** CSV only: one row per peak day (default) or per period. */
  level?: PeakLevel;
  historyDays?: number;
  generatedAt?: string;
  /** CSV only: start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
  /** Report the part of from..to the forecast covers (saying so in the title) instead of refusing the range. */
  partial?: boolean;
  /** Every period above the threshold, not only the significant ones; the excess that makes one significant. */
  all?: boolean;
  minExcess?: number;
}

/** A port by id, name in any language or alias, with its names; throws with the nearest names when there is none. */
export async function loadPortInfo(db: Database, nameOrId: string): Promise<PortInfo> {
  const portId = await requirePort(db, nameOrId);
  const row = (await all(db, `select port_id, name, name_zh from ports where port_id = $id`, { id: portId }))[0]!;
  return toPortInfo(row);
}

/** Names of the given ports (all when none given). */
export async function loadPortInfos(db: Database, ids?: readonly string[]): Promise<PortInfo[]> {
  const rows = await all(db, `select port_id, name, name_zh from ports order by port_id`);
  const wanted = ids ? new Set(ids) : undefined;
  return rows.map(toPortInfo).filter((p) => !wanted || wanted.has(p.port_id));
}

function toPortInfo(r: Record<string, unknown>): PortInfo {
  return { port_id: String(r['port_id']), name: String(r['name']), name_zh: r['name_zh'] ? String(r['name_zh']) : null };
}

/** Daily actuals of one port and direction between two dates (total category), for charts. */
export async function loadRecentActuals(db: Database, port: string, direction: string, from: string, to: string): Promise<{ date: string; count: number }[]> {
  const rows = await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, cast(sum(count) as double) as count from crossings
      where port_id = $port and direction = $direction and category = 'total' and freq in ('day', 'hour')
        and date between cast($from as date) and cast($to as date)
      group by date order by date`,
    { port, direction, from, to },
  );
  return rows as unknown as { date: string; count: number }[];
}

/**
 * Forecast rows for the chart: a missing interval bound is drawn at the mean (a model without
 * intervals still gets its line), and negative bounds at 0 (counts are never negative).
 */
export function chartForecastRows(rows: readonly ForecastDay[]): { date: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }[] {
  const at = (v: number | null | undefined, fallback: number) => Math.max(0, v ?? fallback);
  return rows.map((r) => ({ date: r.date, mean: at(r.mean, 0), lo80: at(r.lo80, r.mean), hi80: at(r.hi80, r.mean), lo95: at(r.lo95, r.mean), hi95: at(r.hi95, r.mean) }));
}

/** PNGs of the forecast chart for each direction of a port, actuals from `historyDays` before `from`. */
export async function forecastPngs(db: Database, port: PortInfo, forecasts: readonly ForecastDay[], from: string, to: string, historyDays = 56): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const direction of [...new Set(forecasts.map((f) => f.direction))].sort()) {
    if (direction !== 'arrival' && direction !== 'departure') continue;
    const forecast = chartForecastRows(forecasts.filter((f) => f.port_id === port.port_id && f.direction === direction));
    if (forecast.length === 0) continue;
    const recent = await loadRecentActuals(db, port.port_id, direction, addDays(from, -historyDays), to);
    // Actuals that end weeks before the report's first day would leave the chart mostly empty between them.
    const actuals = recent.length && recent[recent.length - 1]!.date >= addDays(from, -7) ? recent : [];
    const spec = forecastChart({ actuals, forecast, port: { name: port.name, name_zh: port.name_zh }, direction });
    out.push(await renderPng(spec, { scale: 2 }));
  }
  return out;
}

/** Staffing report of one port as XLSX, PDF or CSV, from the latest forecast run (or `runId`). */
export async function buildStaffingReport(db: Database, options: StaffingReportOptions): Promise<ReportFile> {
  const format = checkFormat(options.format);
  checkRange(options.from, options.to);
  const port = await loadPortInfo(db, options.port);
  const basis = options.basis ?? 'mean';
  const plan = await loadStaffingPlan(db, {
    port: port.port_id, from: options.from, to: options.to, basis,
    ...(options.direction ? { direction: options.direction } : {}),
    ...(options.params ? { params: options.params } : {}),
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.partial ? { partial: true } : {}),
  });
  // Everything below shows the dates planned: the request, or the covered part of it when partial.
  const { from, to } = plan.coverage;
  const peaks = await loadPeaks(db, {
    port: port.port_id, from, to, basis, runId: plan.runId,
    ...(options.direction ? { direction: options.direction } : {}),
    ...(options.percentile !== undefined ? { percentile: options.percentile } : {}),
    ...(options.capacity !== undefined ? { capacity: options.capacity } : {}),
  });
  const forecasts = await loadForecastDays(db, { runId: plan.runId, from, to, port: port.port_id, ...(options.direction ? { direction: options.direction } : {}) });
  const holidays = await loadCalendar(db, addDays(from, -1), to);
  const data: StaffingReportData = { port, from, to, plan, peaks, forecasts, holidays, generatedAt: options.generatedAt ?? new Date().toISOString() };
  const level = options.level ?? 'shift';
  const filename = reportFilename('staffing', port.port_id + (options.direction ? `-${options.direction}` : ''), from, to, format, format === 'csv' && level === 'slot' ? '-slots' : '');
  let buffer: Buffer;
  if (format === 'csv') buffer = staffingCsv(data, level, { bom: options.bom !== false });
  else if (format === 'xlsx') buffer = await staffingXlsx(data);
  else buffer = await staffingPdf(data, await forecastPngs(db, port, forecasts, from, to, options.historyDays));
  return { buffer, contentType: CONTENT_TYPES[format], filename };
}

/** Peak report (days and periods) of one port or all, as XLSX, PDF or CSV. */
export async function buildPeakReport(db: Database, options: PeakReportOptions): Promise<ReportFile> {
  const format = checkFormat(options.format);
  checkRange(options.from, options.to);
  const port = options.port ? await loadPortInfo(db, options.port) : undefined;
  const basis = options.basis ?? 'mean';
  if (port) await assertDailyPort(db, port.port_id, staffingMessages.monthlyPeaks);
  // Exact coverage, as for staffing: the dates asked, or the covered part with partial, never a silent cut.
  const runId = await requireForecastRun(db, options.runId);
  const span = await forecastSpan(db, { runId, ...(port ? { port: port.port_id } : {}), ...(options.direction ? { direction: options.direction } : {}) });
  if (!span) throw new CrossingsError(port ? await whyNoForecast(db, { ...options, port: port.port_id, runId }) : staffingMessages.noForecastsFor('any port', options.from, options.to, runId), 'not_found');
  const coverage = coverRange(port?.name ?? 'all ports', options.from, options.to, span, runId, options.partial);
  const { from, to } = coverage;
  const peaks = await loadPeaks(db, {
    from, to, basis, runId,
    ...(port ? { port: port.port_id } : {}),
    ...(options.direction ? { direction: options.direction } : {}),
    ...(options.percentile !== undefined ? { percentile: options.percentile } : {}),
    ...(options.lastDays !== undefined ? { lastDays: options.lastDays } : {}),
    ...(options.capacity !== undefined ? { capacity: options.capacity } : {}),
    ...(options.all ? { all: true } : {}),
    ...(options.minExcess !== undefined ? { minExcess: options.minExcess } : {}),
  });
  const forecasts = await loadForecastDays(db, {
    runId: peaks.runId, from, to,
    ...(port ? { port: port.port_id } : {}),
    ...(options.direction ? { direction: options.direction } : {}),
  });
  const ports = await loadPortInfos(db, [...new Set(forecasts.map((f) => f.port_id))]);
  const holidays = await loadCalendar(db, from, to);
  const data: PeakReportData = { ports, from, to, peaks, forecasts, holidays, coverage, generatedAt: options.generatedAt ?? new Date().toISOString() };
  const level = options.level ?? 'days';
  const filename = reportFilename('peaks', (port?.port_id ?? 'all-ports') + (options.direction ? `-${options.direction}` : ''), from, to, format, format === 'csv' && level === 'periods' ? '-periods' : '');
  let buffer: Buffer;
  if (format === 'csv') buffer = peaksCsv(data, level, { bom: options.bom !== false });
  else if (format === 'xlsx') buffer = await peaksXlsx(data);
  else buffer = await peaksPdf(data, await peakPngs(db, data, options.historyDays));
  return { buffer, contentType: CONTENT_TYPES[format], filename };
}

/** Charts of a peak report: the forecast per direction for one port; a ports × days heatmap for several. */
async function peakPngs(db: Database, data: PeakReportData, historyDays?: number): Promise<Buffer[]> {
  const [only] = data.ports;
  if (data.ports.length === 1 && only) return forecastPngs(db, only, data.forecasts, data.from, data.to, historyDays);
  if (data.forecasts.length === 0) return [];
  const peak = new Set(data.peaks.days.map((d) => `${d.port_id}|${d.date}`));
  const names = new Map(data.ports.map((p) => [p.port_id, p]));
  // The heatmap has one row per port, so both directions are added up; a day is a peak if either direction is.
  const sums = new Map<string, { port: string; port_zh: string | null; date: string; mean: number; peak: boolean }>();
  for (const f of data.forecasts) {
    const key = `${f.port_id}|${f.date}`;
    const row = sums.get(key) ?? { port: names.get(f.port_id)?.name ?? f.port_id, port_zh: names.get(f.port_id)?.name_zh ?? null, date: f.date, mean: 0, peak: peak.has(key) };
    row.mean += basisValue(f, data.peaks.basis);
    sums.set(key, row);
  }
  const holidays = data.holidays.filter((h) => h.kind === 'holiday').map((h) => ({ date: h.date, name: h.name, region: h.region }));
  return [await renderPng(overviewHeatmap({ rows: [...sums.values()], holidays }), { scale: 2 })];
}
