/**
 * User-facing messages of peaks, profiles and staffing. Each says what went wrong and what to do.
 * To be folded into src/messages.ts; tests compare against these functions.
 */

const list = (xs: readonly (string | number)[]) => xs.map((x) => `"${x}"`).join(', ');

export const staffingMessages = {
  // parameters
  paramOutOfRange: (path: string, value: unknown, expected: string) =>
    `Staffing parameter ${path} is ${JSON.stringify(value)}; expected ${expected}.`,
  channelSharesDoNotSum: (scope: string, sum: number) =>
    `Channel shares for ${scope} add up to ${round(sum, 4)}; they must add up to 1 (e.g. egate 0.7, counter 0.27, priority 0.03).`,
  shiftsDoNotTile: (detail: string) =>
    `The shifts must cover the 24 hours exactly once, starting on slot boundaries: ${detail}.`,
  invalidStaffingParams: (problems: readonly string[]) =>
    `The staffing parameters are not valid:\n- ${problems.join('\n- ')}\nFix them and run again.`,
  unknownChannel: (channel: string, known: readonly string[]) =>
    `Unknown channel "${channel}". Known channels: ${list(known)}.`,

  // profiles
  badProfile: (where: string, detail: string) =>
    `The intraday profile ${where} is not usable: ${detail}. Give 24 non-negative hourly weights with a positive sum.`,
  badSlotMinutes: (value: unknown) => `Slot length is ${JSON.stringify(value)} minutes; expected 30 or 60.`,
  unknownPortKind: (port: string, kind: string, known: readonly string[]) =>
    `Port "${port}" has kind "${kind}", which has no default intraday profile. Known kinds: ${list(known)}; ` +
    `set the port's kind or add a profile for "${kind}" to src/reports/staffing/default-profiles.json.`,

  noProfile: (port: string, direction: string, dayType: string) =>
    `There is no ${dayType} intraday profile for ${port} ${direction}. Build profiles with resolveProfiles for every port and direction planned.`,

  // peaks
  badBasis: (value: unknown) => `Basis is ${JSON.stringify(value)}; expected "mean" or "hi80".`,
  badPercentile: (value: unknown) => `Percentile is ${JSON.stringify(value)}; expected a number between 0 and 1, such as 0.9.`,
  badLastDays: (value: unknown) => `The history window is ${JSON.stringify(value)} days; expected a whole number of days above 0, such as 365.`,
  badCapacity: (port: string, direction: string, value: unknown) =>
    `The capacity for ${port} ${direction} is ${JSON.stringify(value)}; expected a number of travellers per day above 0.`,
  missingBasisValue: (port: string, direction: string, date: string, basis: string) =>
    `The forecast for ${port} ${direction} on ${date} has no ${basis} value. Use basis "mean", or forecast again with intervals.`,

  // database
  noForecastRun: () => `The database has no forecasts yet. Make some first: crossings forecast --db PATH --horizon 56`,
  unknownForecastRun: (runId: number) => `There is no forecast run ${runId}. List the runs in the table forecast_runs.`,
  noForecastsFor: (port: string, from: string, to: string, runId: number) =>
    `Forecast run ${runId} has nothing for ${port} from ${from} to ${to}. Forecast further ahead, or pick other dates.`,
  severalModels: (runId: number, series: string, models: readonly string[]) =>
    `Forecast run ${runId} holds several models for ${series} (${list(models)}); say which one to use with the model option.`,

  // labels shown in reports
  travellers: (who: 'residents-leaving' | 'residents-returning' | 'visitors-arriving' | 'visitors-leaving' | 'departures' | 'arrivals', region: string) =>
    ({
      'residents-leaving': `${region} residents leaving`,
      'residents-returning': `${region} residents coming home`,
      'visitors-arriving': `visitors from ${region} arriving`,
      'visitors-leaving': `visitors from ${region} going home`,
      departures: 'departures (not the usual direction for this holiday)',
      arrivals: 'arrivals (not the usual direction for this holiday)',
    })[who],
  holidayLabel: (name: string, region: string, timing: 'before' | 'during' | 'after', flow: 'outbound' | 'return', travellers: string) =>
    `${name} (${region}): ${flow === 'outbound' ? 'outbound flood' : 'return flood'} ${timing} the holiday, ${travellers}`,
} as const;

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
