/** The rows the engine produces for storage and export (written by src/store/forecastRows.ts). */
import type { Part } from './types.js';

/** One stored forecast row, plus the port's name for exports. */
export interface ForecastRow {
  port_id: string;
  port: string;
  direction: string;
  category: string;
  date: string;
  model: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
  /** The series' last period with data: earlier than the day before `date`'s run start when the series is stale. */
  last_actual?: string;
  /** The model's parts of `mean` (log1p scale; they add up to log1p(mean) before rounding), where the model has parts. */
  components?: Part[];
}

/** One stored backtest row. */
export interface BacktestRow extends ForecastRow {
  cutoff: string;
  actual: number | null;
}
