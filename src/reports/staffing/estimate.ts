/**
 * Capacity estimates for ports whose installed counters and gates are not published: the most positions the
 * plan would have opened in any slot of the port's history, planned on what actually crossed (uncapped, with
 * the port's hours, profiles, group targets and each day's residents' share). A port built for its busiest
 * day has at least that many, so a cap below it would invent shortfalls the port never had.
 */
import type { Database } from '../../store/db.js';
import { all } from '../../store/db.js';
import type { ForecastDay } from '../forecastDays.js';
import { loadHolidayDates, loadProfiles } from '../profiles.js';
import { addDays } from '../../isoDays.js';
import { loadPortHours } from './hours.js';
import { CHANNELS, withStaffingDefaults, type Channel } from './params.js';
import { residentShareKey, staffingPlan } from './plan.js';
import { loadTargetOverrides } from './targets.js';

/** The busiest slot of a channel in one direction over the history: positions, and when. */
export interface CapacityEstimate {
  port_id: string;
  direction: string;
  channel: Channel;
  positions: number;
  date: string;
  start: string;
  from: string;
  to: string;
}

/** Plans the port's daily history in blocks of `blockDays` (a plan of every slot of years at once would not fit in memory). */
export async function estimateCapacity(db: Database, port: string, options: { from?: string; to?: string; blockDays?: number } = {}): Promise<CapacityEstimate[]> {
  const rows = await all(
    db,
    `select direction, strftime(date, '%Y-%m-%d') as date, cast(sum(count) filter (where category = 'total') as double) as total,
            cast(sum(count) filter (where category = 'hk_residents') as double) as residents
       from crossings where port_id = $port and freq = 'day' and ($from is null or date >= cast($from as date)) and ($to is null or date <= cast($to as date))
      group by all having total > 0 order by date, direction`,
    { port, from: options.from ?? null, to: options.to ?? null },
  );
  if (rows.length === 0) return [];
  const days: ForecastDay[] = rows.map((r) => ({ port_id: port, direction: String(r['direction']), date: String(r['date']), mean: Number(r['total']), hi80: Number(r['total']) }));
  const shares = new Map<string, number>();
  for (const r of rows) if (r['residents'] !== null) shares.set(residentShareKey(port, String(r['direction']), String(r['date'])), Number(r['residents']) / Number(r['total']));
  const directions = [...new Set(days.map((d) => d.direction))];
  const profiles = await loadProfiles(db, { ports: [port], directions });
  const holidays = await loadHolidayDates(db);
  const hours = await loadPortHours(db, [port]);
  const params = withStaffingDefaults({ targetOverrides: [...withStaffingDefaults().targetOverrides, ...(await loadTargetOverrides(db, port))] });
  const from = days[0]!.date;
  const to = days.at(-1)!.date;
  const best = new Map<string, CapacityEstimate>();
  const block = options.blockDays ?? 60;
  for (let start = from; start <= to; start = addDays(start, block)) {
    const end = addDays(start, block - 1);
    const forecasts = days.filter((d) => d.date >= start && d.date <= end);
    if (forecasts.length === 0) continue;
    const plan = staffingPlan({ forecasts, profiles, holidays, hours, residentShares: shares }, params);
    // Both groups' lines of a channel stand side by side in the hall: the slot needs their sum.
    const perSlot = new Map<string, { direction: string; channel: Channel; date: string; start: string; positions: number }>();
    for (const s of plan.slots) {
      const key = `${s.direction}|${s.channel}|${s.date}|${s.slot}`;
      const e = perSlot.get(key) ?? { direction: s.direction, channel: s.channel, date: s.date, start: s.start, positions: 0 };
      e.positions += s.positions;
      perSlot.set(key, e);
    }
    for (const e of perSlot.values()) {
      const key = `${e.direction}|${e.channel}`;
      if ((best.get(key)?.positions ?? -1) < e.positions) best.set(key, { port_id: port, ...e, from, to });
    }
  }
  return [...best.values()].sort((a, b) => a.direction.localeCompare(b.direction) || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
}
