/** The calendar regression as a model object, and its log-scale forecasts back-transformed with intervals. */
import { quantiles } from '../numeric/linalg.js';
import { addPart, emptyForecast, tidyForecast, type Fitted, type Forecast, type Model, type Part, type Series } from '../types.js';
import type { RegressionOptions } from './options.js';
import { explainCalendarRegression, predictCalendarRegression } from './predict.js';
import { fitAt, fitCalendarRegression, type RegressionFit } from './solve.js';

/** Forecast of the calendar regression with intervals from its weighted in-sample log residuals. */
export function calendarRegressionForecast(series: Series, h: number, options: RegressionOptions): Forecast {
  const fit = fitCalendarRegression(series, options);
  const zf = predictCalendarRegression(fit, options.calendar, h);
  return logForecast(zf, residualQuantiles(fit.resid, fit.weights));
}

/** The calendar regression as a model object (daily series only); backtests share one design. */
export function calendarRegression(options: RegressionOptions): Model {
  const members: RegressionOptions[] = [options, ...(options.variants ?? []).map((v) => ({ ...options, ...v, variants: [] }))];
  // The engine backtests a series, then fits the same series object: the final fits are made once.
  const finals = new WeakMap<Series, RegressionFit[]>();
  const finalFits = (series: Series) => {
    let fs = finals.get(series);
    if (!fs) finals.set(series, (fs = members.map((o) => fitCalendarRegression(series, o))));
    return fs;
  };
  /** Log-mean of the members' forecasts; intervals from the first member's residuals. */
  const predict = (fits: readonly RegressionFit[], h: number): Forecast => {
    const z = predictCalendarRegression(fits[0]!, options.calendar, h);
    if (fits.length > 1) {
      for (let k = 1; k < fits.length; k++) {
        const zk = predictCalendarRegression(fits[k]!, options.calendar, h);
        for (let i = 0; i < h; i++) z[i] = z[i]! + zk[i]!;
      }
      for (let i = 0; i < h; i++) z[i] = z[i]! / fits.length;
    }
    return logForecast(z, residualQuantiles(fits[0]!.resid, fits[0]!.weights));
  };
  /** The members' parts averaged, as their forecasts are on the log scale. */
  const explainMembers = (fits: readonly RegressionFit[], h: number): Part[][] => {
    const each = fits.map((f) => explainCalendarRegression(f, options.calendar, h));
    return each[0]!.map((_, i) => {
      const parts: Part[] = [];
      for (const member of each) for (const p of member[i]!) addPart(parts, { ...p, value: p.value / fits.length });
      return parts;
    });
  };
  return {
    name: 'calreg',
    fit: (series: Series): Fitted => {
      const fits = finalFits(series);
      return { model: 'calreg', predict: (h: number) => predict(fits, h), explain: (h: number) => explainMembers(fits, h) };
    },
    backtest: (series: Series, cutoffs: readonly number[], h: number) => {
      const finalsNow = finalFits(series);
      const byMember = members.map((o, k) => fitAt(series, o, cutoffs, finalsNow[k]!.outliers));
      return cutoffs.map((_, j) => predict(byMember.map((fs) => fs[j]!), h));
    },
  };
}

/** Quantiles [q2.5, q10, q90, q97.5] of the log residuals with positive weight. */
export function residualQuantiles(resid: Float64Array, w: Float64Array): Float64Array {
  const r: number[] = [];
  for (let i = 0; i < resid.length; i++) if (w[i]! > 0 && Number.isFinite(resid[i]!)) r.push(resid[i]!);
  return Float64Array.from(quantiles(r, [0.025, 0.1, 0.9, 0.975]).map((v) => v || 0));
}

/** Back-transforms a log1p forecast with additive log-scale interval offsets [q2.5, q10, q90, q97.5]. */
export function logForecast(z: Float64Array, q: Float64Array, widen: (i: number) => number = () => 1): Forecast {
  const h = z.length;
  const f = emptyForecast(h);
  for (let i = 0; i < h; i++) {
    const m = z[i]!;
    const g = widen(i);
    f.mean[i] = Math.expm1(m);
    f.lo95[i] = Math.expm1(m + g * q[0]!);
    f.lo80[i] = Math.expm1(m + g * q[1]!);
    f.hi80[i] = Math.expm1(m + g * q[2]!);
    f.hi95[i] = Math.expm1(m + g * q[3]!);
  }
  return tidyForecast(f);
}
