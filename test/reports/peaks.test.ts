import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, run } from '../../src/store/db.js';
import type { Database } from '../../src/store/db.js';
import { holidayNameZh, regionNameZh } from '../../src/reports/holidayNames.js';
import { capacityThresholds, historicalThreshold, labelHolidays, loadPeaks, mergeThresholds, peakDays, peakPeriods } from '../../src/reports/peaks.js';
import { holidaySpans, loadCalendar, seriesKey } from '../../src/reports/forecastDays.js';
import type { CalendarDay, ForecastDay } from '../../src/reports/forecastDays.js';
import type { PeakPeriod, Threshold } from '../../src/reports/peaks.js';
import { messages, staffingMessages as msg } from '../../src/messages.js';
import { addDays } from '../../src/isoDays.js';

const fc = (port_id: string, direction: string, date: string, mean: number, hi80: number | null = mean * 1.2): ForecastDay =>
  ({ port_id, direction, date, mean, lo80: mean * 0.8, hi80 });

describe('peak days and periods', () => {
  const thresholds: Threshold[] = [
    { port_id: 'LW', direction: 'departure', value: 100, source: 'history' },
    { port_id: 'LW', direction: 'arrival', value: 100, source: 'capacity' },
  ];
  const rows = [
    fc('LW', 'departure', '2025-04-01', 90), // hi80 108: a peak only on the hi80 basis
    fc('LW', 'departure', '2025-04-02', 120),
    fc('LW', 'departure', '2025-04-03', 150),
    fc('LW', 'departure', '2025-04-04', 50),
    fc('LW', 'departure', '2025-04-05', 110),
    fc('LW', 'arrival', '2025-04-03', 130),
    fc('XX', 'arrival', '2025-04-03', 1e6), // no threshold: never a peak
  ];

  it('compares the mean or the upper 80% bound with the threshold', () => {
    expect(peakDays(rows, thresholds, { basis: 'mean' }).map((d) => `${d.direction} ${d.date}`)).toEqual([
      'arrival 2025-04-03', 'departure 2025-04-02', 'departure 2025-04-03', 'departure 2025-04-05',
    ]);
    const hi = peakDays(rows, thresholds, { basis: 'hi80' });
    expect(hi.filter((d) => d.direction === 'departure').map((d) => d.date)).toEqual(['2025-04-01', '2025-04-02', '2025-04-03', '2025-04-05']);
    expect(hi[0]?.threshold_source).toBe('capacity');
  });

  it('groups consecutive peak days per port and direction, keeping the highest day', () => {
    const periods = peakPeriods(peakDays(rows, thresholds, { basis: 'hi80' }));
    expect(periods.map((p) => [p.direction, p.start, p.end, p.days, p.peak_date])).toEqual([
      ['arrival', '2025-04-03', '2025-04-03', 1, '2025-04-03'],
      ['departure', '2025-04-01', '2025-04-03', 3, '2025-04-03'],
      ['departure', '2025-04-05', '2025-04-05', 1, '2025-04-05'],
    ]);
    expect(periods[1]?.peak_value).toBeCloseTo(180, 9);
    expect(periods[1]?.peak_ratio).toBeCloseTo(1.8, 9);
  });

  it('groups a monthly series by consecutive months, and a daily one never across a month', () => {
    const months = ['2024-06-01', '2024-07-01', '2024-08-01', '2024-12-01'].map((date) => fc('EP', 'arrival', date, 500));
    const days = peakDays(months, [{ port_id: 'EP', direction: 'arrival', value: 100, source: 'history' }]);
    const monthly = peakPeriods(days, new Set([seriesKey({ port_id: 'EP', direction: 'arrival' })]));
    expect(monthly.map((p) => [p.start, p.end, p.days, p.unit])).toEqual([['2024-06-01', '2024-08-01', 3, 'month'], ['2024-12-01', '2024-12-01', 1, 'month']]);
    expect(peakPeriods(days).map((p) => p.days)).toEqual([1, 1, 1, 1]);
  });

  it('names a missing upper bound and a bad basis', () => {
    expect(() => peakDays([fc('LW', 'arrival', '2025-04-03', 1, null)], thresholds, { basis: 'hi80' })).toThrow(
      msg.missingBasisValue('LW', 'arrival', '2025-04-03', 'hi80'),
    );
    expect(() => peakDays(rows, thresholds, { basis: 'p99' as 'mean' })).toThrow(msg.badBasis('p99'));
  });
});

describe('thresholds', () => {
  it('takes a percentile of the last days of each series', () => {
    const actuals = Array.from({ length: 400 }, (_, i) => ({ port_id: 'LW', direction: 'arrival', date: addDays('2024-01-01', i), count: i }));
    const [t] = historicalThreshold(actuals, 0.9, 101); // counts 299..399: 90th percentile = 299 + 90
    expect(t?.value).toBeCloseTo(389, 9);
    expect(t?.days).toBe(101);
    expect(historicalThreshold(actuals, 0.5, 4)[0]?.value).toBeCloseTo(397.5, 9);
  });

  it('lets a capacity override history, per direction or for both', () => {
    const history: Threshold[] = [
      { port_id: 'LW', direction: 'arrival', value: 1, source: 'history' },
      { port_id: 'SB', direction: 'arrival', value: 2, source: 'history' },
    ];
    const capacity = capacityThresholds([{ port_id: 'LW', capacity: 500 }, { port_id: 'LW', direction: 'departure', capacity: 600 }]);
    expect(mergeThresholds(history, capacity).map((t) => [t.port_id, t.direction, t.value, t.source])).toEqual([
      ['LW', 'arrival', 500, 'capacity'],
      ['LW', 'departure', 600, 'capacity'],
      ['SB', 'arrival', 2, 'history'],
    ]);
  });

  it('refuses bad arguments with messages', () => {
    expect(() => historicalThreshold([], 90)).toThrow(msg.badPercentile(90));
    expect(() => historicalThreshold([], 0.9, 0)).toThrow(msg.badLastDays(0));
    expect(() => capacityThresholds([{ port_id: 'LW', capacity: -1 }])).toThrow(msg.badCapacity('LW', 'both directions', -1));
  });
});

describe('holiday labels', () => {
  const calendar: CalendarDay[] = [
    // Easter in HK: Friday, Saturday and Monday (Sunday is no public holiday but bridges them).
    { date: '2025-04-18', region: 'HK', name: 'Good Friday', kind: 'holiday' },
    { date: '2025-04-19', region: 'HK', name: 'The day following Good Friday', kind: 'holiday' },
    { date: '2025-04-21', region: 'HK', name: 'Easter Monday', kind: 'holiday' },
    // Labour Day golden week on the mainland.
    ...[1, 2, 3, 4, 5].map((d) => ({ date: `2025-05-0${d}`, region: 'CN', name: '劳动节', kind: 'holiday' })),
    { date: '2025-04-27', region: 'CN', name: '劳动节', kind: 'adjusted_workday' },
  ];
  const period = (direction: string, start: string, end: string, peak = start) => ({
    port_id: 'LW', direction, start, end, days: 1, peak_date: peak, peak_value: 1, peak_ratio: 1, threshold: 1, basis: 'mean' as const,
    severity: 0, normal: null, excess: null, capacity_excess: null, holiday: null,
  });

  it('merges a holiday across a bridging day and ignores adjusted workdays', () => {
    expect(holidaySpans(calendar)).toEqual([
      { region: 'HK', name: 'Good Friday', start: '2025-04-18', end: '2025-04-21' },
      { region: 'CN', name: '劳动节', start: '2025-05-01', end: '2025-05-05' },
    ]);
  });

  it('labels outbound floods before and return floods after, with who is moving', () => {
    const spans = holidaySpans(calendar);
    const [out, back, visitors, home, far, wrong] = labelHolidays(
      [
        period('departure', '2025-04-16', '2025-04-17'), // HK residents leave before Easter
        period('arrival', '2025-04-21', '2025-04-22', '2025-04-22'), // and come back on Easter Monday and after
        period('arrival', '2025-05-01', '2025-05-02'), // mainland visitors arrive at the start of golden week
        period('departure', '2025-05-04', '2025-05-05', '2025-05-05'), // and go home at its end
        period('departure', '2025-06-10', '2025-06-10'), // nothing near
        period('arrival', '2025-04-15', '2025-04-16'), // arrivals before Easter: not the usual direction
      ],
      spans,
      { windowDays: 3, portRegions: { LW: 'HK' } },
    );
    expect([out?.holiday?.name, out?.holiday?.timing, out?.holiday?.flow, out?.holiday?.matches_direction]).toEqual(['Good Friday', 'before', 'outbound', true]);
    expect(out?.holiday?.label).toBe(msg.holidayLabel('Good Friday', 'HK', 'before', 'outbound', msg.travellers('residents-leaving', 'HK')));
    expect([back?.holiday?.timing, back?.holiday?.flow, back?.holiday?.expected_direction]).toEqual(['during', 'return', 'arrival']);
    expect([visitors?.holiday?.name, visitors?.holiday?.flow, visitors?.holiday?.expected_direction]).toEqual(['劳动节', 'outbound', 'arrival']);
    expect(visitors?.holiday?.label).toContain('visitors from CN arriving');
    expect([home?.holiday?.flow, home?.holiday?.expected_direction, home?.holiday?.matches_direction]).toEqual(['return', 'departure', true]);
    expect(far?.holiday).toBeNull();
    expect(wrong?.holiday?.matches_direction).toBe(false);
    // The same labels in Chinese, with the HK holiday's English name translated.
    expect(out?.holiday?.label_zh).toBe('耶稣受难节（香港）：假期前出行高峰，香港居民出行');
    expect(visitors?.holiday?.label_zh).toBe('劳动节（内地）：假期中出行高峰，内地旅客到来');
    expect(wrong?.holiday?.label_zh).toContain('入境（与此假期的常见方向相反）');
  });

  it('labels a port only with holidays of the regions whose travellers cross there', () => {
    // A US port (region Texas) on 1 May: the mainland's Labour Day moves nobody through it.
    const [texas, lowu] = labelHolidays(
      [{ ...period('arrival', '2025-05-01', '2025-05-01'), port_id: 'EP' }, period('arrival', '2025-05-01', '2025-05-01')],
      holidaySpans(calendar),
      { windowDays: 3, portRegions: { EP: 'Texas', LW: 'HK' } },
    );
    expect(texas?.holiday).toBeNull();
    expect(lowu?.holiday?.name).toBe('劳动节');
  });

  it('says when a holiday\'s dates are projected, not published (the mainland after 2026)', () => {
    const projected: CalendarDay[] = [1, 2, 3, 4, 5].map((d) => ({ date: `2027-05-0${d}`, region: 'CN', name: '劳动节', kind: 'holiday', source: 'cn-projected' }));
    const [visitors] = labelHolidays([period('arrival', '2027-05-01', '2027-05-02')], holidaySpans([...calendar, ...projected]), { windowDays: 3, portRegions: { LW: 'HK' } });
    expect(visitors?.holiday).toMatchObject({ name: '劳动节', start: '2027-05-01', projected: true });
    expect(visitors?.holiday?.label).toBe(msg.holidayLabel('劳动节', 'CN', 'during', 'outbound', msg.travellers('visitors-arriving', 'CN'), true));
    expect(visitors?.holiday?.label).toContain('(CN, dates projected)');
    expect(visitors?.holiday?.label_zh).toBe('劳动节（内地，日期为推算）：假期中出行高峰，内地旅客到来');
    const [published] = labelHolidays([period('arrival', '2025-05-01', '2025-05-02')], holidaySpans(calendar), { windowDays: 3, portRegions: { LW: 'HK' } });
    expect(published?.holiday?.projected).toBe(false);
  });

  it('gives holidays Chinese names: mainland names keep their Chinese, HK names are matched, others stay', () => {
    expect(holidayNameZh('Mid-autumn Festival & National Day 中秋节、国庆节')).toBe('中秋节、国庆节');
    expect(holidayNameZh('The day following the Chinese Mid-Autumn Festival')).toBe('中秋节');
    expect(holidayNameZh('Hong Kong Special Administrative Region Establishment Day')).toBe('香港特区成立纪念日');
    expect(holidayNameZh('Lunar New Year’s Day')).toBe('农历新年');
    expect(holidayNameZh('Macau Grand Prix')).toBe('Macau Grand Prix');
    expect([regionNameZh('HK'), regionNameZh('CN'), regionNameZh('SG')]).toEqual(['香港', '内地', 'SG']);
  });
});

describe('loadPeaks on a database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await run(db, `insert into ports (port_id, name, kind, region) values ('LW', 'Lo Wu', 'land', 'HK')`);
    // A year of history: 1000 a day, 2000 on Saturdays, in both directions.
    await run(db, `insert into crossings select 'LW', d::date, null, dir, 'total', case when dayofweek(d) = 6 then 2000 else 1000 end, 'day', 1
                     from range(date '2024-04-01', date '2025-04-01', interval 1 day) t(d), (values ('arrival'), ('departure')) v(dir)`);
    await run(db, `insert into calendar values ('2025-04-18', 'HK', 'Good Friday', 'holiday', null), ('2025-04-19', 'HK', 'The day following Good Friday', 'holiday', null),
                                               ('2025-04-21', 'HK', 'Easter Monday', 'holiday', null)`);
    // Run 1 (old) and run 2: a departure flood before Easter, an arrival flood after it.
    await run(db, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) select 1, 'LW', dir, 'total', d::date, 'ets', 5000, null, null, null, null
                     from range(date '2025-04-01', date '2025-04-30', interval 1 day) t(d), (values ('arrival'), ('departure')) v(dir)`);
    await run(db, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) select 2, 'LW', dir, 'total', d::date, 'ets',
                     case when dir = 'departure' and d in ('2025-04-16', '2025-04-17') then 3000
                          when dir = 'arrival' and d in ('2025-04-21', '2025-04-22') then 2500 else 1200 end,
                     null, null, null, null
                     from range(date '2025-04-01', date '2025-04-30', interval 1 day) t(d), (values ('arrival'), ('departure')) v(dir)`);
  });
  afterAll(async () => closeDatabase(db));

  it('uses the latest run and the 90th percentile of history, and labels the floods', async () => {
    const r = await loadPeaks(db, { from: '2025-04-01', to: '2025-04-30', basis: 'mean' });
    expect(r.runId).toBe(2);
    expect(r.unthresholded).toEqual([]);
    expect(r.thresholds.map((t) => t.value)).toEqual([2000, 2000]);
    // Most severe first: departures 3000 and arrivals 2500 against a normal day of 1200.
    expect(r.periods.map((p) => [p.rank, p.direction, p.start, p.end, p.holiday?.flow])).toEqual([
      [1, 'departure', '2025-04-16', '2025-04-17', 'outbound'],
      [2, 'arrival', '2025-04-21', '2025-04-22', 'return'],
    ]);
    expect(r.periods.map((p) => [p.normal, p.severity])).toEqual([[1200, 1.5], [1200, 1300 / 1200]]);
  });

  it('takes a capacity, a run, a port and a direction', async () => {
    const r = await loadPeaks(db, { port: 'LW', direction: 'departure', from: '2025-04-01', to: '2025-04-30', capacity: 4000, runId: 1 });
    expect(r.thresholds).toEqual([{ port_id: 'LW', direction: 'departure', value: 4000, source: 'capacity' }]);
    expect(r.periods).toHaveLength(1);
    expect(r.periods[0]?.days).toBe(29); // range() stops before its end date
    await expect(loadPeaks(db, { from: '2025-04-01', to: '2025-04-30', runId: 9 })).rejects.toThrow(messages.unknownForecastRun(9));
  });
});

describe('significant peaks on a database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await run(db, `insert into ports (port_id, name, kind, region) values ('KT', 'Kai Tak', 'sea', 'HK'), ('SB', 'Shenzhen Bay', 'land', 'HK')`);
    // A cruise terminal with a ship every Tuesday and nobody otherwise; a land port busiest on Saturdays.
    // Ahead, the Tuesday ships are bigger than last year's, so every one is above the line of history.
    await run(db, `insert into crossings select 'KT', d::date, null, 'arrival', 'total', case when dayofweek(d) = 2 then 4000 else 0 end, 'day', 1
                     from range(date '2024-04-01', date '2025-04-01', interval 1 day) t(d)`);
    await run(db, `insert into crossings select 'SB', d::date, null, 'arrival', 'total', case when dayofweek(d) = 6 then 2000 else 1000 end, 'day', 1
                     from range(date '2024-04-01', date '2025-04-01', interval 1 day) t(d)`);
    await run(db, `insert into calendar values ('2025-04-18', 'HK', 'Good Friday', 'holiday', null), ('2025-04-19', 'HK', 'The day following Good Friday', 'holiday', null),
                                               ('2025-04-21', 'HK', 'Easter Monday', 'holiday', null)`);
    // Eight weeks ahead: the ships go on, plus one extra ship on Thursday 15 May; Saturdays at Shenzhen Bay
    // come out 1% above the line, and the Thursday before Easter well above a normal Thursday and the line.
    await run(db, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95)
                   select 1, 'KT', 'arrival', 'total', d::date, 'ets', case when dayofweek(d) = 2 or d = date '2025-05-15' then 4700 else 0 end, null, null, null, null
                     from range(date '2025-04-01', date '2025-05-27', interval 1 day) t(d)
                   union all
                   select 1, 'SB', 'arrival', 'total', d::date, 'ets', case when d = date '2025-04-17' then 2600 when dayofweek(d) = 6 then 2020 else 1000 end, null, null, null, null
                     from range(date '2025-04-01', date '2025-05-27', interval 1 day) t(d)`);
  });
  afterAll(async () => closeDatabase(db));

  it('lists only periods well above the normal for their weekday, most severe first', async () => {
    const r = await loadPeaks(db, { from: '2025-04-01', to: '2025-05-26' });
    // Every Tuesday's ship is the normal for a Tuesday, and a Saturday 1% over the line is an ordinary Saturday.
    expect(r.periods.map((p) => [p.rank, p.port_id, p.start, p.end])).toEqual([
      [1, 'KT', '2025-05-15', '2025-05-15'],
      [2, 'SB', '2025-04-17', '2025-04-17'],
    ]);
    expect(r.days.map((d) => `${d.port_id} ${d.date}`)).toEqual(['KT 2025-05-15', 'SB 2025-04-17']);
    expect(r.periods[1]).toMatchObject({ normal: 1000, severity: 1.6 });
    expect(r.periods[1]?.holiday?.name).toBe('Good Friday');
    expect(r.significance).toMatchObject({ all: false, min_excess: 0.15, periods_above_threshold: 8 + 1 + 8 + 1 });
  });

  it('still lists everything with all, ranked, and names no holiday for the weekday\'s usual ship', async () => {
    const r = await loadPeaks(db, { from: '2025-04-01', to: '2025-05-26', all: true });
    expect(r.periods).toHaveLength(18);
    expect(r.periods.map((p) => p.rank)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(r.periods.every((p, i) => i === 0 || r.periods[i - 1]!.severity >= p.severity)).toBe(true);
    // Tuesday 22 April, the day after Easter Monday: a ship as on every Tuesday, so no holiday flood.
    const easterTuesday = r.periods.find((p) => p.port_id === 'KT' && p.start === '2025-04-22');
    expect(easterTuesday).toMatchObject({ normal: 4700, excess: 0, holiday: null });
    // A Saturday 1% over the line is exactly the normal for a Saturday.
    const saturday = r.periods.find((p) => p.port_id === 'SB' && p.start === '2025-04-05');
    expect(saturday).toMatchObject({ normal: 2020, severity: 0 });
    expect(saturday?.peak_ratio).toBeCloseTo(1.01, 9);
  });

  it('attributes a holiday only to a period overlapping or next to it', async () => {
    const spans = holidaySpans(await loadCalendar(db, '2025-04-01', '2025-05-31'));
    const period = (start: string): PeakPeriod => ({
      port_id: 'SB', direction: 'departure', start, end: start, days: 1, peak_date: start, peak_value: 3000, peak_ratio: 1.5, threshold: 2000, basis: 'mean',
      severity: 0.5, normal: 2000, excess: 0.5, capacity_excess: null, holiday: null,
    });
    const [before, eve, after, later] = labelHolidays(['2025-04-15', '2025-04-17', '2025-04-22', '2025-04-24'].map(period), spans);
    expect([before?.holiday, eve?.holiday?.name, after?.holiday?.name, later?.holiday]).toEqual([null, 'Good Friday', 'Good Friday', null]);
  });
});
