/**
 * Additive exponential smoothing (ETS with additive errors): level, optional (damped) trend,
 * optional additive season, parameters by least squares, form chosen by AICc. Used on log counts
 * by the engine, so additive seasonality there is multiplicative on the original scale.
 */
import { nelderMead } from '../numeric/optim.js';
import { emptyForecast, tidyForecast, Z80, Z95, type Fitted, type Forecast, type Model, type Part, type Series } from '../types.js';

export type Trend = 'N' | 'A' | 'Ad';

export interface EtsSpec {
  trend: Trend;
  season: number; // 1 = no season
}

export interface EtsFit {
  spec: EtsSpec;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  l0: number;
  b0: number;
  level: number;
  slope: number;
  seasonal: Float64Array; // the last m seasonal states, oldest first
  sse: number;
  n: number;
  sigma2: number;
  aicc: number;
}

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

const NO_SEASON = new Float64Array(0);

/**
 * Runs the ETS recursions and returns SSE and final states; NaN observations skip the update. With `scratch` (the
 * optimiser's objective, thousands of calls per fit) the seasonal states are worked in it and not returned.
 */
function filter(y: Float64Array, spec: EtsSpec, a: number, b: number, g: number, phi: number, l0: number, b0: number, s0: Float64Array, scratch?: Float64Array) {
  const m = spec.season;
  const hasT = spec.trend !== 'N';
  let l = l0;
  let tr = hasT ? b0 : 0;
  const s = scratch ?? new Float64Array(s0.length);
  s.set(s0);
  let sse = 0;
  let cnt = 0;
  for (let t = 0; t < y.length; t++) {
    const si = t % m;
    const sv = m > 1 ? s[si]! : 0;
    const pb = phi * tr;
    const yhat = l + pb + sv;
    const v = y[t]!;
    const e = Number.isFinite(v) ? v - yhat : 0;
    if (Number.isFinite(v)) {
      sse += e * e;
      cnt++;
    }
    l = l + pb + a * e;
    if (hasT) tr = pb + b * e;
    if (m > 1) s[si] = sv + g * e;
  }
  if (scratch) return { sse, cnt, level: l, slope: tr, seasonal: NO_SEASON };
  // Rotate so seasonal[0] is the state for the first period after the data.
  const rot = new Float64Array(m > 1 ? m : 0);
  for (let k = 0; k < rot.length; k++) rot[k] = s[(y.length + k) % m]!;
  return { sse, cnt, level: l, slope: tr, seasonal: rot };
}

/** Heuristic initial states: mean and slope of the first seasons, seasonal deviations of the first one. */
function initialStates(y: Float64Array, m: number): { l0: number; b0: number; s0: Float64Array } {
  const k = Math.min(y.length, Math.max(2 * m, 10));
  const finite = (from: number, to: number) => {
    let s = 0;
    let c = 0;
    for (let i = from; i < Math.min(to, y.length); i++) if (Number.isFinite(y[i]!)) {
      s += y[i]!;
      c++;
    }
    return c ? s / c : 0;
  };
  const half = Math.max(1, Math.floor(k / 2));
  const m1 = finite(0, half);
  const m2 = finite(half, k);
  const l0 = m1;
  const b0 = (m2 - m1) / half;
  const s0 = new Float64Array(Math.max(m, 1));
  if (m > 1) {
    const base = finite(0, m);
    for (let i = 0; i < m; i++) s0[i] = Number.isFinite(y[i]!) ? y[i]! - base : 0;
  }
  return { l0, b0, s0 };
}

/** Fits one ETS form by minimising the one-step SSE over the smoothing parameters and initial level/slope. */
export function fitEts(y: Float64Array, spec: EtsSpec): EtsFit {
  const m = spec.season;
  const init = initialStates(y, m);
  const hasT = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const hasS = m > 1;
  const scale = Math.max(1e-6, Math.abs(init.l0));
  // Unconstrained coordinates: alpha, beta/alpha, gamma/(1-alpha), phi, l0, b0 (only the ones in use).
  const unpack = (x: Float64Array) => {
    let i = 0;
    const a = 0.0001 + 0.9998 * sig(x[i++]!);
    const b = hasT ? a * sig(x[i++]!) : 0;
    const g = hasS ? (1 - a) * sig(x[i++]!) : 0;
    const phi = damped ? 0.8 + 0.18 * sig(x[i++]!) : 1;
    const l0 = init.l0 + x[i++]! * scale * 0.1;
    const b0 = hasT ? init.b0 + x[i++]! * scale * 0.01 : 0;
    return { a, b, g, phi, l0, b0 };
  };
  const x0: number[] = [logit(0.3)];
  if (hasT) x0.push(logit(0.1));
  if (hasS) x0.push(logit(0.1));
  if (damped) x0.push(0);
  x0.push(0);
  if (hasT) x0.push(0);
  const scratch = new Float64Array(init.s0.length);
  const obj = (x: Float64Array) => {
    const p = unpack(x);
    return filter(y, spec, p.a, p.b, p.g, p.phi, p.l0, p.b0, init.s0, scratch).sse;
  };
  const best = nelderMead(obj, x0, { step: 1, maxIter: 150 * x0.length, tol: 1e-10 });
  const p = unpack(best.x);
  const r = filter(y, spec, p.a, p.b, p.g, p.phi, p.l0, p.b0, init.s0);
  const n = Math.max(1, r.cnt);
  const k = x0.length + 1 + (hasS ? m - 1 : 0); // parameters, sigma, free seasonal states
  const sigma2 = r.sse / Math.max(1, n - k);
  const ll = n * Math.log(Math.max(r.sse, 1e-300) / n);
  const aicc = n - k - 1 > 0 ? ll + 2 * k + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return { spec, alpha: p.a, beta: p.b, gamma: p.g, phi: p.phi, l0: p.l0, b0: p.b0, level: r.level, slope: r.slope, seasonal: r.seasonal, sse: r.sse, n, sigma2, aicc };
}

/** Point forecasts and normal intervals of a fitted ETS (class-1 variance formula). */
export function etsPredict(fit: EtsFit, h: number): Forecast {
  const f = emptyForecast(h);
  const m = fit.spec.season;
  let phiSum = 0;
  let varSum = 0;
  let cumPhi = 0;
  for (let i = 0; i < h; i++) {
    phiSum += Math.pow(fit.phi, i + 1);
    const mean = fit.level + phiSum * fit.slope + (m > 1 ? fit.seasonal[i % m]! : 0);
    if (i > 0) {
      cumPhi += Math.pow(fit.phi, i);
      const c = fit.alpha + fit.beta * cumPhi + (m > 1 && i % m === 0 ? fit.gamma : 0);
      varSum += c * c;
    }
    const sd = Math.sqrt(fit.sigma2 * (1 + varSum));
    f.mean[i] = mean;
    f.lo80[i] = mean - Z80 * sd;
    f.hi80[i] = mean + Z80 * sd;
    f.lo95[i] = mean - Z95 * sd;
    f.hi95[i] = mean + Z95 * sd;
  }
  return f;
}

/**
 * The parts of etsPredict's point forecast: level and (damped) trend, and the season (month of year for a season of 12,
 * weekday for 7). Same states as the forecast, so they add up to it.
 */
export function etsExplain(fit: EtsFit, h: number): Part[][] {
  const m = fit.spec.season;
  const out: Part[][] = [];
  let phiSum = 0;
  for (let i = 0; i < h; i++) {
    phiSum += Math.pow(fit.phi, i + 1);
    const parts: Part[] = [{ kind: 'level', value: fit.level + phiSum * fit.slope }];
    if (m > 1) parts.push({ kind: m === 12 ? 'month_of_year' : 'weekly', value: fit.seasonal[i % m]! });
    out.push(parts);
  }
  return out;
}

/** Fits the trend forms none / additive / damped (with the given season) and keeps the lowest AICc. */
export function autoEts(y: Float64Array, season: number, trends: readonly Trend[] = ['N', 'A', 'Ad']): EtsFit {
  let best: EtsFit | undefined;
  for (const trend of trends) {
    const fit = fitEts(y, { trend, season });
    if (!best || fit.aicc < best.aicc) best = fit;
  }
  return best!;
}

/** One-shot AICc-selected ETS forecast on the original scale (no transform). */
export function etsForecast(y: Float64Array, h: number, season: number): Forecast {
  return etsPredict(autoEts(y, season), h);
}

/**
 * ETS as a model on log1p counts (never negative after back-transform): ets({ season: 7 }).
 * Only the last `window` periods are used: smoothing forgets older data anyway.
 */
export function ets(options: { season: number; window?: number }): Model {
  const { season } = options;
  const window = options.window ?? (season === 7 ? 365 : 240);
  const logs = (series: Series) => {
    const y = series.y.subarray(Math.max(0, series.y.length - window));
    const z = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) z[i] = Number.isFinite(y[i]!) ? Math.log1p(Math.max(0, y[i]!)) : NaN;
    return z;
  };
  const fitted = (fit: EtsFit): Fitted => ({ model: 'ets', predict: (h: number) => expForecast(etsPredict(fit, h)), explain: (h: number) => etsExplain(fit, h) });
  const fitSeries = (series: Series) => {
    const z = logs(series);
    return autoEts(z, z.length >= 3 * season ? season : 1);
  };
  // The engine backtests a series, then fits the same series object: the final fit is made once.
  const finals = new WeakMap<Series, EtsFit>();
  return {
    name: 'ets',
    fit: (series: Series) => fitted(finals.get(series) ?? fitSeries(series)),
    backtest(series: Series, cutoffs: readonly number[], h: number): Forecast[] {
      // The form (trend, season) is chosen once on the whole series; each cutoff refits its parameters.
      const final = finals.get(series) ?? fitSeries(series);
      finals.set(series, final);
      return cutoffs.map((c) => {
        const z = logs({ ...series, y: series.y.subarray(0, c + 1) });
        const spec = final.spec.season > 1 && z.length < 3 * season ? { ...final.spec, season: 1 } : final.spec;
        return fitted(fitEts(z, spec)).predict(h);
      });
    },
  };
}

/** Maps a log1p-scale forecast back to counts. */
export function expForecast(f: Forecast): Forecast {
  for (const a of [f.mean, f.lo80, f.hi80, f.lo95, f.hi95]) for (let i = 0; i < a.length; i++) a[i] = Math.expm1(Math.min(a[i]!, 30));
  return tidyForecast(f);
}
