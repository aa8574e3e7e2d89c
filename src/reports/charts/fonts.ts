/**
 * Font files for PNG rendering: which file to load and which family name it declares.
 * resvg draws nothing for text whose family it cannot match, so the family must come from the file itself.
 */
import { existsSync } from 'node:fs';
import { chartMessages, CrossingsError } from '../../messages.js';
import { configuredChartFonts } from '../../config.js';
import { fontFaces } from '../fontFaces.js';

/** Where Debian, Ubuntu, Fedora and Alpine put CJK sans fonts; the first that exists is used. */
export const defaultCjkFonts: readonly string[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc',
];

/**
 * The font files PNG rendering loads: the given paths, else `CROSSINGS_CHART_FONT` (paths split by `:`),
 * else the first default CJK font plus its bold face. Throws a message naming what to install if none exists.
 */
export function resolveFontFiles(
  given?: readonly string[],
  configured: readonly string[] | undefined = configuredChartFonts(),
  candidates: readonly string[] = defaultCjkFonts,
): string[] {
  const chosen = given ?? configured;
  if (chosen && chosen.length > 0) {
    for (const f of chosen) if (!existsSync(f)) throw new CrossingsError(chartMessages.fontNotFound(f), 'unavailable');
    return [...chosen];
  }
  const regular = candidates.find((f) => existsSync(f));
  if (!regular) throw new CrossingsError(chartMessages.noCjkFont(candidates), 'unavailable');
  // Titles are bold; without the bold face resvg draws them in the regular weight.
  const bold = regular.replace('Regular', 'Bold');
  return bold !== regular && existsSync(bold) ? [regular, bold] : [regular];
}

/** Family names of every face in a .ttf/.otf/.ttc file. */
export function fontFamilies(path: string): string[] {
  return fontFaces(path).map((f) => f.family);
}

/** The family to draw chart text in: a Simplified Chinese face if the files have one, else the first family. */
export function preferredFamily(files: readonly string[]): string {
  const families = files.flatMap(fontFamilies);
  const family = families.find((f) => /\b(SC|Hans)\b/.test(f)) ?? families[0];
  if (!family) throw new CrossingsError(chartMessages.noCjkFont(files), 'unavailable');
  return family;
}
