/**
 * Stored outlooks: every outlook a planner prints is kept with its forecast run and figures, so that once
 * the actuals of its period arrive it can be scored the way an agency's own announcement would be.
 */
import { all, hasTable, run, type Database } from '../store/db.js';
import { CrossingsError, outlookMessages as msg } from '../messages.js';
import { daysBetween } from '../isoDays.js';
import { modeOfKind, type Estimate, type Mode, type Outlook } from './outlook.js';

/** A stored outlook's row, with its score where the actuals cover its period. */
export interface StoredOutlook {
  outlook_id: number;
  created_at: string;
  run_id: number;
  from: string;
  to: string;
  country: string;
  holiday: string | null;
  year: number | null;
  total: Estimate;
  score: OutlookScore | null;
}

/** An outlook against what happened. */
export interface OutlookScore {
  actual: number;
  /** (forecast - actual) / actual. */
  error: number;
  in80: boolean;
  in95: boolean;
  by_mode: { mode: Mode; actual: number; forecast: number; error: number }[];
}

/** Stores an outlook; returns its id. */
export async function storeOutlook(db: Database, o: Outlook): Promise<number> {
  const id = Number((await all(db, `select nextval('outlook_seq')::int as id`))[0]!['id']);
  await run(
    db,
    `insert into outlooks values ($id, now()::timestamp, $run, cast($from as date), cast($to as date), $country, $holiday, $year,
       $total, $lo80, $hi80, $lo95, $hi95, $figures)`,
    {
      id, run: o.run_id, from: o.from, to: o.to, country: o.country, holiday: o.holiday?.names.en ?? null, year: o.holiday?.year ?? null,
      total: o.total.mean, lo80: o.total.lo80, hi80: o.total.hi80, lo95: o.total.lo95, hi95: o.total.hi95, figures: JSON.stringify(o),
    },
  );
  return id;
}

/** The figures of stored outlook `id`, as they were printed. */
export async function loadStoredOutlook(db: Database, id: number): Promise<Outlook> {
  const rows = await all(db, 'select figures from outlooks where outlook_id = $id', { id });
  const figures = rows[0]?.['figures'];
  if (typeof figures !== 'string') throw new CrossingsError(msg.unknownOutlook(id), 'not_found');
  return JSON.parse(figures) as Outlook;
}

/**
 * Scores an outlook against actual daily totals: only when every day of its period has counts for every
 * port it forecast (a partly loaded period would look like a miss).
 */
export function scoreOutlook(o: Outlook, actuals: readonly { port_id: string; date: string; count: number; kind: string }[]): OutlookScore | null {
  const ports = new Set(o.busiest.map((b) => b.port_id));
  const days = new Set(actuals.map((a) => a.date));
  if (days.size < daysBetween(o.from, o.to) + 1 || [...ports].some((p) => !actuals.some((a) => a.port_id === p))) return null;
  const actual = actuals.reduce((s, a) => s + a.count, 0);
  if (!(actual > 0)) return null;
  const byMode = o.by_mode.map((m) => {
    const a = actuals.filter((x) => modeOfKind(x.kind) === m.mode).reduce((s, x) => s + x.count, 0);
    return { mode: m.mode, actual: a, forecast: m.mean, error: a > 0 ? (m.mean - a) / a : NaN };
  });
  return {
    actual, error: (o.total.mean - actual) / actual,
    in80: actual >= o.total.lo80 && actual <= o.total.hi80, in95: actual >= o.total.lo95 && actual <= o.total.hi95, by_mode: byMode,
  };
}

/** Every stored outlook, newest first, each scored where its actuals are in. */
export async function listOutlooks(db: Database): Promise<StoredOutlook[]> {
  if (!(await hasTable(db, 'outlooks'))) return [];
  const rows = await all(
    db,
    `select outlook_id, strftime(created_at, '%Y-%m-%d %H:%M') as created_at, run_id, strftime(from_date, '%Y-%m-%d') as "from",
            strftime(to_date, '%Y-%m-%d') as "to", country, holiday, year, figures from outlooks order by outlook_id desc`,
  );
  const out: StoredOutlook[] = [];
  for (const r of rows) {
    const o = JSON.parse(String(r['figures'])) as Outlook;
    const actuals = (await all(
      db,
      `select c.port_id, strftime(c.date, '%Y-%m-%d') as date, cast(sum(c.count) as double) as count, p.kind
         from crossings c join ports p using (port_id)
        where p.country = $country and c.category = 'total' and c.freq = 'day' and c.date between cast($from as date) and cast($to as date)
        group by all`,
      { country: o.country, from: o.from, to: o.to },
    )) as unknown as { port_id: string; date: string; count: number; kind: string }[];
    out.push({
      outlook_id: Number(r['outlook_id']), created_at: String(r['created_at']), run_id: Number(r['run_id']), from: o.from, to: o.to, country: o.country,
      holiday: (r['holiday'] as string | null) ?? null, year: r['year'] == null ? null : Number(r['year']), total: o.total, score: scoreOutlook(o, actuals),
    });
  }
  return out;
}
