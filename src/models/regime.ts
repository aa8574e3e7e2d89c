/** Regime-break detection and extreme-low cleaning, on log counts. */

export interface RegimeOptions {
  /** Smallest level shift (in log units) that counts as a regime break; 1.0 ≈ a factor 2.7. */
  minShift?: number;
  /** Shortest segment (periods) either side of a break. */
  minSegment?: number;
}

/**
 * Index where the current regime starts: repeatedly splits the rest of the series at the
 * mean shift of log1p(y) that explains most variance, while that shift is large. Finds closures
 * and reopenings without being told their dates. Example: 700 zeros then traffic → 700.
 */
export function detectRegimeStart(y: Float64Array, options: RegimeOptions = {}): number {
  const minShift = options.minShift ?? 1.0;
  const minSeg = options.minSegment ?? 14;
  const n = y.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Number.isFinite(y[i]!) ? Math.log1p(Math.max(0, y[i]!)) : NaN;
  // Prefix sums over finite values let each candidate split be scored in O(1).
  const c = new Float64Array(n + 1);
  const s = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = z[i]!;
    const ok = Number.isFinite(v);
    c[i + 1] = c[i]! + (ok ? 1 : 0);
    s[i + 1] = s[i]! + (ok ? v : 0);
    s2[i + 1] = s2[i]! + (ok ? v * v : 0);
  }
  const sse = (a: number, b: number) => {
    const k = c[b]! - c[a]!;
    if (k <= 0) return 0;
    const m = (s[b]! - s[a]!) / k;
    return s2[b]! - s2[a]! - k * m * m;
  };
  const mean = (a: number, b: number) => (s[b]! - s[a]!) / Math.max(1, c[b]! - c[a]!);
  let start = 0;
  for (let guard = 0; guard < 20; guard++) {
    const total = sse(start, n);
    let best = -1;
    let bestCost = Infinity;
    for (let k = start + minSeg; k <= n - minSeg; k++) {
      const cost = sse(start, k) + sse(k, n);
      if (cost < bestCost) {
        bestCost = cost;
        best = k;
      }
    }
    if (best < 0) break;
    const shift = Math.abs(mean(best, n) - mean(start, best));
    // A break must be a big level change that explains most of the variance, not a noisy season.
    if (shift < minShift || bestCost > 0.8 * total) break;
    start = best;
  }
  // A reopening often has a few trickle days before the new level: skip leading zeros.
  while (start < n - minSeg && !(y[start]! > 0)) start++;
  return start;
}

/**
 * Replaces extreme low days (typhoon signals, one-day closures) with the median of the same
 * weekday one and two weeks either side, so they do not distort seasonal patterns of models
 * that cannot down-weight them. Returns a new array; counts at or above `ratio` of the reference stay.
 */
export function cleanExtremeLows(y: Float64Array, season = 7, ratio = 0.45): Float64Array {
  const out = Float64Array.from(y);
  const n = y.length;
  const ref: number[] = [];
  for (let t = 0; t < n; t++) {
    ref.length = 0;
    for (const k of [-2, -1, 1, 2]) {
      const j = t + k * season;
      if (j >= 0 && j < n && Number.isFinite(y[j]!)) ref.push(y[j]!);
    }
    if (ref.length < 2) continue;
    ref.sort((a, b) => a - b);
    const m = ref.length % 2 ? ref[(ref.length - 1) / 2]! : (ref[ref.length / 2 - 1]! + ref[ref.length / 2]!) / 2;
    const v = y[t]!;
    if (m > 20 && (!Number.isFinite(v) || v < ratio * m)) out[t] = m;
  }
  return out;
}

/**
 * Marks interior outage days as missing: a count under `ratio` of the median of the surrounding
 * ±`half` days, where that median is a real flow (≥ `minLevel`). A port shut for two months or a
 * crossing closed for a typhoon is then a gap, not a seasonal pattern. Days at the very end stay,
 * since a closure that lasts until today is news the forecast must not hide.
 */
export function maskOutages(y: Float64Array, ratio = 0.05, half = 28, minLevel = 50): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  const buf = new Float64Array(12 * half + 2);
  let len = 0;
  const median = () => buf.subarray(0, len).sort()[Math.floor(len / 2)] ?? 0;
  // Only days far below the series' upper range can be outages: skip the costly medians elsewhere.
  const sorted = Float64Array.from(y).filter(Number.isFinite).sort();
  const high = sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0;
  let lastGood = n - 1;
  while (lastGood >= 0 && !(y[lastGood]! > 0)) lastGood--;
  for (let t = 0; t < lastGood; t++) {
    const v = y[t]!;
    if (!Number.isFinite(v) || v >= ratio * high) continue;
    len = 0;
    for (let j = Math.max(0, t - half); j <= Math.min(n - 1, t + half); j++) if (Number.isFinite(y[j]!)) buf[len++] = y[j]!;
    let med = len ? median() : 0;
    if (!(v < ratio * med) || med < minLevel) {
      // Deep inside a long closure the local median is zero too: compare with half a year around.
      if (v > 0.5 * minLevel) continue;
      len = 0;
      for (let j = Math.max(0, t - 6 * half); j <= Math.min(n - 1, t + 6 * half); j += 3) if (Number.isFinite(y[j]!)) buf[len++] = y[j]!;
      med = len ? median() : 0;
    }
    if (med >= minLevel && v < ratio * med) out[t] = NaN;
  }
  return out;
}
