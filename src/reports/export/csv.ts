/**
 * CSV exports for other systems (rostering, dashboards): flat long tables with stable column names,
 * plain numbers (no thousands separators) and ISO dates.
 */
import { toCsv } from '../../csv.js';
import { CrossingsError } from '../../messages.js';
import { exportMessages as msg } from '../../messages.js';
import type { PeakReportData, StaffingReportData } from './model.js';
import { periodOf } from './model.js';

/** Staffing CSV detail: one row per shift and channel, or per slot and channel. */
export type StaffingLevel = 'shift' | 'slot';
export const STAFFING_LEVELS: readonly StaffingLevel[] = ['shift', 'slot'];

/** Peak CSV detail: one row per peak day, or per peak period. */
export type PeakLevel = 'days' | 'periods';
export const PEAK_LEVELS: readonly PeakLevel[] = ['days', 'periods'];

export const STAFFING_SHIFT_COLUMNS = [
  'port_id', 'port_name', 'port_name_zh', 'direction', 'shift_date', 'shift', 'shift_start', 'shift_end', 'shift_times', 'channel', 'group', 'target_wait_minutes', 'target_share', 'complete', 'slots', 'shared_slots', 'arrivals',
  'positions_peak', 'positions_mean', 'officers_peak', 'officers_rostered', 'officer_hours', 'shrinkage',
  'positions_needed_peak', 'capacity', 'shortfall_peak', 'service_level_min', 'mean_wait_max_seconds', 'occupancy_max', 'unstable', 'over_capacity', 'basis', 'run_id',
] as const;

export const STAFFING_SLOT_COLUMNS = [
  'port_id', 'direction', 'date', 'slot', 'start', 'shift', 'shift_date', 'day_type', 'channel', 'group', 'target_wait_minutes', 'target_share', 'shared_line', 'open', 'forecast', 'arrivals', 'erlangs',
  'positions_needed', 'capacity', 'positions', 'shortfall', 'service_level', 'occupancy', 'mean_wait_seconds', 'unstable', 'prob_abandon', 'officers', 'officers_rostered',
  'over_capacity', 'unreachable', 'basis', 'run_id',
] as const;

export const PEAK_DAY_COLUMNS = [
  'port_id', 'port_name', 'port_name_zh', 'direction', 'date', 'basis', 'value', 'threshold', 'ratio', 'threshold_source',
  'normal', 'excess', 'capacity_excess', 'severity', 'period_rank', 'period_start', 'period_end', 'holiday', 'holiday_region', 'holiday_timing', 'holiday_flow', 'holiday_label', 'holiday_label_zh', 'run_id',
] as const;

export const PEAK_PERIOD_COLUMNS = [
  'rank', 'port_id', 'port_name', 'port_name_zh', 'direction', 'start', 'end', 'days', 'peak_date', 'peak_value', 'threshold', 'peak_ratio', 'basis',
  'normal', 'excess', 'capacity_excess', 'severity', 'holiday', 'holiday_region', 'holiday_timing', 'holiday_flow', 'holiday_label', 'holiday_label_zh', 'run_id',
] as const;

/** Options of the CSV writers. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark (default true), so Excel on Windows reads 罗湖 as UTF-8, not as a code page. */
  bom?: boolean;
}

/** CSV text as UTF-8 bytes, with the byte-order mark unless `bom` is false. */
export function csvBytes(text: string, options: CsvOptions = {}): Buffer {
  return Buffer.from(options.bom === false ? text : `\uFEFF${text}`, 'utf8');
}

/** Rounds a figure for CSV: travellers to 0.01, shares and ratios to 1e-4 (more digits only look precise). */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Staffing plan as CSV: per shift and channel (default) or per slot and channel. */
export function staffingCsv(data: StaffingReportData, level: StaffingLevel = 'shift', options: CsvOptions = {}): Buffer {
  if (!STAFFING_LEVELS.includes(level)) throw new CrossingsError(msg.badLevel(level, STAFFING_LEVELS));
  const { plan, port } = data;
  if (level === 'slot') {
    const rows = plan.slots.map((s) => ({
      ...s, forecast: round(s.forecast, 2), arrivals: round(s.arrivals, 2), erlangs: round(s.erlangs, 4), service_level: round(s.service_level, 4),
      occupancy: round(s.occupancy, 4), mean_wait_seconds: Number.isFinite(s.mean_wait_seconds) ? round(s.mean_wait_seconds, 1) : null, prob_abandon: round(s.prob_abandon, 4), run_id: plan.runId,
    }));
    return csvBytes(toCsv(rows, STAFFING_SLOT_COLUMNS), options);
  }
  const rows = plan.shifts.map((s) => ({
    ...s, port_name: port.name, port_name_zh: port.name_zh ?? '', arrivals: round(s.arrivals, 2), positions_mean: round(s.positions_mean, 2),
    officer_hours: round(s.officer_hours, 2), service_level_min: round(s.service_level_min, 4), occupancy_max: round(s.occupancy_max, 4),
    mean_wait_max_seconds: Number.isFinite(s.mean_wait_max_seconds) ? round(s.mean_wait_max_seconds, 1) : null, basis: plan.basis, run_id: plan.runId,
  }));
  return csvBytes(toCsv(rows, STAFFING_SHIFT_COLUMNS), options);
}

/** The severity figures of a day or period, rounded as ratios are. */
function severityCols(r: { normal: number | null; excess: number | null; capacity_excess: number | null; severity: number }) {
  const opt = (v: number | null, digits: number) => (v === null ? '' : round(v, digits));
  return { normal: opt(r.normal, 2), excess: opt(r.excess, 4), capacity_excess: opt(r.capacity_excess, 4), severity: round(r.severity, 4) };
}

/** Peaks as CSV: one row per peak day with its period and holiday (default), or one row per period, most severe first. */
export function peaksCsv(data: PeakReportData, level: PeakLevel = 'days', options: CsvOptions = {}): Buffer {
  if (!PEAK_LEVELS.includes(level)) throw new CrossingsError(msg.badLevel(level, PEAK_LEVELS));
  const names = new Map(data.ports.map((p) => [p.port_id, p]));
  const portCols = (id: string) => ({ port_name: names.get(id)?.name ?? id, port_name_zh: names.get(id)?.name_zh ?? '' });
  const holidayCols = (h: PeakReportData['peaks']['periods'][number]['holiday']) => ({
    holiday: h?.name ?? '', holiday_region: h?.region ?? '', holiday_timing: h?.timing ?? '', holiday_flow: h?.flow ?? '', holiday_label: h?.label ?? '',
    holiday_label_zh: h?.label_zh ?? '',
  });
  if (level === 'periods') {
    const rows = data.peaks.periods.map((p) => ({
      ...p, ...portCols(p.port_id), ...holidayCols(p.holiday), peak_value: round(p.peak_value, 2), threshold: round(p.threshold, 2),
      peak_ratio: round(p.peak_ratio, 4), ...severityCols(p), run_id: data.peaks.runId,
    }));
    return csvBytes(toCsv(rows, PEAK_PERIOD_COLUMNS), options);
  }
  const rows = data.peaks.days.map((d) => {
    const p = periodOf(data.peaks.periods, d);
    return {
      ...d, ...portCols(d.port_id), ...holidayCols(p?.holiday ?? null), value: round(d.value, 2), threshold: round(d.threshold, 2),
      ratio: round(d.ratio, 4), ...severityCols(d), period_rank: p?.rank ?? '', period_start: p?.start ?? '', period_end: p?.end ?? '', run_id: data.peaks.runId,
    };
  });
  return csvBytes(toCsv(rows, PEAK_DAY_COLUMNS), options);
}
