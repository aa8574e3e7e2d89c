/**
 * Calendar regression on log counts: day of week, yearly Fourier terms, a piecewise-linear trend,
 * and holiday-block effects for HK and the mainland with lead and lag days. Each series gets its own
 * coefficients, so direction asymmetry (leave before, return after) is learnt, not assumed.
 */
export { springFestivalOffsets } from './holidays.js';
export { calendarRegression, calendarRegressionForecast, logForecast, residualQuantiles } from './model.js';
export type { RegressionOptions } from './options.js';
export { explainCalendarRegression, predictCalendarRegression, yearAgoResidual } from './predict.js';
export { fitCalendarRegression, type RegressionFit } from './solve.js';
