/**
 * What every chart builder shares: input row types, labels in English and Chinese, port names,
 * and the base Vega-Lite config (font, size, colours).
 */
import type { Config } from 'vega-lite';
import { CrossingsError } from '../../messages.js';
import { chartMessages } from '../../messages.js';
import { hantLabels, toHant } from '../hant.js';

/** Label language of a chart: English, Simplified Chinese (zh) or Traditional Chinese (zh-Hant). */
export type Lang = 'en' | 'zh' | 'zh-Hant';

/** True for either Chinese. */
export const isChinese = (lang: Lang): boolean => lang !== 'en';

/** How often a series is counted: charts of monthly series say "per month" and use month axes. */
export type Per = 'day' | 'month';

/** Travel direction as stored in `crossings.direction`. */
export type Direction = 'arrival' | 'departure';

/** A port given by its English name, or by both names as in the `ports` table. */
export type PortRef = string | { name: string; name_zh?: string | null; name_zh_hant?: string | null };

/** One day of observed traffic. */
export interface ActualRow {
  date: string;
  count: number;
}

/** One day of observed traffic in one direction. */
export interface DirectionRow extends ActualRow {
  direction: Direction;
}

/** One forecast day with its 80% and 95% intervals. */
export interface ForecastRow {
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** A holiday of one region (`HK`, `CN`, `MO` or a user's own), as in the `calendar` table. */
export interface HolidayRow {
  date: string;
  name: string;
  region: string;
  /** Projected from the statutory rules, not a published list (the mainland's years not out yet). */
  projected?: boolean;
}

/** Chinese names of the Hong Kong control points, used when the caller gives only the English name. */
export const portNamesZh: Readonly<Record<string, string>> = {
  Airport: '机场',
  'China Ferry Terminal': '中国客运码头',
  'Express Rail Link West Kowloon': '高铁西九龙',
  'Harbour Control': '港口管制',
  'Heung Yuen Wai': '香园围',
  'Hong Kong-Zhuhai-Macao Bridge': '港珠澳大桥',
  'Hung Hom': '红磡',
  'Kai Tak Cruise Terminal': '启德邮轮码头',
  'Lo Wu': '罗湖',
  'Lok Ma Chau': '落马洲',
  'Lok Ma Chau Spur Line': '落马洲支线',
  'Macau Ferry Terminal': '港澳客轮码头',
  'Man Kam To': '文锦渡',
  'Sha Tau Kok': '沙头角',
  'Shenzhen Bay': '深圳湾',
  'Tuen Mun Ferry Terminal': '屯门客运码头',
};

/** The name of a port in the chart's language, e.g. `portLabel('Lo Wu', 'zh')` → `罗湖`. */
export function portLabel(port: PortRef, lang: Lang): string {
  const name = typeof port === 'string' ? port : port.name;
  if (lang === 'en') return name;
  if (lang === 'zh-Hant' && typeof port !== 'string' && port.name_zh_hant) return port.name_zh_hant;
  const given = typeof port === 'string' ? undefined : port.name_zh;
  const zh = given || portNamesZh[name];
  if (!zh) return name;
  return lang === 'zh-Hant' ? toHant(zh) : zh;
}

/** Every text a chart shows, in English and Simplified Chinese. */
const labelSets = {
  en: {
    direction: { arrival: 'Arrivals', departure: 'Departures' } as Record<Direction, string>,
    directionTitle: 'Direction',
    date: 'Date',
    travellers: 'Travellers per day',
    meanTravellers: 'Mean travellers per day',
    travellersMonth: 'Travellers per month',
    meanTravellersMonth: 'Mean travellers per month',
    month: 'Month',
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    monthTitle: (port: string) => `${port}: mean travellers by month of the year`,
    monthAxisFormat: '%b %Y',
    actual: 'Actual',
    forecast: 'Forecast (mean)',
    band80: '80% interval',
    band95: '95% interval',
    dailyCount: 'Daily count',
    rolling7: '7-day mean',
    thin: 'thin',
    thick: 'thick',
    weekday: 'Day of week',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    port: 'Control point',
    holiday: 'Holiday',
    holidays: 'Holidays',
    regionTitle: 'Region',
    from: 'From',
    to: 'To',
    projectedDates: ' (dates projected)',
    peak: 'Peak day',
    expected: 'Expected travellers',
    week: 'Week',
    region: { HK: 'Hong Kong', CN: 'Mainland', MO: 'Macau', event: 'Event' } as Record<string, string>,
    allRegions: 'Several regions',
    forecastTitle: (port: string, dir: string) => `${port}: ${dir.toLowerCase()}, forecast with 80% and 95% intervals`,
    historyTitle: (port: string) => `${port}: daily travellers by direction`,
    calendarTitle: (port: string) => `${port}: daily travellers, holidays outlined`,
    weekdayTitle: (port: string) => `${port}: mean travellers by day of week`,
    portsTitle: 'Mean daily travellers by control point',
    overviewTitle: 'Expected travellers per day, peak days outlined',
    overviewTitleMonthly: 'Expected travellers per month',
    range: (from: string, to: string) => `${from} to ${to}`,
    monthFormat: '%B %Y',
    dayFormat: '%-d %b',
    dateFormat: '%-d %b %Y',
    monthsLong: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    fullDay: (weekday: string, d: number, m: number, y: string) => `${weekday} ${d} ${labelSets.en.months[m - 1]} ${y}`,
    fullMonth: (m: number, y: string) => `${labelSets.en.monthsLong[m - 1]} ${y}`,
    interval80: '80%',
    shown: 'Shown',
    bothDirections: 'Both directions',
    total: 'Total',
    dates: 'Dates',
    overviewTitleMixed: 'Travellers per day: actuals, then forecasts; peak days outlined',
    overviewTitleActual: 'Travellers per day (actuals)',
    overviewTitleMonthlyMixed: 'Travellers per month: actuals, then forecasts',
    overviewTitleMonthlyActual: 'Travellers per month (actuals)',
  },
  zh: {
    direction: { arrival: '入境', departure: '出境' } as Record<Direction, string>,
    directionTitle: '方向',
    date: '日期',
    travellers: '每日旅客人次',
    meanTravellers: '日均旅客人次',
    travellersMonth: '每月旅客人次',
    meanTravellersMonth: '月均旅客人次',
    month: '月份',
    months: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    monthTitle: (port: string) => `${port}各月份平均旅客人次`,
    monthAxisFormat: '%Y年%-m月',
    actual: '实际',
    forecast: '预测（均值）',
    band80: '80% 区间',
    band95: '95% 区间',
    dailyCount: '每日人次',
    rolling7: '7 日均值',
    thin: '细线',
    thick: '粗线',
    weekday: '星期',
    weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    port: '管制站',
    holiday: '假期',
    holidays: '假期',
    regionTitle: '地区',
    from: '由',
    to: '至',
    projectedDates: '（日期为推算）',
    peak: '高峰日',
    expected: '预计旅客人次',
    week: '周',
    region: { HK: '香港', CN: '内地', MO: '澳门', event: '活动' } as Record<string, string>,
    allRegions: '多地',
    forecastTitle: (port: string, dir: string) => `${port}${dir}旅客预测（80% 与 95% 区间）`,
    historyTitle: (port: string) => `${port}每日旅客人次（按方向）`,
    calendarTitle: (port: string) => `${port}每日旅客人次（框线为假期）`,
    weekdayTitle: (port: string) => `${port}各星期日均旅客人次`,
    portsTitle: '各管制站日均旅客人次',
    overviewTitle: '每日预计旅客人次（框线为高峰日）',
    overviewTitleMonthly: '每月预计旅客人次',
    range: (from: string, to: string) => `${from} 至 ${to}`,
    monthFormat: '%Y年%-m月',
    dayFormat: '%-m月%-d日',
    dateFormat: '%Y年%-m月%-d日',
    monthsLong: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    fullDay: (weekday: string, d: number, m: number, y: string) => `${y}年${m}月${d}日（${weekday}）`,
    fullMonth: (m: number, y: string) => `${y}年${m}月`,
    interval80: '80% 区间',
    shown: '显示',
    bothDirections: '双向合计',
    total: '合计',
    dates: '日期',
    overviewTitleMixed: '每日旅客人次：先实际，后预测（框线为高峰日）',
    overviewTitleActual: '每日旅客人次（实际）',
    overviewTitleMonthlyMixed: '每月旅客人次：先实际，后预测',
    overviewTitleMonthlyActual: '每月旅客人次（实际）',
  },
} as const;

/** The label sets by language; Traditional is made from the Simplified one (see hant.ts). */
export const labels = { ...labelSets, 'zh-Hant': hantLabels(labelSets.zh) } as const;

/** The label set of a language. */
export type Labels = (typeof labels)[Lang];

/** Font families charts ask for; the PNG renderer loads the first one from a file. */
export const chartFont = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Colours of the two directions, fixed so every chart agrees. */
export const directionColors: Record<Direction, string> = { arrival: '#1f77b4', departure: '#e6550d' };

/** Colours of holiday regions, fixed so every chart agrees. */
export const regionColors: Record<string, string> = { HK: '#e7298a', CN: '#d62728', MO: '#ff7f00', '*': '#111111' };

/** Base config of every chart: one font (so PNG text matches SVG text), white background. */
export function baseConfig(): Config {
  return {
    font: chartFont,
    background: 'white',
    padding: 12,
    title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555', offset: 12 },
    axis: { labelFontSize: 11, titleFontSize: 12, labelOverlap: true, gridColor: '#e8e8e8' },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
    view: { stroke: null },
  };
}

/**
 * A date in full, with its weekday and year, in the chart's language: `Thu 1 Jan 2026`, `2026年1月1日（周四）`; a month
 * as `January 2026`, `2026年1月`.
 */
export function fullDate(date: string, lang: Lang, per: Per = 'day'): string {
  const t = labels[lang];
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  return per === 'month' ? t.fullMonth(m, y) : t.fullDay(t.weekdays[weekdayIndex(date)] ?? '', Number(date.slice(8, 10)), m, y);
}

/** Checks a date is `YYYY-MM-DD` and a real day; returns its epoch day in UTC. */
export function epochDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new CrossingsError(chartMessages.badDate(date));
  }
  return t / 86_400_000;
}

/** Day of week of a `YYYY-MM-DD` date, Monday = 0 … Sunday = 6 (ISO order, as border planners count weeks). */
export function weekdayIndex(date: string): number {
  // 1970-01-01 was a Thursday (ISO index 3).
  return (((epochDay(date) + 3) % 7) + 7) % 7;
}

/** Refuses an empty row list: a chart of nothing is a caller's mistake, not a blank picture. */
export function requireRows<T>(chart: string, rows: readonly T[]): readonly T[] {
  if (rows.length === 0) throw new CrossingsError(chartMessages.noRows(chart), 'not_found');
  return rows;
}

/** Refuses a count that is not a finite non-negative number, naming the row. */
export function requireCounts<T>(chart: string, rows: readonly T[], fields: readonly (keyof T & string)[]): void {
  rows.forEach((row, i) => {
    for (const f of fields) {
      const v = row[f];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new CrossingsError(chartMessages.badCount(chart, i, f, String(v)));
      }
    }
  });
}

/** First and last date of rows (dates as `YYYY-MM-DD` sort as strings). */
export function dateRange(rows: readonly { date: string }[]): [string, string] {
  let lo = rows[0]?.date ?? '';
  let hi = lo;
  for (const r of rows) {
    if (r.date < lo) lo = r.date;
    if (r.date > hi) hi = r.date;
  }
  return [lo, hi];
}
