/**
 * The outlook as a one-page PDF for a briefing, every label in English and Traditional Chinese (the
 * Hong Kong officers' script) side by side; it only lays out the figures src/reports/outlook.ts computed.
 */
import { createPdf, footers, heading, int, paragraph, table, type PdfColumn } from './export/pdf.js';
import type { Estimate, Names, Outlook } from './outlook.js';
import { dayLabel, outlookHeading } from './outlookText.js';

/** "Land 陸路": a label in both languages. */
const both = (n: Names) => (n.en === n['zh-Hant'] ? n.en : `${n.en} ${n['zh-Hant']}`);

interface Line extends Estimate {
  label: string;
  extra: string;
}

function columns(first: string, extra: string): PdfColumn<Line>[] {
  return [
    { header: first, width: 170, text: (l) => l.label },
    { header: extra, width: 85, text: (l) => l.extra },
    { header: 'Expected 預計', width: 60, align: 'right', text: (l) => int(l.mean) },
    { header: '80% interval 區間', width: 100, align: 'right', text: (l) => `${int(l.lo80)} – ${int(l.hi80)}` },
    { header: '95% interval 區間', width: 100, align: 'right', text: (l) => `${int(l.lo95)} – ${int(l.hi95)}` },
  ];
}

/** The outlook's PDF: totals by type and direction, peak days, the five busiest control points. */
export async function outlookPdf(o: Outlook, generatedAt = new Date().toISOString()): Promise<Buffer> {
  const en = o.labels.en;
  const hant = o.labels['zh-Hant'];
  const name = (k: 'total' | 'byMode' | 'peakDay' | 'busiest' | 'controlPoint' | 'type' | 'date' | 'direction') => `${en[k]} ${hant[k]}`;
  const { doc, done } = createPdf(outlookHeading(o, 'en'), generatedAt);
  doc.font('bold').fontSize(15).fillColor('#1f4e79').text(outlookHeading(o, 'en'));
  doc.fontSize(13).text(outlookHeading(o, 'zh-Hant'));
  doc.font('body').fillColor('black');
  if (o.coverage.note) paragraph(doc, o.coverage.note, 9, '#8a4b00');
  paragraph(doc, `Forecast run ${o.run_id} · ${generatedAt.slice(0, 16).replace('T', ' ')} UTC`, 8, '#555555');

  heading(doc, name('total'));
  table(doc, columns(name('byMode'), ''), [
    { label: `${both({ en: en.total, 'zh-Hans': '', 'zh-Hant': hant.total })}`, extra: `${en.bothDirections} ${hant.bothDirections}`, ...o.total },
    ...o.by_mode.map((m) => ({ label: `  ${both(m.names)}`, extra: '', ...m })),
    ...o.by_direction.map((d) => ({ label: both(d.names), extra: '', ...d })),
  ]);
  heading(doc, name('peakDay'));
  table(doc, columns(name('direction'), name('date')), o.peak_days.map((p) => ({ label: both(p.names), extra: dayLabel(p.date, 'en'), ...p })));
  heading(doc, name('busiest'));
  table(doc, columns(name('controlPoint'), name('type')), o.busiest.map((b) => ({ label: both(b.names), extra: `${en[b.mode]} ${hant[b.mode]}`, ...b })));
  const c = o.correlation;
  paragraph(doc, `${en.intervalNote}: ${en.betweenPorts} ${c.series.toFixed(2)}, ${en.betweenDays} ${c.days.toFixed(2)} (${c.source}).`, 8, '#333333');
  paragraph(doc, `${hant.intervalNote}${hant.colon}${hant.betweenPorts} ${c.series.toFixed(2)}${hant.comma}${hant.betweenDays} ${c.days.toFixed(2)}。`, 8, '#333333');
  footers(doc, `crossings outlook ${o.from} – ${o.to}`);
  doc.end();
  return done;
}

/** The PDF's file name: outlook-FROM-TO.pdf. */
export const outlookPdfName = (o: Outlook) => `outlook-${o.from}-${o.to}.pdf`;
