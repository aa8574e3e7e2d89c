/**
 * Chinese (simplified) names of holidays and regions for the zh labels of peak periods. Mainland names
 * are stored with their Chinese already ("Spring Festival 春节"); the HK calendar (1823, date-holidays)
 * is in English, so its names are matched by keyword. A name nothing matches stays as it is.
 */
const HK_NAMES_ZH: readonly (readonly [RegExp, string])[] = [
  [/Lunar New Year/i, '农历新年'],
  [/Christmas/i, '圣诞节'],
  [/Good Friday/i, '耶稣受难节'],
  [/Easter/i, '复活节'],
  [/Labour Day/i, '劳动节'],
  [/Mid-Autumn/i, '中秋节'],
  [/Tuen Ng/i, '端午节'],
  [/Special Administrative Region/i, '香港特区成立纪念日'],
  [/first day of January|New Year's Day/i, '元旦'],
  [/Ching Ming/i, '清明节'],
  [/Chung Yeung/i, '重阳节'],
  [/National Day/i, '国庆日'],
  [/Buddha/i, '佛诞'],
];

const REGIONS_ZH: Readonly<Record<string, string>> = { HK: '香港', CN: '内地', MO: '澳门' };

/** The Chinese part of a stored name ("Mid-autumn Festival & National Day 中秋节、国庆节" → "中秋节、国庆节"). */
const CJK_PART = /[\u3400-\u9fff][\u3400-\u9fff、·]*/u;

export function holidayNameZh(name: string): string {
  const cjk = CJK_PART.exec(name);
  if (cjk) return cjk[0];
  return HK_NAMES_ZH.find(([pattern]) => pattern.test(name))?.[1] ?? name;
}

export function regionNameZh(region: string): string {
  return REGIONS_ZH[region] ?? region;
}
