/**
 * User-facing messages of report exports. Each says what went wrong and what to do.
 * To be folded into src/messages.ts; tests compare against these functions.
 */

const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

export const exportMessages = {
  badFormat: (value: unknown, known: readonly string[]) => `Report format is ${JSON.stringify(value)}; expected one of ${list(known)}.`,
  badLevel: (value: unknown, known: readonly string[]) => `Report detail level is ${JSON.stringify(value)}; expected one of ${list(known)}.`,
  badDate: (name: string, value: unknown) => `"${name}" is ${JSON.stringify(value)}, expected a date YYYY-MM-DD.`,
  fromAfterTo: (from: string, to: string) => `"from" (${from}) is after "to" (${to}); swap them.`,
  unknownPort: (name: string) => `No port is named "${name}". List them with: crossings ports list`,
  noPdfFont: (file: string) =>
    `The font file ${file} has no face the PDF writer can use. Install fonts-noto-cjk, or set CROSSINGS_CHART_FONT to a .ttf, .otf or .ttc file with Chinese glyphs.`,
  badNumber: (name: string, value: unknown, expected: string) => `--${name} is ${JSON.stringify(value)}; expected ${expected}.`,
} as const;
