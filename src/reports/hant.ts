/**
 * Traditional Chinese (Hong Kong usage) from the Simplified texts the reports are written in, by OpenCC's
 * dictionaries (opencc-js), so there is one set of Chinese labels to keep and Hong Kong officers read 繁體.
 */
import * as OpenCC from 'opencc-js/cn2t';

const convert = OpenCC.Converter({ from: 'cn', to: 'hk' });

/** Simplified → Traditional (HK): "罗湖入境旅客预测" → "羅湖入境旅客預測". */
export function toHant(text: string): string {
  return convert(text);
}

/** A copy of a label set with every string, and every string a function returns, in Traditional. */
export function hantLabels<T>(value: T): T {
  if (typeof value === 'string') return toHant(value) as T;
  if (typeof value === 'function') return ((...args: unknown[]) => hantLabels((value as (...a: unknown[]) => unknown)(...args))) as T;
  if (Array.isArray(value)) return value.map(hantLabels) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hantLabels(v)])) as T;
  return value;
}
