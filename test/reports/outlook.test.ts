import { describe, expect, it } from 'vitest';
import { all } from '../../src/store/db.js';
import { staffingMessages } from '../../src/messages.js';
import { buildOutlook, holidayBlocks, loadOutlook, modeOfKind, sumCells, type OutlookCell } from '../../src/reports/outlook.js';
import { combineHalfWidths, measureCorrelation, sumHalf80 } from '../../src/reports/outlookIntervals.js';
import type { CalendarDay } from '../../src/reports/forecastDays.js';
import { templateDatabase } from '../api/fixture.js';

const handle = templateDatabase('outlook');

const cell = (port_id: string, direction: string, date: string, mean: number, half: number): OutlookCell =>
  ({ port_id, direction, date, mean, lo80: Math.max(0, mean - half), hi80: mean + half, lo95: Math.max(0, mean - 1.5 * half), hi95: mean + 1.5 * half });

describe('sums of intervals', () => {
  it('combines half-widths between independence and adding the bounds', () => {
    expect(combineHalfWidths([3, 4], 0)).toBe(5);
    expect(combineHalfWidths([3, 4], 1)).toBe(7);
    const mid = combineHalfWidths([3, 4], 0.5);
    expect(mid).toBeGreaterThan(5);
    expect(mid).toBeLessThan(7);
  });

  it('measures full correlation on errors that move together and none on errors that cancel', () => {
    const days = ['2025-01-01', '2025-01-02'];
    const same = days.flatMap((date) => ['a', 'b'].map((port_id) => ({ cutoff: 'c', port_id, direction: 'arrival', date, actual: 110, mean: 100, lo80: 90, hi80: 110 })));
    expect(measureCorrelation(same, 6, 'test').series).toBeCloseTo(1, 6);
    const opposite = days.flatMap((date) => [
      { cutoff: 'c', port_id: 'a', direction: 'arrival', date, actual: 110, mean: 100, lo80: 90, hi80: 110 },
      { cutoff: 'c', port_id: 'b', direction: 'arrival', date, actual: 90, mean: 100, lo80: 90, hi80: 110 },
    ]);
    expect(measureCorrelation(opposite, 6, 'test').series).toBe(0);
  });

  it('gives a sum of several days at least the normal 80 / 95 ratio, and one day its own interval', () => {
    expect(sumHalf80(10, 30)).toBeCloseTo((30 * 1.2815515655446004) / 1.959963984540054, 12);
    expect(sumHalf80(10, 15)).toBe(10);
    // 95% half-widths three times the 80% ones: a day's heavy tails.
    const heavy = (date: string) => ({ port_id: 'hk-all', direction: 'arrival', date, mean: 1000, lo80: 900, hi80: 1100, lo95: 700, hi95: 1300 });
    const rho = { series: 0.5, days: 0.2, normalSum: true };
    const two = sumCells([heavy('2026-02-17'), heavy('2026-02-18')], rho);
    const plain = sumCells([heavy('2026-02-17'), heavy('2026-02-18')], { ...rho, normalSum: false });
    expect(two.hi95 - two.mean).toBe(plain.hi95 - plain.mean);
    expect(two.hi80 - two.mean).toBe(Math.round(sumHalf80(plain.hi80 - plain.mean, plain.hi95 - plain.mean)));
    expect(sumCells([heavy('2026-02-17')], rho)).toEqual({ mean: 1000, lo80: 900, hi80: 1100, lo95: 700, hi95: 1300 });
  });

  it('maps the registry kinds onto land, sea and air, and anything else to other', () => {
    expect(['land', 'rail', 'bridge', 'sea', 'air', 'ferry', null].map(modeOfKind)).toEqual(['land', 'land', 'land', 'sea', 'air', 'other', 'other']);
  });

  it('a total is the sum of its days and of its land, sea and air parts to the unit', () => {
    const ports = [
      { port_id: 'l', name: 'Land one', name_zh: '陆一', name_zh_hant: '陸一', kind: 'rail' },
      { port_id: 's', name: 'Sea one', name_zh: '海一', name_zh_hant: '海一', kind: 'sea' },
      { port_id: 'a', name: 'Air one', name_zh: '空一', name_zh_hant: '空一', kind: 'air' },
    ];
    const dates = ['2026-02-17', '2026-02-18', '2026-02-19'];
    const cells = dates.flatMap((d, i) => ports.flatMap((p, j) => ['arrival', 'departure'].map((dir) => cell(p.port_id, dir, d, 1000.4 + 333.3 * i + 17.7 * j, 100))));
    const coverage = { requested_from: dates[0]!, requested_to: dates[2]!, from: dates[0]!, to: dates[2]!, forecast_from: dates[0]!, forecast_to: dates[2]!, partial: false, note: null };
    const correlation = { series: 0.5, days: 0.2, maxLag: 2, pairs: { series: 0, days: 0 }, source: 'test' };
    const o = buildOutlook(cells, ports, { from: dates[0]!, to: dates[2]!, runId: 1, country: 'HK', holiday: null, coverage, correlation });
    expect(o.total.mean).toBe(o.daily.reduce((s, d) => s + d.total, 0));
    expect(o.total.mean).toBe(o.by_mode.reduce((s, m) => s + m.mean, 0));
    expect(o.total.mean).toBe(o.by_direction.reduce((s, m) => s + m.mean, 0));
    expect(o.by_mode.map((m) => m.mode)).toEqual(['land', 'sea', 'air']);
    // Narrower than adding every cell's bounds, wider than treating them as independent.
    const added = sumCells(cells, { series: 1, days: 1 });
    const independent = sumCells(cells, { series: 0, days: 0 });
    expect(o.total.hi80 - o.total.lo80).toBeLessThan(added.hi80 - added.lo80);
    expect(o.total.hi80 - o.total.lo80).toBeGreaterThan(independent.hi80 - independent.lo80);
    for (const e of [o.total, ...o.by_mode, ...o.peak_days, ...o.busiest]) expect(e.lo95 <= e.lo80 && e.lo80 <= e.mean && e.mean <= e.hi80 && e.hi80 <= e.hi95).toBe(true);
  });
});

describe('holiday blocks', () => {
  it('finds a block by any of its days\' names, bridging a one-day gap, in English or Chinese', () => {
    const calendar: CalendarDay[] = [
      { date: '2026-04-03', region: 'HK', name: 'Good Friday', kind: 'holiday' },
      { date: '2026-04-04', region: 'HK', name: 'The day following Good Friday', kind: 'holiday' },
      { date: '2026-04-06', region: 'HK', name: 'The day following Ching Ming Festival', kind: 'holiday' },
      { date: '2026-04-07', region: 'HK', name: 'The day following Easter Monday', kind: 'holiday' },
    ];
    for (const name of ['Easter', 'easter', '复活节', '復活節', 'Ching Ming Festival']) {
      expect(holidayBlocks(calendar, name, 2026)).toEqual([{ region: 'HK', name: 'Good Friday', start: '2026-04-03', end: '2026-04-07' }]);
    }
    expect(holidayBlocks(calendar, 'Easter', 2025)).toEqual([]);
  });

  it('--holiday resolves to the calendar table\'s own dates', async () => {
    const hk = await all(handle.db, `select strftime(min(date), '%Y-%m-%d') as a, strftime(max(date), '%Y-%m-%d') as b from calendar
      where region = 'HK' and kind = 'holiday' and name ilike '%Lunar New Year%' and year(date) = 2026`);
    const cn = await all(handle.db, `select strftime(min(date), '%Y-%m-%d') as a, strftime(max(date), '%Y-%m-%d') as b from calendar
      where region = 'CN' and kind = 'holiday' and name like '%春节%' and year(date) = 2026`);
    const first = (a: unknown, b: unknown) => (String(a) < String(b) ? a : b);
    const last = (a: unknown, b: unknown) => (String(a) > String(b) ? a : b);
    // The festival: Hong Kong's three days and the mainland's Spring Festival week, whichever name is asked.
    for (const name of ['Lunar New Year', 'Spring Festival', '春节', '春節']) {
      const o = await loadOutlook(handle.db, { holiday: name, year: 2026 });
      expect([o.from, o.to]).toEqual([first(hk[0]!['a'], cn[0]!['a']), last(hk[0]!['b'], cn[0]!['b'])]);
      expect(o.holiday?.blocks.map((b) => b.region).sort()).toEqual(['CN', 'HK']);
      expect(o.days).toBe(o.daily.length);
    }
    // One region's block alone, named as asked.
    for (const name of ['Lunar New Year', '农历新年', '農曆新年']) {
      const o = await loadOutlook(handle.db, { holiday: name, year: 2026, region: 'HK' });
      expect([o.from, o.to]).toEqual([hk[0]!['a'], hk[0]!['b']]);
      expect(o.holiday?.names).toEqual({ en: 'Lunar New Year', 'zh-Hans': '农历新年', 'zh-Hant': '農曆新年' });
    }
    const spring = await loadOutlook(handle.db, { holiday: '春节', year: 2026, region: 'CN' });
    expect([spring.from, spring.to]).toEqual([cn[0]!['a'], cn[0]!['b']]);
  });
});

describe('outlook of the sample forecast', () => {
  it('refuses a range past the forecast, saying where it ends and how to extend it', async () => {
    const [span] = await all(handle.db, `select strftime(min(date), '%Y-%m-%d') as first, strftime(max(date), '%Y-%m-%d') as last, max(run_id)::int as run from forecasts f join ports p using (port_id) where p.country = 'HK'`);
    const last = String(span!['last']);
    await expect(loadOutlook(handle.db, { from: '2026-02-20', to: '2026-03-10' })).rejects.toThrow(
      staffingMessages.rangeBeyondForecast('all HK control points', '2026-02-20', '2026-03-10', String(span!['first']), last, Number(span!['run']), 69),
    );
    await expect(loadOutlook(handle.db, { from: '2026-02-20', to: '2026-03-10' })).rejects.toThrow(`the forecast ends on ${last}`);
    const partial = await loadOutlook(handle.db, { from: '2026-02-20', to: '2026-03-10', partial: true });
    expect(partial.to).toBe(last);
    expect(partial.coverage.note).toContain('Partial');
  });

  it('names its figures in English and Chinese, and its sums match to the unit', async () => {
    const o = await loadOutlook(handle.db, { from: '2026-01-01', to: '2026-01-28' });
    expect(o.total.mean).toBe(o.daily.reduce((s, d) => s + d.total, 0));
    expect(o.total.mean).toBe(o.by_mode.reduce((s, m) => s + m.mean, 0));
    expect(o.by_mode.map((m) => m.mode)).toEqual(['land', 'sea', 'air']);
    expect(o.labels['zh-Hant'].land).toBe('陸路');
    expect(o.labels['zh-Hans'].total).toBe('所有管制站');
    expect(o.busiest).toHaveLength(5);
    expect(o.busiest.map((b) => b.names['zh-Hant'])).toContain('羅湖');
    expect(o.busiest.map((b) => b.names['zh-Hans'])).toContain('罗湖');
    expect(o.peak_days.map((p) => p.direction)).toEqual(['arrival', 'departure']);
  });

  it('takes its total, modes and directions from the reconciled aggregates: the total is the sum of its days', async () => {
    const o = await loadOutlook(handle.db, { from: '2026-01-01', to: '2026-01-28' });
    const sums = await all(
      handle.db,
      `select aggregate_id, direction, sum(mean) as mean from aggregate_forecasts
        where run_id = $run and date between '2026-01-01' and '2026-01-28' group by all`,
      { run: o.run_id },
    );
    const of = (id: string, direction?: string) => sums.filter((r) => r['aggregate_id'] === id && (!direction || r['direction'] === direction)).reduce((s, r) => s + (r['mean'] as number), 0);
    expect(o.total.mean).toBe(of('hk-all'));
    expect(o.total.mean).toBe(o.daily.reduce((s, d) => s + d.total, 0));
    expect(o.by_direction.map((d) => d.mean)).toEqual([of('hk-all', 'arrival'), of('hk-all', 'departure')]);
    expect(o.by_mode.map((m) => m.mean)).toEqual([of('hk-land'), of('hk-sea'), of('hk-air')]);
    for (const d of o.daily) expect(d.total).toBe(d.arrival + d.departure);
    // The peak day's figure is that day's all-control-points forecast in that direction.
    const peak = o.peak_days.find((p) => p.direction === 'arrival')!;
    const [day] = await all(handle.db, `select mean from aggregate_forecasts where run_id = $run and aggregate_id = 'hk-all' and direction = 'arrival' and date = $date::date`, { run: o.run_id, date: peak.date });
    expect(peak.mean).toBe(day!['mean']);
    expect(peak.mean).toBe(o.daily.find((d) => d.date === peak.date)!.arrival);
    // The total's days combine with its own correlation: errors that persist more make the period's interval wider.
    const cells = await all(handle.db, `select aggregate_id as port_id, direction, strftime(date, '%Y-%m-%d') as date, mean, lo80, hi80, lo95, hi95
      from aggregate_forecasts where run_id = $run and date between '2026-01-01' and '2026-01-28'`, { run: o.run_id }) as unknown as OutlookCell[];
    const req = { from: o.from, to: o.to, runId: o.run_id, country: 'HK', holiday: null, coverage: o.coverage, correlation: o.correlation, aggregates: cells };
    const width = (days: number) => {
      const t = buildOutlook([], [], { ...req, aggregateDays: { 'hk-all|arrival': days, 'hk-all|departure': days } }).total;
      return t.hi80 - t.lo80;
    };
    expect(width(0.9)).toBeGreaterThan(width(0.1));
  });
});

describe('scoring a stored outlook', () => {
  it('scores only a period whose every day is loaded, against the total and each type', async () => {
    const { scoreOutlook } = await import('../../src/reports/outlookStore.js');
    const o = await loadOutlook(handle.db, { from: '2026-01-01', to: '2026-01-02' });
    const actual = (date: string, port_id: string, count: number, kind: string) => ({ port_id, date, count, kind });
    const ports = o.busiest.map((b) => b.port_id);
    const day1 = ports.map((p) => actual('2026-01-01', p, 1000, 'land'));
    expect(scoreOutlook(o, day1)).toBeNull();
    const both = [...day1, ...ports.map((p) => actual('2026-01-02', p, 1000, 'land'))];
    const score = scoreOutlook(o, both)!;
    expect(score.actual).toBe(1000 * both.length);
    expect(score.error).toBeCloseTo((o.total.mean - score.actual) / score.actual, 12);
    expect(score.by_mode.find((m) => m.mode === 'land')?.actual).toBe(score.actual);
  });
});
