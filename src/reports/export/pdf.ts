/**
 * PDF reports (pdfkit, A4 portrait): title, forecast charts as PNG, the peak periods with their
 * holidays, and the per-shift tables. Text uses a CJK font so Chinese port names (罗湖) render.
 */
import PDFDocument from 'pdfkit';
import type { PeakPeriod } from '../peaks.js';
import type { PeakReportData, ShiftLine, StaffingReportData } from './model.js';
import {
  capacitySummary, CHANNEL_LABELS, CHANNELS, dayLines, directionLabel, directionsOf, hoursSummary, peakCountText, peakKeys, periodsOf, portTitle,
  rosteredShifts, severityText, shiftLines, shiftsSummary, shortfallSummary, linesSummary, targetsSummary, weekdayName,
} from './model.js';
import { pdfFonts, type PdfFont } from './pdfFonts.js';

/** A column of a PDF table: header, width in points, alignment and the cell text. */
export interface PdfColumn<T> {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
  text: (row: T) => string;
  /** Draws the cell red with white text (a shortfall). */
  alert?: (row: T) => boolean;
}

const MARGIN = 40;
const PAGE = { width: 595.28, height: 841.89 }; // A4
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const FOOTER = 24;
const PEAK_FILL = '#ffd8a8';
const HEADER_FILL = '#1f4e79';
const STRIPE_FILL = '#f3f6fa';
const ALERT_FILL = '#c00000';

/**
 * Text as the CJK font should draw it: Noto Sans CJK SC gives curly quotes full-width glyphs
 * ("Year’ s"), so Latin text gets straight ones.
 */
export function pdfText(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

/** Whole number with thousands separators: 12345.6 → "12,346". */
export function int(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '' : Math.round(value).toLocaleString('en-US');
}

type Doc = PDFKit.PDFDocument;

/** A new A4 document with the CJK fonts registered as 'body' and 'bold'; `done` resolves to its bytes. */
export function createPdf(title: string, generatedAt: string, fonts: { regular: PdfFont; bold: PdfFont } = pdfFonts()): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true,
    info: { Title: title, Author: 'crossings', CreationDate: new Date(generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fonts.regular.file, fonts.regular.face ?? '');
  doc.registerFont('bold', fonts.bold.file, fonts.bold.face ?? '');
  doc.font('body');
  return { doc, done };
}

/** Starts a new page when fewer than `needed` points are left above the footer. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > PAGE.height - MARGIN - FOOTER) doc.addPage();
}

/** A section heading in bold, kept with at least `keep` points of what follows. */
export function heading(doc: Doc, text: string, keep = 110): void {
  ensureSpace(doc, 22 + keep);
  doc.moveDown(0.6).font('bold').fontSize(12).fillColor('#1f4e79').text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3).font('body').fontSize(9).fillColor('black');
}

/** A line of body text across the page. */
export function paragraph(doc: Doc, text: string, size = 9, color = 'black'): void {
  doc.font('body').fontSize(size).fillColor(color).text(pdfText(text), MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.fillColor('black');
}

/** Draws a table with a repeated header on each page; rows grow to fit wrapped text; `highlight` fills peak rows. */
export function table<T>(doc: Doc, columns: readonly PdfColumn<T>[], rows: readonly T[], highlight?: (row: T) => boolean, size = 8): void {
  const pad = 3;
  const cellHeight = (texts: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...texts.map((t, i) => doc.heightOfString(pdfText(t) || ' ', { width: (columns[i]?.width ?? 0) - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (texts: readonly string[], y: number, h: number, font: string, fill?: string, color = 'black', alerts: readonly boolean[] = []) => {
    let x = MARGIN;
    const width = columns.reduce((s, c) => s + c.width, 0);
    if (fill) doc.rect(MARGIN, y, width, h).fill(fill);
    columns.forEach((c, i) => {
      if (alerts[i]) doc.rect(x, y, c.width, h).fill(ALERT_FILL);
      doc.font(alerts[i] ? 'bold' : font).fontSize(size).fillColor(alerts[i] ? 'white' : color);
      doc.text(pdfText(texts[i] ?? ''), x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
      x += c.width;
    });
    doc.fillColor('black');
  };
  const headers = columns.map((c) => c.header);
  const headerHeight = cellHeight(headers, 'bold');
  const drawHeader = () => {
    const y = doc.y;
    drawRow(headers, y, headerHeight, 'bold', HEADER_FILL, 'white');
    doc.y = y + headerHeight;
  };
  ensureSpace(doc, headerHeight + 3 * (size + 2 * pad));
  drawHeader();
  rows.forEach((row, i) => {
    const texts = columns.map((c) => c.text(row));
    const h = cellHeight(texts, 'body');
    if (doc.y + h > PAGE.height - MARGIN - FOOTER) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    drawRow(texts, y, h, 'body', highlight?.(row) ? PEAK_FILL : i % 2 === 1 ? STRIPE_FILL : undefined, 'black', columns.map((c) => c.alert?.(row) === true));
    doc.y = y + h;
  });
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** Places a PNG chart across the page (scaled to the content width), on a new page if it does not fit. */
export function chart(doc: Doc, png: Buffer): void {
  const img = (doc as unknown as { openImage: (src: Buffer) => { width: number; height: number } }).openImage(png);
  const height = (img.height / img.width) * CONTENT_WIDTH;
  ensureSpace(doc, height + 8);
  doc.image(img as unknown as Buffer, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.y += height + 8;
}

/** Page numbers and the report's name at the foot of every page. */
export function footers(doc: Doc, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit add a page; lift the margin while drawing the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7).fillColor('#666666')
      .text(`${text} · page ${i + 1} of ${range.count}`, MARGIN, PAGE.height - MARGIN + 6, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

function title(doc: Doc, text: string, lines: readonly string[]): void {
  doc.font('bold').fontSize(17).fillColor('#1f4e79').text(text, MARGIN, MARGIN, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  for (const l of lines) paragraph(doc, l, 9, '#333333');
}

const periodColumns = (names?: Map<string, string>): PdfColumn<PeakPeriod & { rank: number }>[] => [
  { header: '#', width: 18, align: 'right', text: (p) => String(p.rank) },
  ...(names ? [{ header: 'Port', width: 86, text: (p: PeakPeriod) => names.get(p.port_id) ?? p.port_id }] : []),
  { header: 'Direction', width: 44, text: (p) => directionLabel(p.direction) },
  { header: 'Dates', width: 100, text: (p) => (p.start === p.end ? p.start : `${p.start} – ${p.end}`) },
  { header: 'Peak day', width: 52, text: (p) => p.peak_date },
  { header: 'Peak travellers', width: 48, align: 'right', text: (p) => int(p.peak_value) },
  { header: 'Normal', width: 44, align: 'right', text: (p) => int(p.normal) },
  { header: 'Severity', width: 40, align: 'right', text: (p) => severityText(p.severity) },
  { header: 'Holiday', width: names ? 83 : 169, text: (p) => p.holiday?.label ?? '—' },
];

function shiftColumns(): PdfColumn<ShiftLine>[] {
  return [
    { header: 'Date', width: 54, text: (l) => l.shift_date },
    { header: 'Day', width: 24, text: (l) => weekdayName(l.shift_date) },
    { header: 'Shift', width: 56, text: (l) => `${l.shift}${l.complete ? '' : '*'}\n${l.times}` },
    { header: 'Travellers', width: 50, align: 'right', text: (l) => int(l.travellers) },
    ...CHANNELS.flatMap((c): PdfColumn<ShiftLine>[] => [
      { header: `${CHANNEL_LABELS[c]} open`, width: 45, align: 'right', text: (l) => (l.shortfall[c] > 0 ? `${l.positions[c]} (-${l.shortfall[c]})` : String(l.positions[c])), alert: (l) => l.shortfall[c] > 0 },
      { header: 'officers', width: 36, align: 'right', text: (l) => String(l.officers[c]) },
    ]),
    { header: 'On position', width: 43, align: 'right', text: (l) => String(l.officers_on_position) },
    { header: 'Rostered', width: 43, align: 'right', text: (l) => String(l.officers_rostered) },
  ];
}

/** Staffing PDF: title, one forecast chart per direction, peak periods, officers per shift, and the per-shift table by channel. */
export async function staffingPdf(data: StaffingReportData, charts: readonly Buffer[], fonts?: { regular: PdfFont; bold: PdfFont }): Promise<Buffer> {
  const { plan, port } = data;
  const name = `Staffing plan: ${portTitle(port)}${plan.coverage.partial ? ` (partial, ${data.from} to ${data.to})` : ''}`;
  const { doc, done } = createPdf(name, data.generatedAt, fonts);
  const counter = plan.params.channels.counter;
  const lines = shiftLines(plan, peakKeys(data.peaks.days, port.port_id));
  title(doc, name, [
    ...(plan.coverage.note ? [plan.coverage.note] : []),
    `${data.from} to ${data.to} · forecast run ${plan.runId} · staffed for the ${plan.basis === 'hi80' ? 'upper 80% bound (80th percentile day)' : 'mean forecast'} · ${plan.params.slotMinutes}-minute slots`,
    `Targets (ImmD pledge unless set for the port): ${targetsSummary(plan)}; ${linesSummary(plan)}. Shrinkage ${Math.round(counter.shrinkage * 100)}%. ` +
      `Shifts: ${shiftsSummary(plan)}. Open: ${hoursSummary(plan)}.`,
    `Installed: ${capacitySummary(plan)}.`,
  ]);
  paragraph(doc, shortfallSummary(lines), 9, lines.some((l) => l.over_capacity) ? ALERT_FILL : '#333333');
  doc.moveDown(0.5);
  for (const png of charts) chart(doc, png);

  const periods = periodsOf(data.peaks.periods, port.port_id);
  heading(doc, 'Peak periods');
  if (periods.length === 0) paragraph(doc, `No day in this range is forecast above its threshold (${thresholdText(data)}).`);
  else {
    paragraph(doc, `Thresholds: ${thresholdText(data)}.`, 8, '#333333');
    doc.moveDown(0.3);
    table(doc, periodColumns(), periods);
  }

  const shifts = rosteredShifts(plan);
  const days = dayLines(data);
  heading(doc, `Officers rostered per shift, both directions (peak days shaded)`);
  table(doc, [
    { header: 'Date', width: 62, text: (d) => d.date },
    { header: 'Day', width: 30, text: (d) => weekdayName(d.date) },
    { header: 'Holiday', width: Math.max(80, CONTENT_WIDTH - 172 - 60 * shifts.length), text: (d) => d.holiday },
    ...shifts.map(({ name: s, times }): PdfColumn<(typeof days)[number]> => ({ header: `${s} ${times}`, width: 60, align: 'right', text: (d) => (d.officers[s] === null || d.officers[s] === undefined ? '' : `${d.officers[s]}${d.partial_shifts.includes(s) ? '*' : ''}`) })),
    { header: 'All shifts', width: 80, align: 'right', text: (d) => String(d.officers_total) },
  ], days, (d) => d.peak_directions.length > 0);
  if (lines.some((l) => !l.complete)) paragraph(doc, '* partial shift: only its hours inside the planned dates are counted.', 7, '#555555');

  for (const dir of directionsOf(data)) {
    heading(doc, `${directionLabel(dir)}: positions and officers per shift by channel (peak slot of the shift)`);
    const own = lines.filter((l) => l.direction === dir);
    table(doc, shiftColumns(), own, (l) => l.peak);
    if (own.some((l) => l.over_capacity)) paragraph(doc, 'Red: the targets need more positions than are installed; every installed position is open and (-N) are missing.', 7, '#555555');
  }
  const short = lines.filter((l) => l.over_capacity);
  if (short.length > 0) {
    heading(doc, 'Short of installed capacity: what the open positions achieve (worst slot of the shift)');
    table(doc, [
      { header: 'Date', width: 54, text: (l) => l.shift_date },
      { header: 'Shift', width: 50, text: (l) => `${l.shift} ${l.times}` },
      { header: 'Direction', width: 52, text: (l) => directionLabel(l.direction) },
      { header: 'Short', width: 32, align: 'right', text: (l) => String(CHANNELS.reduce((s, c) => s + l.shortfall[c], 0)), alert: () => true },
      { header: 'Needed against installed, and the wait at capacity', width: CONTENT_WIDTH - 188, text: (l) => l.shortfall_note },
    ], short);
    paragraph(doc, 'Unstable: more travellers arrive than the open positions clear, so the queue grows through the slot and no wait can be given.', 7, '#555555');
  }
  footers(doc, `${name} · ${data.from} to ${data.to} · generated ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  doc.end();
  return done;
}

function thresholdText(data: Pick<StaffingReportData, 'peaks'>): string {
  return data.peaks.thresholds
    .map((t) => `${t.direction} ${int(t.value)} (${t.source === 'capacity' ? 'capacity' : `${Math.round((t.percentile ?? 0.9) * 100)}th percentile of history`})`)
    .join('; ') || 'none';
}

/** Peak PDF: title, charts, the peak periods with holiday labels, and every peak day. */
export async function peaksPdf(data: PeakReportData, charts: readonly Buffer[], fonts?: { regular: PdfFont; bold: PdfFont }): Promise<Buffer> {
  const { peaks } = data;
  const scope = data.ports.length === 1 && data.ports[0] ? portTitle(data.ports[0]) : `${data.ports.length} control points`;
  const name = `Peak periods: ${scope}${data.coverage?.partial ? ` (partial, ${data.from} to ${data.to})` : ''}`;
  const { doc, done } = createPdf(name, data.generatedAt, fonts);
  title(doc, name, [
    ...(data.coverage?.note ? [data.coverage.note] : []),
    `${data.from} to ${data.to} · forecast run ${peaks.runId} · basis: ${peaks.basis === 'hi80' ? 'upper 80% bound' : 'mean forecast'} · ${peakCountText(peaks)}, ${peaks.days.length} peak days; severity is the excess over the normal for the weekday and season${peaks.thresholds.some((t) => t.source === 'capacity') ? ', or over capacity where one is set' : ''}`,
  ]);
  doc.moveDown(0.5);
  for (const png of charts) chart(doc, png);
  const names = new Map(data.ports.map((p) => [p.port_id, portTitle(p)]));
  heading(doc, 'Peak periods');
  const periods = periodsOf(peaks.periods);
  if (periods.length === 0) paragraph(doc, peaks.significance.all ? 'No day in this range is forecast above its threshold.' : `No period in this range is forecast ${Math.round(peaks.significance.min_excess * 100)}% or more above normal.`);
  else table(doc, periodColumns(names), periods);
  heading(doc, 'Peak days');
  const thresholdOf = new Map(peaks.thresholds.map((t) => [`${t.port_id}|${t.direction}`, t]));
  table(doc, [
    { header: 'Port', width: 110, text: (d) => names.get(d.port_id) ?? d.port_id },
    { header: 'Direction', width: 52, text: (d) => directionLabel(d.direction) },
    { header: 'Date', width: 60, text: (d) => d.date },
    { header: 'Day', width: 26, text: (d) => weekdayName(d.date) },
    { header: 'Forecast', width: 56, align: 'right', text: (d) => int(d.value) },
    { header: 'Normal', width: 56, align: 'right', text: (d) => int(d.normal) },
    { header: 'Threshold', width: 56, align: 'right', text: (d) => int(d.threshold) },
    { header: 'Severity', width: 45, align: 'right', text: (d) => severityText(d.severity) },
    { header: 'Source', width: 54, text: (d) => (d.threshold_source === 'capacity' ? 'capacity' : `p${Math.round((thresholdOf.get(`${d.port_id}|${d.direction}`)?.percentile ?? 0.9) * 100)} history`) },
  ], [...peaks.days].sort((a, b) => a.date.localeCompare(b.date) || a.port_id.localeCompare(b.port_id)));
  if (peaks.unthresholded.length > 0) {
    paragraph(doc, `Never flagged (no history and no capacity): ${peaks.unthresholded.map((s) => `${names.get(s.port_id) ?? s.port_id} ${s.direction}`).join(', ')}.`, 8, '#555555');
  }
  footers(doc, `${name} · ${data.from} to ${data.to} · generated ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC`);
  doc.end();
  return done;
}
