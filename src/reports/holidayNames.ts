/**
 * Chinese (simplified) names of holidays and regions for the zh labels of peak periods. Mainland names
 * are stored with their Chinese already ("Spring Festival 春节"); the HK calendar (1823, date-holidays)
 * is in English, so its names are matched by keyword. A name nothing matches stays as it is.
 */
import { toHant } from './hant.js';

/** HK holiday names by keyword: their Simplified Chinese name and the one English name of the holiday's days. */
const HK_NAMES: readonly (readonly [RegExp, string, string])[] = [
  [/Lunar New Year/i, '农历新年', 'Lunar New Year'],
  [/Christmas/i, '圣诞节', 'Christmas'],
  [/Good Friday/i, '耶稣受难节', 'Good Friday'],
  [/Easter/i, '复活节', 'Easter'],
  [/Labour Day/i, '劳动节', 'Labour Day'],
  [/Mid-Autumn/i, '中秋节', 'Mid-Autumn Festival'],
  [/Tuen Ng/i, '端午节', 'Tuen Ng Festival'],
  [/Special Administrative Region/i, '香港特区成立纪念日', 'HKSAR Establishment Day'],
  [/first day of January|New Year's Day/i, '元旦', "New Year's Day"],
  [/Ching Ming/i, '清明节', 'Ching Ming Festival'],
  [/Chung Yeung/i, '重阳节', 'Chung Yeung Festival'],
  [/National Day/i, '国庆日', 'National Day'],
  [/Buddha/i, '佛诞', "Buddha's Birthday"],
];

const REGIONS_ZH: Readonly<Record<string, string>> = { HK: '香港', CN: '内地', MO: '澳门' };

/** The Chinese part of a stored name ("Mid-autumn Festival & National Day 中秋节、国庆节" → "中秋节、国庆节"). */
const CJK_PART = /[\u3400-\u9fff][\u3400-\u9fff、·]*/u;

export function holidayNameZh(name: string): string {
  const cjk = CJK_PART.exec(name);
  if (cjk) return cjk[0];
  return HK_NAMES.find(([pattern]) => pattern.test(name))?.[1] ?? name;
}

export function regionNameZh(region: string): string {
  return REGIONS_ZH[region] ?? region;
}

/** A stored holiday name in a chart's language: its English part, its Simplified, or its Traditional name. */
export function holidayNameIn(name: string, lang: 'en' | 'zh' | 'zh-Hant'): string {
  // Mainland names carry their own English part ("Spring Festival 春节"); HK ones name each day differently.
  if (lang === 'en') return CJK_PART.test(name) ? name.replace(CJK_PART, '').trim() || name : (HK_NAMES.find(([pattern]) => pattern.test(name))?.[2] ?? name);
  const zh = holidayNameZh(name);
  return lang === 'zh-Hant' ? toHant(zh) : zh;
}
