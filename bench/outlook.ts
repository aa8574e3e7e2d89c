/**
 * The outlook's yardstick (issue 20 item 4): every HK and mainland holiday block from 2023-07 to 2025-12 of the HK
 * ImmD file, each forecast from data up to 7 and 28 days before it starts, the way a planner would get it:
 * `crossings forecast` (every HK series and the aggregates fitted and reconciled as forecastAll does, stored as a
 * run; with --reconcile none, fitAll over the HK total series) then `crossings outlook --holiday NAME
 * --year Y --run N` (loadOutlook). The file is loaded once into a temporary DuckDB; each forecast sees the series
 * cut at its origin and the whole calendar (the State Council's lists are out before every block here).
 *
 *   npm run bench:outlook                                   every block, both leads
 *   npm run bench:outlook -- --lead 7                       one lead
 *   npm run bench:outlook -- --holiday "Lunar New Year"     the blocks of one holiday (repeatable)
 *   npm run bench:outlook -- --reconcile none               the ports' totals alone, summed (the outlook before
 *                                                           reconciliation); or another method (default wls, as the job)
 *
 * Lead L: the last day of data is L days before the block's first day, so that day is L days ahead.
 */
import { all } from '../src/store/db.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { addDays, daysBetween } from '../src/isoDays.js';
import { head } from '../src/models/backtest.js';
import { numberTable as table } from '../src/reports/text.js';
import { dayOf } from '../src/models/dates.js';
import { fitAll } from '../src/models/fitting.js';
import { fitReconciled } from '../src/jobs/forecast.js';
import { forecastWorkers } from '../src/config.js';
import { DEFAULT_METHOD } from '../src/models/reconcile/forecasts.js';
import { METHODS, type Method } from '../src/models/reconcile/reconcile.js';
import { loadCalendar, loadPortMeta, loadSeries } from '../src/store/series.js';
import type { ForecastRow } from '../src/models/rows.js';
import type { StoredSeries } from '../src/models/series.js';
import { storeForecasts } from '../src/store/forecastRows.js';
import { loadOutlook, resolvePeriod, type Outlook } from '../src/reports/outlook.js';
import { scoreOutlook, type OutlookScore } from '../src/reports/outlookStore.js';
import { dataFile } from './dataFile.js';
import { withTempDatabase } from './tempDatabase.js';

const FILE = process.env['HK_CSV'] ?? dataFile('hk_immd_daily_passenger_traffic.csv');
/** The issue's holidays, as the calendar names them (National Day's block is the mainland's Golden Week). */
const HOLIDAYS = ["New Year's Day", 'Lunar New Year', 'Easter', 'Ching Ming Festival', 'Labour Day', 'Tuen Ng Festival', 'National Day', 'Christmas'];
const FIRST = '2023-07-01';
const LAST = '2025-12-31';
/** Targets of issue 20 per lead: MAPE of the period total, and the bias's bound where there is one (percent). */
const TARGETS: Record<number, { mape: number; bias?: number }> = { 7: { mape: 2.5, bias: 1 }, 28: { mape: 4 } };

const args = process.argv.slice(2);
const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const leads = valuesOf('--lead').map(Number);
const LEADS = leads.length ? leads : [7, 28];
const only = valuesOf('--holiday');
const unknown = only.filter((h) => !HOLIDAYS.includes(h));
if (unknown.length) throw new Error(`--holiday ${unknown.join(', ')}: expected one of ${HOLIDAYS.join(', ')}`);
const reconcileArg = valuesOf('--reconcile')[0] ?? DEFAULT_METHOD;
if (reconcileArg !== 'none' && !METHODS.includes(reconcileArg as Method)) throw new Error(`--reconcile ${reconcileArg}: expected none or one of ${METHODS.join(', ')}`);
const RECONCILE = reconcileArg === 'none' ? undefined : (reconcileArg as Method);

type Direction = 'arrival' | 'departure';
const DIRECTIONS: readonly Direction[] = ['arrival', 'departure'];
interface ActualCell { port_id: string; direction: string; date: string; count: number; kind: string }

/** One block at one lead: the outlook, its score, and each direction's actual total and peak day. */
interface Trial {
  label: string;
  from: string;
  to: string;
  lead: number;
  outlook: Outlook;
  score: OutlookScore;
  actual: Record<Direction, { total: number; peak: { date: string; count: number } }>;
  /** Share of the forecast total from series whose chosen model has no holiday terms (seasonal naive or mean). */
  weekly: number;
}

/** The models of the engine that know only the week, not the calendar. */
const WEEKLY_MODEL = /^s(naive|mean)/;

/** Share of the forecast over [from, to] made by weekly-only models. */
function weeklyShare(rows: readonly ForecastRow[], from: string, to: string): number {
  let weekly = 0;
  let total = 0;
  for (const r of rows) {
    if (r.date < from || r.date > to || r.category !== 'total') continue;
    total += r.mean;
    if (WEEKLY_MODEL.test(r.model)) weekly += r.mean;
  }
  return total > 0 ? weekly / total : 0;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const thousands = (x: number) => Math.round(x).toLocaleString('en-US');

/** Each direction's total and peak day (the earliest of equal days, as the outlook picks). */
function actualByDirection(cells: readonly ActualCell[]): Trial['actual'] {
  const out = {} as Trial['actual'];
  for (const d of DIRECTIONS) {
    const days = new Map<string, number>();
    for (const c of cells) if (c.direction === d) days.set(c.date, (days.get(c.date) ?? 0) + c.count);
    const sorted = [...days].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    out[d] = { total: [...days.values()].reduce((a, b) => a + b, 0), peak: { date: sorted[0]![0], count: sorted[0]![1] } };
  }
  return out;
}

/** The forecast's peak of a direction against the actual one: relative error of the count, days off. */
function peakError(t: Trial, d: Direction): { count: number; days: number } {
  const f = t.outlook.peak_days.find((p) => p.direction === d)!;
  const a = t.actual[d].peak;
  return { count: (f.mean - a.count) / a.count, days: daysBetween(a.date, f.date) };
}

const directionError = (t: Trial, d: Direction) => t.outlook.by_direction.find((x) => x.direction === d)!.mean / t.actual[d].total - 1;

await withTempDatabase('crossings-bench-outlook-', async (db) => {
  const t0 = performance.now();
  await ingestFile(db, FILE, { format: 'hk-immd' });
  const calendar = await loadCalendar(db);
  // The series the outlook adds up: the HK control points' daily totals; reconciled, with their categories as the job fits them.
  const totalsOnly = RECONCILE ? '' : `c.category = 'total' and `;
  const series = (await loadSeries(db, { where: `${totalsOnly}c.port_id in (select port_id from ports where country = 'HK')` }))
    .filter((s) => s.series.freq === 'day');
  const meta = await loadPortMeta(db);
  const blocks: { holiday: string; year: number; from: string; to: string }[] = [];
  for (const year of [2023, 2024, 2025]) {
    for (const holiday of HOLIDAYS.filter((h) => only.length === 0 || only.includes(h))) {
      const p = await resolvePeriod(db, { holiday, year });
      if (p.from >= FIRST && p.to <= LAST) blocks.push({ holiday, year, from: p.from, to: p.to });
    }
  }
  blocks.sort((a, b) => a.from.localeCompare(b.from));
  const setupSeconds = (performance.now() - t0) / 1000;

  /** The series and their aggregates fitted and reconciled as forecastAll does. */
  const reconciled = (list: StoredSeries[], horizon: number, method: Method) =>
    fitReconciled(list, meta, { calendar, horizon, engine: {} }, { workers: forecastWorkers(), method });

  const trials: Trial[] = [];
  let fitSeconds = 0;
  for (const b of blocks) {
    const cells = (await all(
      db,
      `select c.port_id, c.direction, strftime(c.date, '%Y-%m-%d') as date, cast(c.count as double) as count, p.kind
         from crossings c join ports p using (port_id)
        where p.country = 'HK' and c.category = 'total' and c.freq = 'day' and c.date between cast($from as date) and cast($to as date)`,
      { from: b.from, to: b.to },
    )) as unknown as ActualCell[];
    for (const lead of LEADS) {
      const origin = addDays(b.from, -lead);
      const cut = dayOf(origin);
      const list = series.map((s) => ({ ...s, series: head(s.series, cut - s.series.start) }));
      const horizon = daysBetween(origin, b.to);
      const t1 = performance.now();
      const { rows, aggregates, persistence } = RECONCILE ? await reconciled(list, horizon, RECONCILE) : { rows: fitAll({ list, calendar, horizon, engine: {} }), aggregates: [], persistence: [] };
      const seconds = (performance.now() - t1) / 1000;
      fitSeconds += seconds;
      const runId = await storeForecasts(db, rows, { horizon, seriesCount: list.length, seconds, note: `bench outlook: data to ${origin}`, aggregates, persistence });
      const outlook = await loadOutlook(db, { holiday: b.holiday, year: b.year, runId });
      const score = scoreOutlook(outlook, cells);
      if (!score) throw new Error(`${b.holiday} ${b.year}: the file does not cover ${b.from} to ${b.to}`);
      trials.push({ label: `${b.holiday} ${b.year}`, from: b.from, to: b.to, lead, outlook, score, actual: actualByDirection(cells), weekly: weeklyShare(rows, b.from, b.to) });
    }
  }

  for (const lead of LEADS) {
    const ts = trials.filter((t) => t.lead === lead);
    console.log(`\n${lead} days ahead: period totals over all HK control points, both directions (peaks: forecast date, actual date, count error;
weekly-only: share of the forecast from series the engine gave a seasonal naive or mean, which know no holiday)`);
    console.log(table(
      ['block', 'period', 'actual', 'forecast', 'error', 'arrivals', 'departures', 'in 80 / 95', 'arrival peak', 'departure peak', 'weekly-only'],
      ts.map((t) => [
        t.label, `${t.from.slice(5)}..${t.to.slice(5)}`, thousands(t.score.actual), thousands(t.outlook.total.mean), pct(t.score.error),
        pct(directionError(t, 'arrival')), pct(directionError(t, 'departure')), `${t.score.in80 ? 'y' : 'n'} / ${t.score.in95 ? 'y' : 'n'}`,
        ...DIRECTIONS.map((d) => {
          const f = t.outlook.peak_days.find((p) => p.direction === d)!;
          return `${f.date.slice(5)} ${t.actual[d].peak.date.slice(5)} ${pct(peakError(t, d).count)}`;
        }),
        `${Math.round(100 * t.weekly)}%`,
      ]),
    ));
  }

  console.log('\nsummary: MAPE and bias (mean signed error) of the period totals; peaks per direction (arrivals / departures)');
  const summary = LEADS.map((lead) => {
    const ts = trials.filter((t) => t.lead === lead);
    const errors = ts.map((t) => t.score.error);
    const mape = 100 * mean(errors.map(Math.abs));
    const bias = 100 * mean(errors);
    const target = TARGETS[lead];
    const met = target ? (mape <= target.mape && (target.bias === undefined || Math.abs(bias) <= target.bias) ? 'met' : 'missed') : '-';
    const both = (f: (d: Direction) => string) => DIRECTIONS.map(f).join(' / ');
    const modeBias = (mode: string) => pct(mean(ts.flatMap((t) => t.score.by_mode.filter((m) => m.mode === mode && Number.isFinite(m.error)).map((m) => m.error))));
    return [
      String(lead), String(ts.length), `${mape.toFixed(2)}%`, pct(bias / 100),
      both((d) => pct(mean(ts.map((t) => directionError(t, d))))),
      ['land', 'sea', 'air'].map(modeBias).join(' / '),
      both((d) => `${(100 * mean(ts.map((t) => Math.abs(peakError(t, d).count)))).toFixed(1)}%`),
      both((d) => mean(ts.map((t) => Math.abs(peakError(t, d).days))).toFixed(2)),
      both((d) => `${ts.filter((t) => peakError(t, d).days === 0).length}/${ts.length}`),
      `${ts.filter((t) => t.score.in80).length}/${ts.length} / ${ts.filter((t) => t.score.in95).length}/${ts.length}`,
      `${(100 * mean(ts.map((t) => (t.outlook.total.hi80 - t.outlook.total.lo80) / t.outlook.total.mean))).toFixed(1)}%`,
      target ? `MAPE ≤ ${target.mape}%${target.bias !== undefined ? `, |bias| ≤ ${target.bias}%` : ''}: ${met}` : '-',
    ];
  });
  console.log(table(
    ['lead', 'blocks', 'MAPE', 'bias', 'bias arr / dep', 'bias land / sea / air', 'peak count |err|', 'peak date |days|', 'peak date exact', 'cov 80 / 95', '80% width / mean', 'target'],
    summary,
  ));
  console.log(`\n${blocks.length} blocks × ${LEADS.length} leads; ingest and blocks ${setupSeconds.toFixed(1)} s, fitting ${fitSeconds.toFixed(1)} s, whole run ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});
