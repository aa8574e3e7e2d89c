/** Travellers per port and direction over a range: what was counted up to each port's last day, the forecast after it. */
import { listValue } from '@duckdb/node-api';
import { all, type Database } from '../store/db.js';

/** One port's totals over a range, each direction split into its counted and its forecast part. */
export interface PortTotals {
  port_id: string;
  direction: 'arrival' | 'departure';
  actual: number;
  forecast: number;
  /** Days (or months) of each part. */
  actual_periods: number;
  forecast_periods: number;
}

/** The people a US BTS port counts (its other measures are vehicles and containers). */
export const US_TRAVELLER_CATEGORIES = ['personal_vehicle_passengers', 'pedestrians', 'bus_passengers', 'train_passengers'];

/**
 * Totals per port and direction of a country between two days, for the overview's table: a daily port's `total`, a
 * monthly port's travellers (people, not vehicles). Each forecast day is rounded to whole travellers before adding,
 * as the outlook adds them, so both give the same figures; a port forecast as closed is left out.
 */
export async function loadRangeTotals(db: Database, o: { run: number; from: string; to: string; country: string; monthly: boolean }): Promise<PortTotals[]> {
  const categories = o.monthly ? US_TRAVELLER_CATEGORIES : ['total'];
  return (await all(
    db,
    `with ps as (select port_id from ports where country = $country
                  and port_id not in (select port_id from forecasts where run_id = $run and model = 'closed')),
     observed as (
       select c.port_id, c.direction, c.date, sum(c.count)::double as n
         from crossings c join ps using (port_id)
        where list_contains($categories, c.category) and c.date between $from::date and $to::date
          and (c.freq = 'month') = $monthly and c.freq <> 'hour'
        group by all),
     forecast as (
       select f.port_id, f.direction, f.date, sum(round(f.mean))::double as n
         from forecasts f join ps using (port_id)
        where f.run_id = $run and list_contains($categories, f.category) and f.date between $from::date and $to::date
          and not exists (select 1 from observed x where x.port_id = f.port_id and x.date = f.date)
        group by all)
     select port_id, direction, sum(n) filter (where part = 'a')::double as actual, sum(n) filter (where part = 'f')::double as forecast,
            count(*) filter (where part = 'a')::int as actual_periods, count(*) filter (where part = 'f')::int as forecast_periods
       from (select *, 'a' as part from observed union all select *, 'f' from forecast)
      group by all order by port_id, direction`,
    { run: o.run, from: o.from, to: o.to, country: o.country, monthly: o.monthly, categories: listValue(categories) },
  )).map((r) => ({
    port_id: String(r['port_id']), direction: String(r['direction']) as PortTotals['direction'],
    actual: Number(r['actual'] ?? 0), forecast: Number(r['forecast'] ?? 0),
    actual_periods: Number(r['actual_periods']), forecast_periods: Number(r['forecast_periods']),
  }));
}
