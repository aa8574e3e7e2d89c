/**
 * User-facing messages of the forecasting commands. They belong in src/messages.ts (owned by the
 * lead); kept here until merged so this module does not edit files it does not own.
 */
export const modelMessages = {
  noSeries: (db: string) => `The database ${db} has no crossings to forecast. Load data first: crossings ingest --db ${db} --format ... FILE`,
  badHorizon: (value: string) => `--horizon is "${value}", expected a whole number of periods ≥ 1 (days for daily series, months for monthly).`,
  badOrigin: (value: string) => `Origin "${value}" is not a date YYYY-MM-DD. Give origins as --origins 2025-02-26,2025-04-23`,
  noOrigins: () => `Give at least one origin: --origins 2025-02-26,2025-04-23 (each forecast uses data up to and including its origin).`,
  noBacktestWindows: (origins: readonly string[]) =>
    `No series has data both up to and after the origins ${origins.join(', ')}; choose origins inside the loaded history.`,
  noForecastsYet: () => `No stored forecasts have actuals yet. Run crossings forecast, load newer data, then ask again.`,
} as const;
