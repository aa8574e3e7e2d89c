/**
 * What the report writers take (plain data from loadStaffingPlan and loadPeaks) and the small pure
 * functions that shape it into the tables every format shows, so XLSX, PDF and CSV agree by construction.
 */
import type { Basis, CalendarDay, ForecastDay } from '../forecastDays.js';
import type { PeakDay, PeakPeriod, PeaksResult } from '../peaks.js';
import type { Channel } from '../staffing/params.js';
import type { LoadedStaffingPlan } from '../staffing/load.js';
import type { StaffingShift } from '../staffing/plan.js';
import type { ShiftTimes } from '../staffing/shifts.js';
import { slotRequirements } from '../staffing/roster.js';
import { CHANNELS } from '../staffing/params.js';
import { hoursText } from '../staffing/hours.js';
import type { Coverage } from '../staffing/coverage.js';
import { exportMessages as msg } from '../../messages.js';
import { CrossingsError } from '../../messages.js';
import { isCalendarDate } from '../../isoDays.js';

export type ReportFormat = 'xlsx' | 'pdf' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'pdf', 'csv'];

/** A finished report file, ready to write to disk or send over HTTP. */
export interface ReportFile {
  buffer: Buffer;
  contentType: string;
  filename: string;
}

/** A port as reports name it: English and (where known) Simplified Chinese. */
export interface PortInfo {
  port_id: string;
  name: string;
  name_zh: string | null;
}

/** Everything a staffing report shows; the loader fills it from the database. */
export interface StaffingReportData {
  port: PortInfo;
  from: string;
  to: string;
  plan: LoadedStaffingPlan;
  peaks: PeaksResult;
  /** The daily forecasts the plan was made from (all directions planned). */
  forecasts: ForecastDay[];
  /** Holiday days within the range, for the summary's holiday column. */
  holidays: CalendarDay[];
  /** When the report was made (ISO timestamp); given, so the same data gives the same file. */
  generatedAt: string;
}

/** Everything a peak report shows. */
export interface PeakReportData {
  ports: PortInfo[];
  from: string;
  to: string;
  /** The dates reported against the dates asked (absent: the dates asked). */
  coverage?: Coverage;
  peaks: PeaksResult;
  forecasts: ForecastDay[];
  holidays: CalendarDay[];
  generatedAt: string;
}

/** One direction in one shift, channels side by side: the row a duty roster is made from. */
export interface ShiftLine {
  direction: string;
  shift_date: string;
  shift: string;
  start: string;
  /** "06:30–15:00" (a split shift's parts joined by " + "). */
  times: string;
  complete: boolean;
  peak: boolean;
  travellers: number;
  positions: Record<Channel, number>;
  officers: Record<Channel, number>;
  officers_on_position: number;
  officers_rostered: number;
  over_capacity: boolean;
  /** Per channel, over both groups' lines: positions the targets need, installed (null: unknown), and needed but not installed. */
  needed: Record<Channel, number>;
  capacity: Record<Channel, number | null>;
  shortfall: Record<Channel, number>;
  /** What the short channels achieve at capacity, in words; empty when nothing is short. */
  shortfall_note: string;
}

/** One day of the port: forecasts by direction, peaks, and officers rostered per shift (both directions). */
export interface DayLine {
  date: string;
  holiday: string;
  forecast: Record<string, number | null>;
  peak_directions: string[];
  officers: Record<string, number | null>;
  officers_total: number;
  partial_shifts: string[];
  /** Shifts in which some channel needs more positions than installed. */
  short_shifts: string[];
}

/** Content types and file extensions of the formats. */
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

/** Checks a format name; throws a message listing the formats otherwise. */
export function checkFormat(format: unknown): ReportFormat {
  if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new CrossingsError(msg.badFormat(format, REPORT_FORMATS));
  return format as ReportFormat;
}

/** Checks a YYYY-MM-DD date that is a real day. */
export function checkDate(name: string, value: unknown): string {
  const s = String(value);
  if (!isCalendarDate(s)) throw new CrossingsError(msg.badDate(name, value));
  return s;
}

/** Checks from ≤ to. */
export function checkRange(from: unknown, to: unknown): { from: string; to: string } {
  const f = checkDate('from', from);
  const t = checkDate('to', to);
  if (f > t) throw new CrossingsError(msg.fromAfterTo(f, t));
  return { from: f, to: t };
}

/** A file name safe on every system: `staffing-hk-lo-wu-2026-02-01-2026-02-28.xlsx`. */
export function reportFilename(kind: string, scope: string, from: string, to: string, format: ReportFormat, suffix = ''): string {
  const safe = `${kind}-${scope}-${from}-${to}${suffix}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${safe}.${format}`;
}

/** "Lo Wu 罗湖", or the English name alone when there is no Chinese one. */
export function portTitle(port: PortInfo): string {
  return port.name_zh ? `${port.name} ${port.name_zh}` : port.name;
}

/** Peak days as a set of `direction|date` keys for one port. */
export function peakKeys(days: readonly PeakDay[], port_id: string): Set<string> {
  return new Set(days.filter((d) => d.port_id === port_id).map((d) => `${d.direction}|${d.date}`));
}

/** The plan's per-channel shift rows folded into one line per direction and shift, in roster order. */
export function shiftLines(plan: LoadedStaffingPlan, peaks: ReadonlySet<string>): ShiftLine[] {
  const groups = new Map<string, StaffingShift[]>();
  for (const s of plan.shifts) {
    const key = `${s.direction}\u0000${s.shift_date}\u0000${s.shift}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const out: ShiftLine[] = [];
  for (const rows of groups.values()) {
    const first = rows[0];
    if (!first) continue;
    const positions = { egate: 0, counter: 0, priority: 0 } as Record<Channel, number>;
    const officers = { egate: 0, counter: 0, priority: 0 } as Record<Channel, number>;
    const needed = { egate: 0, counter: 0, priority: 0 } as Record<Channel, number>;
    const shortfall = { egate: 0, counter: 0, priority: 0 } as Record<Channel, number>;
    const capacity = { egate: null, counter: null, priority: null } as Record<Channel, number | null>;
    // Residents' and visitors' lines of a channel peak in the same slot (one profile), so their peaks add up.
    for (const r of rows) {
      positions[r.channel] += r.positions_peak;
      officers[r.channel] += r.officers_peak;
      needed[r.channel] += r.positions_needed_peak;
      shortfall[r.channel] += r.shortfall_peak;
      capacity[r.channel] = r.capacity;
    }
    // Rostered officers per direction are the plan's own apportioned figures, so directions add up to the port's total.
    const rostered = rows.reduce((s, r) => s + r.officers_rostered, 0);
    out.push({
      direction: first.direction, shift_date: first.shift_date, shift: first.shift, start: first.shift_start, times: first.shift_times,
      complete: rows.every((r) => r.complete), peak: peaks.has(`${first.direction}|${first.shift_date}`),
      travellers: rows.reduce((s, r) => s + r.arrivals, 0), positions, officers,
      officers_on_position: rows.reduce((s, r) => s + r.officers_peak, 0), officers_rostered: rostered,
      over_capacity: rows.some((r) => r.over_capacity), needed, capacity, shortfall, shortfall_note: shortfallNote(rows),
    });
  }
  const order = new Map(plan.shiftTemplate.shifts.map((s, i) => [s.name, i]));
  return out.sort((a, b) => a.direction.localeCompare(b.direction) || a.shift_date.localeCompare(b.shift_date) || (order.get(a.shift) ?? 0) - (order.get(b.shift) ?? 0));
}

/** One open slot of the requirement curve, directions side by side: the Half-hours sheet. */
export interface SlotLine {
  date: string;
  start: string;
  shift: string;
  shift_date: string;
  /** Per direction: travellers, positions open per channel and officers on position (both groups' lines). */
  directions: Record<string, { arrivals: number; positions: Record<Channel, number>; officers: number }>;
}

/** The plan's open slots, one line per date and start, in time order (closed slots need nobody and are left out). */
export function slotLines(plan: Pick<LoadedStaffingPlan, 'slots'>): SlotLine[] {
  const out = new Map<string, SlotLine>();
  for (const r of slotRequirements(plan.slots)) {
    if (!r.open) continue;
    const key = `${r.date} ${r.start}`;
    const line = out.get(key) ?? { date: r.date, start: r.start, shift: r.shift, shift_date: r.shift_date, directions: {} };
    const d = (line.directions[r.direction] ??= { arrivals: 0, positions: { egate: 0, counter: 0, priority: 0 }, officers: 0 });
    d.arrivals += r.arrivals;
    d.positions[r.channel] += r.positions;
    d.officers += r.officers;
    out.set(key, line);
  }
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
}

/** One line per day: the forecasts, peak directions and officers per shift of the whole port. */
export function dayLines(data: StaffingReportData): DayLine[] {
  const { plan } = data;
  const shiftNames = rosteredShifts(plan).map((s) => s.name);
  const dates = new Set<string>();
  for (const o of plan.officers) dates.add(o.shift_date);
  for (const f of data.forecasts) dates.add(f.date);
  const holidayNames = new Map<string, string[]>();
  for (const h of data.holidays) {
    if (h.kind !== 'holiday') continue;
    const names = holidayNames.get(h.date) ?? [];
    const label = `${h.name} (${h.region})`;
    if (!names.includes(label)) names.push(label);
    holidayNames.set(h.date, names);
  }
  return [...dates].sort().map((date) => {
    const forecast: Record<string, number | null> = {};
    for (const d of directionsOf(data)) {
      const f = data.forecasts.find((r) => r.date === date && r.direction === d);
      forecast[d] = f ? basisValue(f, plan.basis) : null;
    }
    const officers: Record<string, number | null> = {};
    const partial: string[] = [];
    const short = new Set(plan.shifts.filter((s) => s.shift_date === date && s.shortfall_peak > 0).map((s) => s.shift));
    for (const name of shiftNames) {
      const o = plan.officers.find((r) => r.shift_date === date && r.shift === name);
      officers[name] = o ? o.officers_rostered : null;
      if (o && !o.complete) partial.push(name);
    }
    return {
      date, holiday: (holidayNames.get(date) ?? []).join('; '), forecast,
      peak_directions: data.peaks.days.filter((p) => p.port_id === data.port.port_id && p.date === date).map((p) => p.direction),
      officers, officers_total: Object.values(officers).reduce<number>((s, v) => s + (v ?? 0), 0), partial_shifts: partial,
      short_shifts: shiftNames.filter((n) => short.has(n)),
    };
  });
}

/** The directions a staffing report covers, arrival first. */
export function directionsOf(data: Pick<StaffingReportData, 'forecasts'>): string[] {
  return [...new Set(data.forecasts.map((f) => f.direction))].sort();
}

/** The value a basis compares: the mean or the upper 80% bound. */
export function basisValue(f: ForecastDay, basis: Basis): number {
  return Math.max(0, (basis === 'hi80' ? f.hi80 : f.mean) ?? f.mean);
}

/** Periods of one port (or all), in the order loadPeaks ranked them: most severe first. */
export function periodsOf<P extends PeakPeriod>(periods: readonly P[], port_id?: string): P[] {
  return periods.filter((p) => !port_id || p.port_id === port_id);
}

/** A severity as a signed percentage: "+42%". */
export function severityText(severity: number | null): string {
  if (severity === null) return '';
  return `${severity >= 0 ? '+' : ''}${Math.round(severity * 100)}%`;
}

/** What a peak list counts, in words: "3 peak periods ≥ 15% above normal (of 24 above the threshold)". */
export function peakCountText(result: Pick<PeaksResult, 'periods' | 'significance'>): string {
  const { significance: s } = result;
  const n = result.periods.length;
  const periods = `${n} peak period${n === 1 ? '' : 's'}`;
  return s.all ? `${periods} above the threshold, significant or not`
    : `${periods} ≥ ${Math.round(s.min_excess * 100)}% above normal (of ${s.periods_above_threshold} above the threshold)`;
}

/** The period a peak day belongs to. */
export function periodOf<P extends PeakPeriod>(periods: readonly P[], day: PeakDay): P | undefined {
  return periods.find((p) => p.port_id === day.port_id && p.direction === day.direction && p.start <= day.date && day.date <= p.end);
}

/** The opening hours a plan used, in words: "06:30–24:00 (source); exceptions: 2024-02-09 06:30–02:00 (next day)". */
export function hoursSummary(plan: Pick<LoadedStaffingPlan, 'hours' | 'coverage'>): string {
  const [h] = plan.hours;
  if (!h) return '24 h (no hours known for this port)';
  const { from, to } = plan.coverage;
  const inRange = [...h.exceptions].filter(([d]) => d >= from && d <= to).sort(([a], [b]) => a.localeCompare(b));
  const usual = `${hoursText(h.usual)}${h.usual.note ? ` (${h.usual.note})` : ''}`;
  return inRange.length ? `${usual}; on ${inRange.map(([d, r]) => `${d} ${hoursText(r)}`).join(', ')}` : usual;
}

/** Minutes as a manager reads them: "4 min", "under 1 min". */
export function minutesText(seconds: number): string {
  return seconds < 60 ? 'under 1 min' : `${Math.round(seconds / 60)} min`;
}

/**
 * What one group's line achieves at the positions opened: "61% within 15 min, mean wait 9 min", that its queue is
 * unstable, or that it meets its target only with positions busier than officers can keep up (the occupancy cap).
 */
export function serviceText(row: Pick<StaffingShift, 'group' | 'unstable' | 'service_level_min' | 'target_wait_minutes' | 'target_share' | 'mean_wait_max_seconds' | 'occupancy_max'>): string {
  if (row.unstable || !Number.isFinite(row.mean_wait_max_seconds)) return `${row.group}: queue unstable`;
  const served = `${Math.floor(row.service_level_min * 100)}% within ${row.target_wait_minutes} min, mean wait ${minutesText(row.mean_wait_max_seconds)}`;
  return row.service_level_min >= row.target_share ? `${row.group}: ${served}, but positions ${Math.round(row.occupancy_max * 100)}% busy` : `${row.group}: ${served}`;
}

/**
 * The short channels of one direction and shift, in words: needed against installed, and what each group's line
 * achieves at capacity in the shift's worst slot. Example: "Counters: 82 needed, 70 installed (residents: 91% within 15 min, ...)".
 */
export function shortfallNote(rows: readonly StaffingShift[]): string {
  return CHANNELS.flatMap((c) => {
    const mine = rows.filter((r) => r.channel === c);
    const short = mine.reduce((s, r) => s + r.shortfall_peak, 0);
    if (short <= 0) return [];
    const needed = mine.reduce((s, r) => s + r.positions_needed_peak, 0);
    return [`${CHANNEL_LABELS[c]}: ${needed} needed, ${mine[0]?.capacity ?? '?'} installed (${mine.map(serviceText).join('; ')})`];
  }).join('. ');
}

/** The plan's shortfall in one line, for a report's summary: how many shift lines are short and the worst. */
export function shortfallSummary(lines: readonly ShiftLine[]): string {
  const short = lines.filter((l) => CHANNELS.some((c) => l.shortfall[c] > 0));
  if (short.length === 0) return 'Installed capacity meets every target in every shift.';
  const worst = short.reduce((a, b) => (total(b.shortfall) > total(a.shortfall) ? b : a));
  return `Short of installed capacity in ${short.length} of ${lines.length} shifts (by direction): the plan opens every installed position there and the targets are missed. ` +
    `Worst: ${worst.shift_date} ${worst.shift} ${directionLabel(worst.direction).toLowerCase()}, ${total(worst.shortfall)} positions short. ${worst.shortfall_note}.`;
}

function total(r: Record<Channel, number>): number {
  return CHANNELS.reduce((s, c) => s + r[c], 0);
}

/** The installed capacity a plan was capped at, with the kind of source: "Counters arrival 70 (published), ...". */
export function capacitySummary(plan: Pick<LoadedStaffingPlan, 'capacity'>): string {
  if (plan.capacity.length === 0) return 'none known: positions are not capped';
  return plan.capacity.map((r) => `${CHANNEL_LABELS[r.channel]} ${r.direction} ${r.positions}${r.estimate ? ' (estimate)' : ''}`).join(', ');
}

/** The group targets a plan was sized for: "residents 98% within 15 min; visitors 95% within 30 min". */
export function targetsSummary(plan: Pick<LoadedStaffingPlan, 'targets'>): string {
  return (['residents', 'visitors'] as const).map((g) => `${g} ${Math.round(plan.targets[g].targetShare * 100)}% within ${plan.targets[g].targetWaitMinutes} min`).join('; ');
}

/**
 * How the groups queue: in their own lines, and in what share of the open half-hours in one shared line (held to
 * the stricter target, where that needs fewer positions or the hall is too small for two).
 */
export function linesSummary(plan: Pick<LoadedStaffingPlan, 'shifts'>): string {
  const residents = plan.shifts.filter((s) => s.group === 'residents');
  const slots = residents.reduce((n, s) => n + s.slots, 0);
  const shared = residents.reduce((n, s) => n + s.shared_slots, 0);
  if (shared === 0) return 'residents and visitors queue in their own lines';
  const pct = Math.max(1, Math.round((shared / slots) * 100));
  return `residents and visitors queue in their own lines, and in one line held to the stricter target where that needs fewer positions (${pct}% of the channels' half-hours)`;
}

/** The template's shifts that the plan rosters on some day, in roster order (a night the port is closed through is not). */
export function rosteredShifts(plan: Pick<LoadedStaffingPlan, 'shiftTemplate' | 'officers'>): ShiftTimes[] {
  const used = new Set(plan.officers.map((o) => o.shift));
  return plan.shiftTemplate.shifts.filter((s) => used.has(s.name));
}

/** A shift as headings name it: "early 06:30–15:00". */
export function shiftLabel(plan: Pick<LoadedStaffingPlan, 'shiftTemplate'>, name: string): string {
  const t = plan.shiftTemplate.shifts.find((s) => s.name === name);
  return t ? `${name} ${t.times}` : name;
}

/** The shifts of a plan in words, with where they come from: "early 06:30–15:00 (8.5 h), late ... (default for ...)". */
export function shiftsSummary(plan: Pick<LoadedStaffingPlan, 'shiftTemplate'>): string {
  return `${plan.shiftTemplate.shifts.map((s) => `${s.name} ${s.times} (${s.hours} h)`).join(', ')} (${plan.shiftTemplate.source})`;
}

/** Three-letter English weekday of a date. */
export function weekdayName(date: string): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
}

/** Channel names as people on the floor say them. */
export const CHANNEL_LABELS: Record<Channel, string> = { egate: 'E-gates', counter: 'Counters', priority: 'Priority lanes' };

/** Direction names for headings. */
export function directionLabel(direction: string): string {
  return direction === 'arrival' ? 'Arrivals' : direction === 'departure' ? 'Departures' : direction;
}

export { CHANNELS };
