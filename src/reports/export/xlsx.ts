/**
 * XLSX workbooks (exceljs): a summary sheet, one sheet per port and direction, the peak periods and
 * the parameters behind the figures. Every table has a frozen, filterable header, real dates and
 * number formats; peak days are filled orange so a manager sees them when scrolling.
 */
import ExcelJS from 'exceljs';
import type { PeakPeriod } from '../peaks.js';
import type { PeakReportData, StaffingReportData } from './model.js';
import {
  basisValue, capacitySummary, CHANNEL_LABELS, CHANNELS, dayLines, directionLabel, directionsOf, hoursSummary, peakKeys, periodsOf, portTitle, shiftLines,
  rosteredShifts, shiftsSummary, slotLines, shortfallSummary, linesSummary, targetsSummary, weekdayName,
} from './model.js';

/** A column of a sheet table: header, width in characters, number format, and how to get the value. */
export interface Column<T> {
  header: string;
  width: number;
  numFmt?: string;
  value: (row: T) => ExcelJS.CellValue;
  /** Fills the cell red (a shortfall), over any row highlight. */
  alert?: (row: T) => boolean;
}

export const FORMATS = { int: '#,##0', dec1: '#,##0.0', ratio: '0.00', pct: '0%', date: 'yyyy-mm-dd' } as const;

const PEAK_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFD8A8' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const ALERT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC00000' } };

/** A date string as an Excel date (UTC midnight, so no time zone can shift the day). */
export function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** A valid, unique sheet name: at most 31 characters, none of []:*?/\ . */
export function sheetName(wb: ExcelJS.Workbook, wanted: string): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet';
  let name = base;
  for (let n = 2; wb.getWorksheet(name); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  return name;
}

/**
 * Adds a sheet holding one table: bold header row frozen and filterable, widths and number formats
 * per column; `highlight` fills a row (peak days).
 */
export function addTableSheet<T>(wb: ExcelJS.Workbook, name: string, columns: readonly Column<T>[], rows: readonly T[], highlight?: (row: T) => boolean): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName(wb, name), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 30;
  for (const r of rows) {
    const row = ws.addRow(columns.map((c) => c.value(r)));
    if (highlight?.(r)) row.eachCell({ includeEmpty: true }, (cell) => (cell.fill = PEAK_FILL));
    columns.forEach((c, i) => {
      if (!c.alert?.(r)) return;
      const cell = row.getCell(i + 1);
      cell.fill = ALERT_FILL;
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** Adds a two-column sheet of labelled values (report inputs), widest label first column. */
export function addKeyValueSheet(wb: ExcelJS.Workbook, name: string, pairs: readonly [string, ExcelJS.CellValue][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName(wb, name));
  ws.columns = [{ header: 'Item', width: 42 }, { header: 'Value', width: 60 }];
  ws.getRow(1).font = { bold: true };
  for (const [k, v] of pairs) ws.addRow([k, v]);
  return ws;
}

const periodColumns = (names: Map<string, string>): Column<PeakPeriod & { rank: number }>[] => [
  { header: 'Rank', width: 6, numFmt: FORMATS.int, value: (p) => p.rank },
  { header: 'Port', width: 24, value: (p) => names.get(p.port_id) ?? p.port_id },
  { header: 'Direction', width: 11, value: (p) => p.direction },
  { header: 'Start', width: 11, numFmt: FORMATS.date, value: (p) => excelDate(p.start) },
  { header: 'End', width: 11, numFmt: FORMATS.date, value: (p) => excelDate(p.end) },
  { header: 'Days', width: 6, numFmt: FORMATS.int, value: (p) => p.days },
  { header: 'Peak day', width: 11, numFmt: FORMATS.date, value: (p) => excelDate(p.peak_date) },
  { header: 'Peak travellers', width: 13, numFmt: FORMATS.int, value: (p) => p.peak_value },
  { header: 'Threshold', width: 11, numFmt: FORMATS.int, value: (p) => p.threshold },
  { header: 'Peak / threshold', width: 10, numFmt: FORMATS.ratio, value: (p) => p.peak_ratio },
  { header: 'Normal for the day', width: 12, numFmt: FORMATS.int, value: (p) => p.normal },
  { header: 'Above normal', width: 10, numFmt: FORMATS.pct, value: (p) => p.excess },
  { header: 'Above capacity', width: 10, numFmt: FORMATS.pct, value: (p) => p.capacity_excess },
  { header: 'Severity', width: 9, numFmt: FORMATS.pct, value: (p) => p.severity },
  { header: 'Holiday', width: 70, value: (p) => p.holiday?.label ?? '' },
  { header: '假期（中文）', width: 40, value: (p) => p.holiday?.label_zh ?? '' },
];

async function toBuffer(wb: ExcelJS.Workbook, generatedAt: string): Promise<Buffer> {
  wb.creator = 'crossings';
  wb.created = new Date(generatedAt);
  wb.modified = new Date(generatedAt);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Staffing workbook: Summary (per day), one sheet per direction (per shift, channels side by side), Peaks, Parameters. */
export async function staffingXlsx(data: StaffingReportData): Promise<Buffer> {
  const { plan, port } = data;
  const wb = new ExcelJS.Workbook();
  const shifts = rosteredShifts(plan);
  const directions = directionsOf(data);
  const days = dayLines(data);
  addTableSheet(wb, 'Summary', [
    { header: 'Date', width: 11, numFmt: FORMATS.date, value: (d) => excelDate(d.date) },
    { header: 'Day', width: 5, value: (d) => weekdayName(d.date) },
    { header: 'Holiday', width: 28, value: (d) => d.holiday },
    ...directions.map((dir): Column<(typeof days)[number]> => ({ header: `${directionLabel(dir)} forecast (${plan.basis})`, width: 14, numFmt: FORMATS.int, value: (d) => d.forecast[dir] ?? null })),
    { header: 'Peak', width: 18, value: (d) => d.peak_directions.join(', ') },
    ...shifts.map((s): Column<(typeof days)[number]> => ({ header: `Officers ${s.name} ${s.times}`, width: 13, numFmt: FORMATS.int, value: (d) => d.officers[s.name] ?? null })),
    { header: 'Officers, all shifts', width: 11, numFmt: FORMATS.int, value: (d) => d.officers_total },
    { header: 'Short of capacity', width: 16, value: (d) => d.short_shifts.join(', '), alert: (d) => d.short_shifts.length > 0 },
    { header: 'Note', width: 44, value: (d) => (d.partial_shifts.length ? `partial: ${d.partial_shifts.join(', ')} (only the hours inside the planned dates)` : '') },
  ], days, (d) => d.peak_directions.length > 0);
  const peaks = peakKeys(data.peaks.days, port.port_id);
  const lines = shiftLines(plan, peaks);
  for (const dir of directions) {
    type L = (typeof lines)[number];
    addTableSheet<L>(wb, `${port.name} ${dir}`, [
      { header: 'Date', width: 11, numFmt: FORMATS.date, value: (l) => excelDate(l.shift_date) },
      { header: 'Day', width: 5, value: (l) => weekdayName(l.shift_date) },
      { header: 'Shift', width: 10, value: (l) => l.shift },
      { header: 'Times', width: 12, value: (l) => l.times },
      { header: 'Travellers in shift', width: 12, numFmt: FORMATS.int, value: (l) => l.travellers },
      ...CHANNELS.flatMap((c): Column<L>[] => [
        { header: `${CHANNEL_LABELS[c]} open (peak)`, width: 11, numFmt: FORMATS.int, value: (l) => l.positions[c], alert: (l) => l.shortfall[c] > 0 },
        { header: `${CHANNEL_LABELS[c]} short`, width: 9, numFmt: FORMATS.int, value: (l) => l.shortfall[c], alert: (l) => l.shortfall[c] > 0 },
        { header: `${CHANNEL_LABELS[c]} officers`, width: 11, numFmt: FORMATS.int, value: (l) => l.officers[c] },
      ]),
      { header: 'Officers on position', width: 11, numFmt: FORMATS.int, value: (l) => l.officers_on_position },
      { header: 'Officers rostered', width: 11, numFmt: FORMATS.int, value: (l) => l.officers_rostered },
      { header: 'Note', width: 30, value: (l) => [l.peak ? 'peak day' : '', l.complete ? '' : 'partial shift'].filter(Boolean).join('; ') },
      { header: 'Short of capacity: what the installed positions achieve', width: 90, value: (l) => l.shortfall_note, alert: (l) => l.over_capacity },
    ], lines.filter((l) => l.direction === dir), (l) => l.peak);
  }

  type S = ReturnType<typeof slotLines>[number];
  addTableSheet<S>(wb, 'Half-hours', [
    { header: 'Date', width: 11, numFmt: FORMATS.date, value: (l) => excelDate(l.date) },
    { header: 'Starts', width: 7, value: (l) => l.start },
    { header: 'Shift', width: 10, value: (l) => l.shift },
    { header: 'Shift date', width: 11, numFmt: FORMATS.date, value: (l) => excelDate(l.shift_date) },
    ...directions.flatMap((dir): Column<S>[] => [
      { header: `${directionLabel(dir)} travellers`, width: 11, numFmt: FORMATS.int, value: (l) => l.directions[dir]?.arrivals ?? null },
      ...CHANNELS.map((c): Column<S> => ({ header: `${directionLabel(dir)} ${CHANNEL_LABELS[c].toLowerCase()}`, width: 11, numFmt: FORMATS.int, value: (l) => l.directions[dir]?.positions[c] ?? null })),
      { header: `${directionLabel(dir)} officers on position`, width: 11, numFmt: FORMATS.int, value: (l) => l.directions[dir]?.officers ?? null },
    ]),
  ], slotLines(plan));

  const names = new Map([[port.port_id, portTitle(port)]]);
  addTableSheet(wb, 'Peak periods', periodColumns(names), periodsOf(data.peaks.periods, port.port_id));
  addKeyValueSheet(wb, 'Parameters', [
    ['Port', portTitle(port)],
    ['Dates', `${data.from} to ${data.to}`],
    ['Coverage', plan.coverage.note ?? `complete: the dates asked (${plan.coverage.requested_from} to ${plan.coverage.requested_to})`],
    ['Forecast run', plan.runId],
    ['Forecast basis', plan.basis === 'hi80' ? 'upper 80% bound (staff for the 80th percentile day)' : 'mean'],
    ['Opening hours', hoursSummary(plan)],
    ['Opening hours source', plan.hours[0]?.usual.source ?? 'none: open 24 hours'],
    ['Slot length (minutes)', plan.params.slotMinutes],
    ['Shifts', shiftsSummary(plan)],
    ['E-gate officers', `${plan.params.officersPerEgateBank} per bank of ${plan.params.egateBankSize} gates`],
    ['Targets by traveller group', targetsSummary(plan)],
    ['Lines', linesSummary(plan)],
    ...(['residents', 'visitors'] as const).map((g): [string, string] => [`Target source (${g})`, plan.targets[g].source]),
    ['Residents\' share of travellers', plan.residentShareSource === 'forecast' ? 'from the forecast of Hong Kong residents' : plan.residentShareSource === 'history' ? 'from the last 8 weeks of history' : 'not known: an even split (estimate)'],
    ['Installed capacity', capacitySummary(plan)],
    ...plan.capacity.map((r): [string, string] => [`Capacity source ${CHANNEL_LABELS[r.channel]} ${r.direction}`, r.source]),
    ['Shortfall', shortfallSummary(lines)],
    ...CHANNELS.map((c): [string, string] => {
      const p = plan.params.channels[c];
      return [CHANNEL_LABELS[c], `share ${p.share}, ${p.serviceSeconds} s per traveller, channel target ${Math.round(p.targetShare * 100)}% wait ≤ ${p.targetWaitMinutes} min (the group's applies where stricter), max occupancy ${p.maxOccupancy}, shrinkage ${p.shrinkage}`];
    }),
    ...plan.params.overrides.map((o): [string, string] => [`Override ${o.port_id} ${o.direction ?? 'both'} ${o.channel}`, JSON.stringify(o.params)]),
    ...plan.profiles.map((p): [string, string] => [`Intraday profile ${p.direction} ${p.day_type}`, `${p.source}${p.days ? ` (${p.days} days)` : ''}`]),
    ['Peak thresholds', data.peaks.thresholds.map((t) => `${t.direction} ${Math.round(t.value).toLocaleString('en')} (${t.source}${t.percentile ? ` p${Math.round(t.percentile * 100)}` : ''})`).join('; ')],
    ['Generated', data.generatedAt],
  ]);
  return toBuffer(wb, data.generatedAt);
}

/** Peak workbook: Peak periods (summary), one sheet per port (daily forecast against threshold by direction), Thresholds. */
export async function peaksXlsx(data: PeakReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const { peaks } = data;
  const names = new Map(data.ports.map((p) => [p.port_id, portTitle(p)]));
  addTableSheet(wb, 'Peak periods', periodColumns(names), periodsOf(peaks.periods));
  const thresholds = new Map(peaks.thresholds.map((t) => [`${t.port_id}|${t.direction}`, t.value]));
  const peakSet = new Set(peaks.days.map((d) => `${d.port_id}|${d.direction}|${d.date}`));
  const portIds = [...new Set(data.forecasts.map((f) => f.port_id))].sort();
  for (const portId of portIds) {
    const rows = data.forecasts.filter((f) => f.port_id === portId);
    const directions = [...new Set(rows.map((r) => r.direction))].sort();
    const dates = [...new Set(rows.map((r) => r.date))].sort();
    type D = { date: string; peak: boolean };
    const value = (dir: string, date: string) => {
      const f = rows.find((r) => r.direction === dir && r.date === date);
      return f ? basisValue(f, peaks.basis) : null;
    };
    const port = data.ports.find((p) => p.port_id === portId);
    addTableSheet<D>(wb, port?.name ?? portId, [
      { header: 'Date', width: 11, numFmt: FORMATS.date, value: (d) => excelDate(d.date) },
      { header: 'Day', width: 5, value: (d) => weekdayName(d.date) },
      ...directions.flatMap((dir): Column<D>[] => [
        { header: `${directionLabel(dir)} forecast (${peaks.basis})`, width: 14, numFmt: FORMATS.int, value: (d) => value(dir, d.date) },
        { header: `${directionLabel(dir)} threshold`, width: 12, numFmt: FORMATS.int, value: () => thresholds.get(`${portId}|${dir}`) ?? null },
        { header: `${directionLabel(dir)} peak`, width: 8, value: (d) => (peakSet.has(`${portId}|${dir}|${d.date}`) ? 'PEAK' : '') },
      ]),
      { header: 'Holiday', width: 60, value: (d) => data.holidays.filter((h) => h.date === d.date && h.kind === 'holiday').map((h) => `${h.name} (${h.region})`).join('; ') },
    ], dates.map((date) => ({ date, peak: directions.some((dir) => peakSet.has(`${portId}|${dir}|${date}`)) })), (d) => d.peak);
  }
  addTableSheet(wb, 'Thresholds', [
    { header: 'Port', width: 24, value: (t) => names.get(t.port_id) ?? t.port_id },
    { header: 'Direction', width: 11, value: (t) => t.direction },
    { header: 'Threshold', width: 12, numFmt: FORMATS.int, value: (t) => t.value },
    { header: 'Source', width: 10, value: (t) => t.source },
    { header: 'Percentile', width: 10, numFmt: FORMATS.pct, value: (t) => t.percentile ?? null },
    { header: 'Days of history', width: 10, numFmt: FORMATS.int, value: (t) => t.days ?? null },
  ], peaks.thresholds);
  return toBuffer(wb, data.generatedAt);
}
