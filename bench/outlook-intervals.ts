/**
 * Whether the outlook's intervals of sums hold what they say: on a database with a backtest run, the totals
 * over all control points of 3-, 7-, 14- and 56-day windows of each origin, against the intervals the outlook
 * would give them (sumCells) with the correlations measured on the other origins (leave one origin out), with
 * independence, and with the ports' bounds added.
 *
 *   npx tsx bench/outlook-intervals.ts DB   (DB with a backtest, e.g. after
 *   crossings backtest --horizon 56 --origins 2025-01-10,2025-03-01,2025-05-01,2025-07-01,2025-09-01,2025-11-05)
 */
import { all, closeDatabase, openDatabase } from '../src/store/db.js';
import { addDays } from '../src/isoDays.js';
import { numberTable as table } from '../src/reports/text.js';
import { sumCells, type OutlookCell } from '../src/reports/outlook.js';
import { measureCorrelation, type PastError } from '../src/reports/outlookIntervals.js';

const path = process.argv[2];
if (!path) throw new Error('usage: npx tsx bench/outlook-intervals.ts DB');
const db = await openDatabase(path, { readOnly: true });
type Row = PastError & OutlookCell;
const rows = (await all(
  db,
  `select strftime(b.cutoff, '%Y-%m-%d') as cutoff, b.port_id, b.direction, strftime(b.date, '%Y-%m-%d') as date, b.actual, b.mean, b.lo80, b.hi80, b.lo95, b.hi95
     from backtests b join ports p using (port_id)
    where b.run_id = (select max(run_id) from backtests where model = 'auto') and b.model = 'auto' and b.category = 'total' and p.country = 'HK' and b.actual is not null`,
)) as unknown as Row[];
await closeDatabase(db);
const cutoffs = [...new Set(rows.map((r) => r.cutoff))].sort();
const horizon = Math.max(...rows.map((r) => Math.round((Date.parse(r.date) - Date.parse(r.cutoff)) / 86_400_000)));

const out: string[][] = [];
for (const len of [3, 7, 14, 56].filter((l) => l <= horizon)) {
  const score: Record<string, { n: number; c80: number; c95: number; width: number }> = {};
  for (const cutoff of cutoffs) {
    const m = measureCorrelation(rows.filter((r) => r.cutoff !== cutoff), len - 1, 'other origins');
    for (let start = 1; start + len - 1 <= horizon; start += len) {
      const from = addDays(cutoff, start);
      const to = addDays(cutoff, start + len - 1);
      const cells = rows.filter((r) => r.cutoff === cutoff && r.date >= from && r.date <= to);
      const actual = cells.reduce((s, r) => s + r.actual, 0);
      for (const [name, rho] of [['measured', m], ['independent', { series: 0, days: 0 }], ['bounds added', { series: 1, days: 1 }]] as const) {
        const e = sumCells(cells, rho);
        const s = (score[name] ??= { n: 0, c80: 0, c95: 0, width: 0 });
        s.n++;
        s.c80 += Number(actual >= e.lo80 && actual <= e.hi80);
        s.c95 += Number(actual >= e.lo95 && actual <= e.hi95);
        s.width += (e.hi80 - e.lo80) / e.mean;
      }
    }
  }
  for (const [name, s] of Object.entries(score)) {
    out.push([`${len} days`, name, String(s.n), (s.c80 / s.n).toFixed(2), (s.c95 / s.n).toFixed(2), `${((100 * s.width) / s.n).toFixed(1)}%`]);
  }
}
console.log(`${cutoffs.length} origins, horizon ${horizon} days, HK totals over all control points`);
console.log(table(['window', 'correlation', 'windows', 'cov80', 'cov95', '80% width / mean'], out));
