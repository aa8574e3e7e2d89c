/** Reads the range view of one series (daily or monthly) and its presets from the database; src/reports/range.ts shapes them. */
import { all, type Database } from '../store/db.js';
import { requireForecastRun } from '../store/lookups.js';
import { CrossingsError, messages } from '../messages.js';
import { addDays, addMonths } from '../isoDays.js';
import { loadSeries } from '../store/series.js';
import { calendarEvents, dailyActuals, holidays } from './charts/data.js';
import { crossingRegions } from './peaks.js';
import { loadPortRegions } from './forecastDays.js';
import type { Lang } from './charts/common.js';
import { lastDayOf, MONTHLY_SHIFT, monthlyPresets, PRESET_HOLIDAY_DAYS, rangeAnswer, rangePresets, yearAgoShift, type PastForecast, type RangeDay } from './range.js';

/** One series of a port. */
interface SeriesKey {
  port: string;
  direction: string;
  category: string;
}

/** The range asked for: a resolved port_id, checked dates, and how to find the latest forecast run. */
export interface RangeOptions {
  port: string;
  direction?: string;
  category?: string;
  from: string;
  to: string;
  lang?: Lang;
  /** The latest forecast run; the API passes its memoised lookup. Default: the store's. */
  latestRun?: () => Promise<number>;
}

/** One series over a range (see rangeAnswer), by day or, for a monthly port, by month; a not-found CrossingsError without it. */
export async function loadRange(db: Database, o: RangeOptions): Promise<ReturnType<typeof rangeAnswer>> {
  const s: SeriesKey = { port: o.port, direction: o.direction ?? 'arrival', category: o.category ?? 'total' };
  const { from, to } = o;
  // Daily before monthly, should a port ever have both.
  const [stored] = await loadSeries(db, { where: 'c.port_id = $port and c.direction = $direction and c.category = $category', params: { ...s } });
  if (!stored) throw new CrossingsError(messages.noSeries(s.port, s.direction, s.category), 'not_found');
  const monthly = stored.series.freq === 'month';
  const lastActual = lastDayOf(stored.series);
  const shift = monthly ? MONTHLY_SHIFT : yearAgoShift(from, to);
  const back = (d: string) => (monthly ? addMonths(d, -12) : addDays(d, -shift.days));
  const [actualRows, lastYearRows, holidayRows, eventRows] = await Promise.all([
    dailyActuals(db, s.port, s.category, from, to),
    dailyActuals(db, s.port, s.category, back(from), back(to)),
    // The calendars hold the HK and mainland holidays and events by day: nothing a month's total could be drawn against.
    monthly ? [] : holidays(db, from, to),
    monthly ? [] : calendarEvents(db, { port: s.port, regions: crossingRegions((await loadPortRegions(db))[s.port] ?? 'HK') }, from, to),
  ]);
  const run = await (o.latestRun ?? (() => requireForecastRun(db)))();
  const forecast = await forecastAfter(db, s, run, lastActual, from, to);
  const past = from <= lastActual ? await pastForecast(db, s, from, to < lastActual ? to : lastActual) : null;
  return rangeAnswer({
    ...s, from, to, lang: o.lang ?? 'en', run, series: stored.series, shift, actualRows, lastYearRows, holidayRows, eventRows, forecast, past,
  });
}

/** A run's forecast of one series for the days of a range after its last actual. */
async function forecastAfter(db: Database, s: SeriesKey, run: number, lastActual: string, from: string, to: string): Promise<RangeDay[]> {
  return (await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, mean, lo80, hi80, lo95, hi95 from forecasts
      where run_id = $run and port_id = $port and direction = $direction and category = $category
        and date between greatest($from::date, $last::date + 1) and $to::date order by date`,
    { ...s, run, from, to, last: lastActual },
  )) as unknown as RangeDay[];
}

/**
 * The stored forecast made for a past range: of the forecast runs and backtest windows with days in it, one made
 * before the range began (else the earliest made during it), covering most of its days, the engine's model
 * before the seasonal-naive baseline. Null when none covers a day of it.
 */
export async function pastForecast(db: Database, s: SeriesKey, from: string, to: string): Promise<PastForecast | null> {
  const made = await all(
    db,
    `with runs as (
       select run_id, strftime(coalesce(max(last_actual), min(date) - 1), '%Y-%m-%d') as made from forecasts
        where port_id = $port and direction = $direction and category = $category group by run_id),
     cand as (
       select 'run' as source, f.run_id, null::varchar as cutoff, f.model, f.date, r.made from forecasts f join runs r using (run_id)
        where f.port_id = $port and f.direction = $direction and f.category = $category and f.date between $from::date and $to::date
       union all
       select 'backtest', run_id, strftime(cutoff, '%Y-%m-%d'), model, date, strftime(cutoff, '%Y-%m-%d') from backtests
        where port_id = $port and direction = $direction and category = $category and date between $from::date and $to::date),
     scored as (
       select source, run_id, cutoff, model, made, count(*)::int as days from cand c
        where exists (select 1 from crossings x where x.port_id = $port and x.direction = $direction and x.category = $category and x.date = c.date)
        group by all)
     select * from scored
      order by (made < $from) desc, days desc, case when made < $from then made end desc, made, model like 'snaive%', model = 'auto' desc
      limit 1`,
    { ...s, from, to },
  );
  const pick = made[0];
  if (!pick) return null;
  const table = pick['source'] === 'run' ? 'forecasts' : 'backtests';
  const rows = (await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, mean, lo80, hi80, lo95, hi95 from ${table}
      where run_id = $run and port_id = $port and direction = $direction and category = $category and model = $model
        and ${table === 'backtests' ? 'cutoff = $cutoff::date' : '$cutoff is null'} and date between $from::date and $to::date
      order by date`,
    { ...s, run: Number(pick['run_id']), model: String(pick['model']), cutoff: (pick['cutoff'] as string | null) ?? null, from, to },
  )) as unknown as RangeDay[];
  return { source: String(pick['source']) as 'run' | 'backtest', run_id: Number(pick['run_id']), model: String(pick['model']), made: String(pick['made']), rows };
}

/**
 * The range presets of a port's view (of any port's daily data when null, of a country's when given): in months for a
 * monthly port or country; a not-found CrossingsError without data.
 */
export async function loadRangePresets(db: Database, o: { port: string | null; country?: string | null; lang?: Lang }): Promise<ReturnType<typeof rangePresets> | ReturnType<typeof monthlyPresets>> {
  const [row] = await all(
    db,
    `select strftime(max(date) filter (where freq in ('day', 'hour')), '%Y-%m-%d') as last,
            strftime(max(date) filter (where freq = 'month'), '%Y-%m-%d') as last_month
       from crossings where ($port is null or port_id = $port)
        and ($country is null or port_id in (select port_id from ports where country = $country))`,
    { port: o.port, country: o.country ?? null },
  );
  const last = row?.['last'];
  if (typeof last !== 'string' && typeof row?.['last_month'] === 'string' && (o.port !== null || o.country)) return monthlyPresets(row['last_month'], o.port !== null);
  if (typeof last !== 'string') throw new CrossingsError(messages.noSeries(o.port ?? o.country ?? 'any port', 'arrival', 'total'), 'not_found');
  const start = addDays(last, 1);
  return rangePresets(last, await holidays(db, start, addDays(start, PRESET_HOLIDAY_DAYS)), o.lang ?? 'en');
}
