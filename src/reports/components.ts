/**
 * "Why this forecast": the stored parts of a run's forecast for one series, as plain data in the planners' terms. Holidays
 * are named by festival (the mainland's Spring Festival and HK's Lunar New Year are one festival, its effects added),
 * each part is an effect on the count (+38% = × 1.38), and the level is in travellers.
 */
import { all, type Database } from '../store/db.js';
import type { Part } from '../models/types.js';

/** One effect on a day's forecast: (1 + level) × Π (1 + effect) = 1 + mean. */
export interface Effect {
  kind: Part['kind'];
  /** Holidays and events: the festival (lunar_new_year, easter, ..., other), the calendar's own name, and whose holiday it is. */
  key?: string;
  name?: string;
  region?: string;
  phase?: Part['phase'];
  days?: number;
  effect: number;
}

/** Effects summed by the chart's groups: what recurs every week (or month), every year, on holidays and events, and the rest. */
export type Group = 'weekly' | 'yearly' | 'holidays' | 'other';

export interface ComponentDay {
  date: string;
  mean: number;
  /** Level and trend, travellers (null when the model has no parts). */
  level: number | null;
  /** Largest first. */
  effects: Effect[];
  groups: Array<{ group: Group; effect: number }>;
}

export interface ComponentsReport {
  run_id: number;
  port_id: string;
  direction: string;
  category: string;
  model: string;
  freq: 'day' | 'month';
  /** False when there are no parts to show, and then why: the model has none, or the run was made before parts were stored. */
  explained: boolean;
  reason?: 'simple_model' | 'not_stored';
  days: ComponentDay[];
}

/** A stored part with its forecast row. */
export interface StoredPart extends Partial<Part> {
  date: string;
  model: string;
  mean: number;
}

/** Festivals by calendar name, mainland and HK spellings alike (the first match wins: "Lunar New Year’s Day" is not New Year). */
const FESTIVALS: ReadonlyArray<readonly [string, RegExp]> = [
  ['lunar_new_year', /Spring Festival|春节|Lunar New Year/i],
  ['easter', /Easter|Good Friday/i],
  ['christmas', /Christmas/i],
  ['labour_day', /Labour Day|劳动/i],
  ['national_day', /National Day|国庆/i],
  ['mid_autumn', /Mid-Autumn|中秋/i],
  ['dragon_boat', /Dragon Boat|Tuen Ng|端午/i],
  ['ching_ming', /Ching Ming|Tomb-sweeping|清明/i],
  ['new_year', /New Year's Day|first day of January|元旦/i],
  ['buddha', /Buddha/i],
  ['hksar_day', /Special Administrative Region/i],
  ['chung_yeung', /Chung Yeung/i],
  ['winter_solstice', /Winter Solstice/i],
  ['canton_fair', /Canton Fair/i],
];

/** The festival a calendar name belongs to, e.g. "Spring Festival 春节" → lunar_new_year; `other` when none. */
export function festivalKey(name: string): string {
  return FESTIVALS.find(([, test]) => test.test(name))?.[0] ?? 'other';
}

const GROUP: Readonly<Record<Part['kind'], Group>> = {
  level: 'other', weekly: 'weekly', month_of_year: 'yearly', yearly: 'yearly', holiday: 'holidays', event: 'holidays', workday: 'holidays',
  month_position: 'other', year_ago: 'other', limit: 'other',
};

/** Models that repeat recent periods (or a closure's zeros): their forecasts have no parts. */
const SIMPLE_MODEL = /^(snaive\d*|smean|closed|empty)$/;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The parts of one day as effects: holidays merged by festival and day, largest first, and the level in travellers. */
export function dayEffects(parts: readonly Part[]): { level: number; effects: Effect[]; groups: ComponentDay['groups'] } {
  let level = 0;
  const merged = new Map<string, Effect & { log: number; regions: Set<string> }>();
  const groups = new Map<Group, number>();
  for (const p of parts) {
    if (p.kind === 'level') {
      level += p.value;
      continue;
    }
    groups.set(GROUP[p.kind], (groups.get(GROUP[p.kind]) ?? 0) + p.value);
    const key = p.kind === 'holiday' || p.kind === 'event' ? festivalKey(p.name ?? '') : undefined;
    const id = `${p.kind}|${key ?? ''}|${key === 'other' ? p.name : ''}|${p.phase ?? ''}|${p.days ?? ''}`;
    const seen = merged.get(id);
    if (seen) {
      seen.log += p.value;
      if (p.region) seen.regions.add(p.region);
      continue;
    }
    merged.set(id, {
      kind: p.kind, ...(key ? { key } : {}), ...(p.name ? { name: p.name } : {}), ...(p.phase ? { phase: p.phase, days: p.days! } : {}),
      effect: 0, log: p.value, regions: new Set(p.region ? [p.region] : []),
    });
  }
  const effects = [...merged.values()]
    .sort((a, b) => Math.abs(b.log) - Math.abs(a.log))
    .map(({ log, regions, ...e }) => ({ ...e, ...(regions.size === 1 ? { region: [...regions][0]! } : {}), effect: round6(Math.expm1(log)) }));
  const order: Group[] = ['weekly', 'yearly', 'holidays', 'other'];
  return {
    level: Math.round(Math.expm1(level) * 10) / 10,
    effects,
    groups: order.filter((g) => groups.has(g)).map((g) => ({ group: g, effect: round6(Math.expm1(groups.get(g)!)) })),
  };
}

/** Daily or monthly, from the forecast's dates (a monthly forecast is dated on the first of each month). */
function freqOf(dates: readonly string[]): 'day' | 'month' {
  if (dates.length < 2) return dates[0]?.endsWith('-01') ? 'month' : 'day';
  return Date.parse(dates[1]!) - Date.parse(dates[0]!) > 86_400_000 ? 'month' : 'day';
}

/** The report of one series from its stored rows (one per part, or one with no part where the model has none). */
export function componentsReport(key: Omit<ComponentsReport, 'model' | 'freq' | 'explained' | 'days'>, rows: readonly StoredPart[]): ComponentsReport {
  const byDate = new Map<string, { mean: number; model: string; parts: Part[] }>();
  for (const r of rows) {
    let day = byDate.get(r.date);
    if (!day) byDate.set(r.date, (day = { mean: r.mean, model: r.model, parts: [] }));
    if (r.kind !== undefined && r.kind !== null && typeof r.value === 'number') {
      day.parts.push({ kind: r.kind, value: r.value, ...(r.region ? { region: r.region } : {}), ...(r.name ? { name: r.name } : {}), ...(r.phase ? { phase: r.phase, days: Number(r.days) } : {}) });
    }
  }
  const dates = [...byDate.keys()].sort();
  const explained = dates.length > 0 && dates.every((d) => byDate.get(d)!.parts.length > 0);
  const model = byDate.get(dates[0] ?? '')?.model ?? '';
  return {
    ...key,
    model,
    freq: freqOf(dates),
    explained,
    ...(explained ? {} : { reason: SIMPLE_MODEL.test(model) ? ('simple_model' as const) : ('not_stored' as const) }),
    days: dates.map((date) => {
      const { mean, parts } = byDate.get(date)!;
      if (!explained) return { date, mean, level: null, effects: [], groups: [] };
      return { date, mean, ...dayEffects(parts) };
    }),
  };
}

/** Loads the stored parts of one series of a run (forecast rows without parts come once, with none). */
export async function loadComponents(db: Database, q: { run: number; port: string; direction: string; category: string; from?: string; to?: string }): Promise<StoredPart[]> {
  return (await all(
    db,
    `select strftime(f.date, '%Y-%m-%d') as date, f.model, f.mean, c.kind, c.region, c.name, c.phase, c.days, c.value
       from forecasts f
       left join forecast_components c
         on c.run_id = f.run_id and c.port_id = f.port_id and c.direction = f.direction and c.category = f.category and c.date = f.date
      where f.run_id = $run and f.port_id = $port and f.direction = $direction and f.category = $category
        and ($from is null or f.date >= $from::date) and ($to is null or f.date <= $to::date)
      order by f.date`,
    { run: q.run, port: q.port, direction: q.direction, category: q.category, from: q.from ?? null, to: q.to ?? null },
  )) as unknown as StoredPart[];
}
