/**
 * Messages of the charts module, each saying what went wrong and what to do.
 * Kept here until the lead folds them into src/messages.ts (owned elsewhere).
 */

const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

export const chartMessages = {
  unknownChart: (name: string, known: readonly string[]) => `Unknown chart "${name}". Known charts: ${list(known)}.`,
  noRows: (chart: string) => `The ${chart} chart has no data rows to draw; choose a port, direction or date range that has data.`,
  badDate: (value: string) => `Bad date "${value}" in chart data, expected YYYY-MM-DD.`,
  badCount: (chart: string, row: number, field: string, value: string) =>
    `The ${chart} chart got "${field}" = ${value} in row ${row}; expected a non-negative number of travellers.`,
  noCjkFont: (tried: readonly string[]) =>
    `No CJK font file found for PNG charts (tried ${list(tried)}). Install one (apt-get install fonts-noto-cjk) ` +
    `or set CROSSINGS_CHART_FONT to the path of a .ttc/.otf/.ttf font that covers Chinese.`,
  fontNotFound: (path: string) =>
    `The chart font ${path} does not exist. Fix CROSSINGS_CHART_FONT (or the fontFiles option) to name a font file that exists.`,
  compileFailed: (detail: string) => `Could not compile the chart spec: ${detail}`,
  networkRefused: (uri: string) =>
    `The chart tried to load "${uri}"; charts are rendered offline, so put the data inline (data.values).`,
};
