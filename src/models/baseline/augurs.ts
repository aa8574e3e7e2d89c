/**
 * Wrappers of @bsull/augurs (Rust/WASM) AutoETS and MSTL under our model contract, kept for the
 * comparison in docs/models.md. They work on log1p counts like our own models.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';
import { MSTL, initSync as initMstl } from '@bsull/augurs/mstl';
import { expForecast } from '../ets/ets.js';
import { emptyForecast, type Fitted, type Forecast, type Model, type Series } from '../types.js';

let ready = false;

/** Loads the two WASM modules once (synchronously, from the package files). */
export function initAugurs(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  const dir = require.resolve('@bsull/augurs/ets').replace(/ets\.js$/, '');
  initEts({ module: readFileSync(`${dir}ets_bg.wasm`) });
  initMstl({ module: readFileSync(`${dir}mstl_bg.wasm`) });
  ready = true;
}

function logOf(series: Series, window: number): Float64Array {
  const y = series.y.subarray(Math.max(0, series.y.length - window));
  const z = new Float64Array(y.length);
  let last = 0;
  // augurs does not accept gaps: carry the last value over missing days.
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (Number.isFinite(v)) last = Math.log1p(Math.max(0, v));
    z[i] = last;
  }
  return z;
}

function toForecast(pred80: { point: number[]; intervals?: { lower: number[]; upper: number[] } | undefined }, pred95: typeof pred80, h: number): Forecast {
  const f = emptyForecast(h);
  for (let i = 0; i < h; i++) {
    f.mean[i] = pred80.point[i] ?? 0;
    f.lo80[i] = pred80.intervals?.lower[i] ?? f.mean[i]!;
    f.hi80[i] = pred80.intervals?.upper[i] ?? f.mean[i]!;
    f.lo95[i] = pred95.intervals?.lower[i] ?? f.mean[i]!;
    f.hi95[i] = pred95.intervals?.upper[i] ?? f.mean[i]!;
  }
  return expForecast(f);
}

/** augurs MSTL with AutoETS on the adjusted series; periods e.g. [7, 365]. */
export function augursMstl(options: { periods: number[]; window?: number }): Model {
  const name = 'augurs-mstl';
  return {
    name,
    fit(series: Series): Fitted {
      initAugurs();
      const z = logOf(series, options.window ?? 1096);
      // Periods longer than half the data cannot be estimated; drop them.
      const periods = options.periods.filter((p) => 2 * p <= z.length);
      const m = MSTL.ets(periods.length ? periods : [1]);
      m.fit(z);
      return {
        model: name,
        predict(h: number): Forecast {
          return toForecast(m.predict(h, 0.8), m.predict(h, 0.95), h);
        },
      };
    },
  };
}

/** augurs AutoETS ('ZZZ' search) with the given season length. */
export function augursEts(options: { season: number; window?: number }): Model {
  const name = 'augurs-ets';
  return {
    name,
    fit(series: Series): Fitted {
      initAugurs();
      const z = logOf(series, options.window ?? 365);
      const m = new AutoETS(options.season, 'ZZZ');
      m.fit(z);
      return { model: name, predict: (h: number) => toForecast(m.predict(h, 0.8), m.predict(h, 0.95), h) };
    },
  };
}
