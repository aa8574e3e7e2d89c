import cd from 'chinese-days';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { all } from '../../store/db.js';
import { addDays, daysBetween } from '../../isoDays.js';
import { messages } from '../../messages.js';
import { lunarNewYear } from '../../models/calendar.js';
import { cleanExtremeLows, detectRegimeStart, maskOutages } from '../../models/regime.js';
import { loadSeries } from '../../models/series.js';
import { holidayBands } from '../../reports/charts/forecast.js';
import type { Lang } from '../../reports/charts/index.js';
import { dailyActuals, holidays, MAX_CHART_DAYS } from '../../reports/charts/data.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { checkRange, checkRangeLength, forecastRun, resolvePort } from '../lookup.js';
import { categoryParam, dateParam, directionParam, langParam, portParam, query } from '../schemas.js';

interface RangeQuery {
  port: string;
  direction?: 'arrival' | 'departure';
  category?: string;
  from: string;
  to: string;
  lang?: Lang | 'zh-Hans';
}

/** One day of a forecast, with the actual where the day has one. */
export interface ForecastDay {
  date: string;
  mean: number;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
  actual?: number | null;
}

/** How a past forecast did: weighted absolute error, overall bias, 80% band hits, the day it missed most. */
export interface ForecastError {
  days: number;
  /** Sum of absolute errors over the sum of actuals (0.041 = 4.1%). */
  wape: number | null;
  /** Forecast total over actual total, less one (−0.02 = 2% too low). */
  bias: number | null;
  inside80: number;
  worst: { date: string; actual: number; mean: number } | null;
}

/** Scores a past forecast against its actuals (days without an actual are left out). */
export function forecastError(rows: readonly ForecastDay[]): ForecastError {
  const scored = rows.filter((r): r is ForecastDay & { actual: number } => typeof r.actual === 'number');
  const actual = scored.reduce((s, r) => s + r.actual, 0);
  const absErr = scored.reduce((s, r) => s + Math.abs(r.actual - r.mean), 0);
  const mean = scored.reduce((s, r) => s + r.mean, 0);
  const worst = scored.reduce<(typeof scored)[number] | null>((w, r) => (w === null || Math.abs(r.actual - r.mean) > Math.abs(w.actual - w.mean) ? r : w), null);
  return {
    days: scored.length,
    wape: actual > 0 ? absErr / actual : null,
    bias: actual > 0 ? mean / actual - 1 : null,
    inside80: scored.filter((r) => r.lo80 !== null && r.hi80 !== null && r.actual >= r.lo80 && r.actual <= r.hi80).length,
    worst: worst && { date: worst.date, actual: worst.actual, mean: worst.mean },
  };
}

const DAY_MS = 86_400_000;
const isoOfDay = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);

/** Easter Sunday of a year (the Gregorian computus), YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const lunar = (year: number, md: string) => cd.getSolarDateFromLunar(`${year}-${md}`).date;

/**
 * The festivals a year-ago comparison lines up on, most telling first, each with its first day in a year: the
 * moving ones by the lunar or Easter calendar (Lunar New Year day 1 on Lunar New Year day 1), Golden Week by date.
 */
const ANCHORS: ReadonlyArray<readonly [string, (year: number) => string]> = [
  ['lunar_new_year', (y) => isoOfDay(lunarNewYear(y))],
  ['easter', easterSunday],
  ['national_day', (y) => `${y}-10-01`],
  ['labour_day', (y) => `${y}-05-01`],
  ['mid_autumn', (y) => lunar(y, '08-15')],
  ['dragon_boat', (y) => lunar(y, '05-05')],
  ['christmas', (y) => `${y}-12-25`],
];

/** How far back last year's days lie for a range: on its main festival when it has one, else 364 days (same weekday). */
export function yearAgoShift(from: string, to: string): { days: number; festival: string | null; date: string | null; lastYear: string | null } {
  for (const [festival, first] of ANCHORS) {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      const date = first(y);
      if (date < from || date > to) continue;
      const lastYear = first(y - 1);
      return { days: daysBetween(lastYear, date), festival, date, lastYear };
    }
  }
  return { days: 364, festival: null, date: null, lastYear: null };
}

/** Spans of consecutive days, e.g. ["2025-01-01", "2025-01-02", "2025-01-05"] → two spans; end inclusive. */
function spans(days: readonly string[]): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (const d of days) {
    const last = out.at(-1);
    if (last && addDays(last.end, 1) === d) last.end = d;
    else out.push({ start: d, end: d });
  }
  return out;
}

/** Fewest travellers on the usual day (same weekday, two weeks either side) for a low day to be marked. */
const LOW_DAY_FLOOR = 500;

/**
 * What the engine does with a daily series before fitting, in dates: where its current regime starts (a level
 * break), the interior outage days it leaves out (closures), and the extreme-low days (typhoon signals, part
 * closures) it does not let shape the weekly and yearly pattern. Holidays are not flagged: the engine models them.
 */
export function engineMarks(start: number, y: Float64Array, holidayDays: ReadonlySet<string>): { regimeStart: string | null; closures: { start: string; end: string }[]; lowDays: string[] } {
  const regime = detectRegimeStart(y);
  const cut = y.subarray(regime);
  const masked = maskOutages(cut);
  const cleaned = cleanExtremeLows(cut);
  const closed: string[] = [];
  const low: string[] = [];
  // A port that is shut most days (a cruise terminal between ships) has no outages to speak of: zeros are its rhythm.
  const recent = Array.from(cut.subarray(Math.max(0, cut.length - 56))).filter(Number.isFinite);
  const sparse = recent.filter((v) => v === 0).length > 0.3 * recent.length;
  for (let i = 0; !sparse && i < cut.length; i++) {
    if (!Number.isFinite(cut[i]!)) continue;
    const date = isoOfDay(start + regime + i);
    if (Number.isNaN(masked[i]!)) closed.push(date);
    // Low days of a small flow are noise, not news: only where the usual day has LOW_DAY_FLOOR travellers or more.
    else if (cleaned[i] !== cut[i] && cleaned[i]! >= LOW_DAY_FLOOR && !holidayDays.has(date)) low.push(date);
  }
  return { regimeStart: regime > 0 ? isoOfDay(start + regime) : null, closures: spans(closed), lowDays: low };
}

/**
 * The stored forecast made for a past range: of the forecast runs and backtest windows with days in it, one made
 * before the range began (else the earliest made during it), covering most of its days, the engine's model
 * before the seasonal-naive baseline. Null when none covers a day of it.
 */
async function pastForecast(app: FastifyInstance, s: { port: string; direction: string; category: string }, from: string, to: string) {
  const made = await all(
    app.readDb,
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
    app.readDb,
    `select strftime(date, '%Y-%m-%d') as date, mean, lo80, hi80, lo95, hi95 from ${table}
      where run_id = $run and port_id = $port and direction = $direction and category = $category and model = $model
        and ${table === 'backtests' ? 'cutoff = $cutoff::date' : '$cutoff is null'} and date between $from::date and $to::date
      order by date`,
    { ...s, run: Number(pick['run_id']), model: String(pick['model']), cutoff: (pick['cutoff'] as string | null) ?? null, from, to },
  )) as unknown as ForecastDay[];
  return { source: String(pick['source']) as 'run' | 'backtest', run_id: Number(pick['run_id']), model: String(pick['model']), made: String(pick['made']), rows };
}

/** Whole travellers, never below zero (interval ends of a small series can dip under it). */
const clampRow = (r: ForecastDay): ForecastDay => {
  const c = (x: number | null) => (x === null ? null : Math.max(0, x));
  return { ...r, mean: Math.max(0, r.mean), lo80: c(r.lo80), hi80: c(r.hi80), lo95: c(r.lo95), hi95: c(r.hi95) };
};

/** The range answer: actuals, the latest forecast, the stored forecast made for the past part and its error, last year, marks. */
async function rangeAnswer(app: FastifyInstance, q: RangeQuery, from: string, to: string) {
  const port = await resolvePort(app, q.port);
  const direction = q.direction ?? 'arrival';
  const category = q.category ?? 'total';
  const lang: Lang = q.lang === 'zh-Hans' ? 'zh' : (q.lang ?? 'en');
  const s = { port, direction, category };
  const [stored] = await loadSeries(app.readDb, {
    where: "c.port_id = $port and c.direction = $direction and c.category = $category and c.freq <> 'month'",
    params: s,
  });
  if (!stored) throw app.httpErrors.notFound(messages.noDailySeries(port, direction, category));
  const series = stored.series;
  const lastActual = isoOfDay(series.start + series.y.length - 1);
  const shift = yearAgoShift(from, to);
  const [actualRows, lastYearRows, holidayRows] = await Promise.all([
    dailyActuals(app.readDb, port, category, from, to),
    dailyActuals(app.readDb, port, category, addDays(from, -shift.days), addDays(to, -shift.days)),
    holidays(app.readDb, from, to),
  ]);
  const actuals = actualRows.filter((r) => r.direction === direction).map(({ date, count }) => ({ date, count }));
  const run = await forecastRun(app, undefined);
  const forecast = ((await all(
    app.readDb,
    `select strftime(date, '%Y-%m-%d') as date, mean, lo80, hi80, lo95, hi95 from forecasts
      where run_id = $run and port_id = $port and direction = $direction and category = $category
        and date between greatest($from::date, $last::date + 1) and $to::date order by date`,
    { ...s, run, from, to, last: lastActual },
  )) as unknown as ForecastDay[]).map(clampRow);
  const past = from <= lastActual ? await pastForecast(app, s, from, to < lastActual ? to : lastActual) : null;
  const byDate = new Map(actuals.map((a) => [a.date, a.count]));
  const pastRows = past?.rows.map((r) => ({ ...clampRow(r), actual: byDate.get(r.date) ?? null })) ?? [];
  const holidayDays = new Set(holidayRows.map((h) => h.date));
  const marks = engineMarks(series.start, series.y, holidayDays);
  const inRange = (d: string) => d >= from && d <= to;
  return {
    port_id: port, direction, category, from, to, last_actual: lastActual, run_id: run,
    actuals,
    forecast,
    past: past && { source: past.source, run_id: past.run_id, model: past.model, made: past.made, rows: pastRows, error: forecastError(pastRows) },
    last_year: {
      ...shift,
      rows: lastYearRows.filter((r) => r.direction === direction).map((r) => ({ date: addDays(r.date, shift.days), source_date: r.date, count: r.count })),
    },
    holidays: holidayBands(holidayRows, lang).map((b) => ({ ...b, last: addDays(b.end, -1) })),
    marks: {
      regime_start: marks.regimeStart && inRange(marks.regimeStart) ? marks.regimeStart : null,
      closures: marks.closures.filter((c) => c.end >= from && c.start <= to),
      low_days: marks.lowDays.filter(inRange),
    },
  };
}

/** Meteorological season (Dec–Feb, Mar–May, Jun–Aug, Sep–Nov) of a day: its first and last day. */
export function seasonOf(iso: string): { from: string; to: string } {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const startMonth = m === 12 || m <= 2 ? 12 : m - (m % 3);
  const startYear = m <= 2 ? y - 1 : y;
  const first = `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(startYear, startMonth - 1 + 3, 0)).toISOString().slice(0, 10);
  return { from: first, to: end };
}

/** The range presets of a port's view, from its data's last day and the calendar. */
async function presets(app: FastifyInstance, portQuery: string | undefined, lang: Lang) {
  const port = portQuery === undefined ? null : await resolvePort(app, portQuery);
  const [last] = await all(
    app.readDb,
    `select strftime(max(date), '%Y-%m-%d') as last from crossings where freq in ('day', 'hour') and ($port is null or port_id = $port)`,
    { port },
  );
  if (typeof last?.['last'] !== 'string') throw app.httpErrors.notFound(messages.noDailySeries(port ?? 'any port', 'arrival', 'total'));
  const start = addDays(String(last['last']), 1);
  const next8 = { from: start, to: addDays(start, 55) };
  // The next holiday of three days or more (merged over regions), with three days either side for the run-up.
  const rows = await holidays(app.readDb, start, addDays(start, 400));
  const block = holidayBands(rows, lang).find((b) => daysBetween(b.start, b.end) >= 3) ?? null;
  const yearBack = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`.replace(/-02-29$/, '-02-28');
  return {
    last_actual: String(last['last']),
    next8,
    holiday: block && { from: addDays(block.start, -3), to: addDays(block.end, 2), name: block.name },
    season: seasonOf(start),
    last_year: { from: yearBack(next8.from), to: yearBack(next8.to) },
  };
}

const rangeDaySchema = {
  type: 'object',
  properties: {
    date: { type: 'string' }, mean: { type: 'number' }, lo80: { type: ['number', 'null'] }, hi80: { type: ['number', 'null'] },
    lo95: { type: ['number', 'null'] }, hi95: { type: ['number', 'null'] }, actual: { type: ['number', 'null'] },
  },
} as const;
const spanSchema = { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } } as const;
const fromTo = { type: ['object', 'null'], properties: { from: { type: 'string' }, to: { type: 'string' }, name: { type: 'string' } } } as const;

/** GET /api/range (a port's series over any range: actuals, forecasts made for it, last year, marks) and its presets. */
const rangeRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: RangeQuery }>(
    '/range',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'One daily series over any range: its actuals; the latest forecast after its last actual; for the past part, the stored ' +
          'forecast made for it (a forecast run or backtest window made before the range began, else the earliest during it) with its ' +
          'error; last year\'s actuals lined up on the range\'s main festival (Lunar New Year day 1 on day 1; else 364 days back, same weekday); ' +
          'holiday bands; and what the engine sets aside (a level break, closures, extreme-low days such as typhoon signals).',
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam, from: dateParam('First day'), to: dateParam('Last day'), lang: langParam,
        }, ['port', 'from', 'to']),
        response: {
          200: {
            type: 'object',
            properties: {
              port_id: { type: 'string' }, direction: { type: 'string' }, category: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
              last_actual: { type: 'string' }, run_id: { type: 'integer' },
              actuals: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, count: { type: 'number' } } } },
              forecast: { type: 'array', items: rangeDaySchema },
              past: {
                type: ['object', 'null'],
                properties: {
                  source: { type: 'string', enum: ['run', 'backtest'] }, run_id: { type: 'integer' }, model: { type: 'string' },
                  made: { type: 'string', description: 'Last day of the data the forecast was made from.' },
                  rows: { type: 'array', items: rangeDaySchema },
                  error: {
                    type: 'object',
                    properties: {
                      days: { type: 'integer' }, wape: { type: ['number', 'null'] }, bias: { type: ['number', 'null'] }, inside80: { type: 'integer' },
                      worst: { type: ['object', 'null'], properties: { date: { type: 'string' }, actual: { type: 'number' }, mean: { type: 'number' } } },
                    },
                  },
                },
              },
              last_year: {
                type: 'object',
                properties: {
                  days: { type: 'integer' }, festival: { type: ['string', 'null'] }, date: { type: ['string', 'null'] }, lastYear: { type: ['string', 'null'] },
                  rows: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, source_date: { type: 'string' }, count: { type: 'number' } } } },
                },
              },
              holidays: {
                type: 'array',
                items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' }, last: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' } } },
              },
              marks: {
                type: 'object',
                properties: { regime_start: { type: ['string', 'null'] }, closures: { type: 'array', items: spanSchema }, low_days: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to) as { from: string; to: string };
      checkRangeLength(app, from, to, MAX_CHART_DAYS);
      const key = `range\u0000${q.port}\u0000${q.direction ?? ''}\u0000${q.category ?? ''}\u0000${from}\u0000${to}\u0000${q.lang ?? 'en'}`;
      const entry = await app.responseCache.get(key, async () => ({ body: await rangeAnswer(app, q, from, to) }));
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: { port?: string; lang?: Lang | 'zh-Hans' } }>(
    '/range/presets',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'The ranges the dashboard offers from the data\'s last day: the next 8 weeks, the next holiday of three days or more ' +
          '(three days either side), this season (Dec–Feb, Mar–May, Jun–Aug, Sep–Nov), and the next 8 weeks\' dates a year earlier.',
        querystring: query({ port: portParam, lang: langParam }),
        response: {
          200: {
            type: 'object',
            properties: { last_actual: { type: 'string' }, next8: fromTo, holiday: fromTo, season: fromTo, last_year: fromTo },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const lang: Lang = q.lang === 'zh-Hans' ? 'zh' : (q.lang ?? 'en');
      const entry = await app.responseCache.get(`range-presets\u0000${q.port ?? ''}\u0000${lang}`, async () => ({ body: await presets(app, q.port, lang) }));
      return sendCached(request, reply, entry);
    },
  );
};
export default rangeRoutes;
