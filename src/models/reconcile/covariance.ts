/** The residual covariance MinT weighs base forecasts by, shrunk towards its diagonal (Schäfer and Strimmer, 2005). */

/** A covariance of n series (row-major n × n) and the shrinkage intensity it took (0: the sample covariance, 1: its diagonal). */
export interface ShrunkCovariance {
  n: number;
  W: Float64Array;
  lambda: number;
}

/**
 * The shrinkage estimate of the covariance of errors `e` (n series × T days, row-major, errors taken as mean zero, as
 * hts's shrink.estim does): λ diag(Σ) + (1 − λ) Σ with Σ = E Eᵀ / T and λ the estimated optimal intensity
 * Σ Var(r_ij) / Σ r_ij² over the pairs i ≠ j of correlations r. Example: two series with identical errors get λ near 0.
 */
export function shrinkCovariance(e: Float64Array, n: number, T: number): ShrunkCovariance {
  if (e.length !== n * T) throw new RangeError(`errors: expected ${n} × ${T} values, got ${e.length}`);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += e[i * T + t]! * e[j * T + t]!;
      S[i * n + j] = S[j * n + i] = s / T;
    }
  }
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(S[i * n + i]!);
  // Standardised errors; a series without error (a closed port's zeros) stays zero and adds nothing to either sum.
  const x = new Float64Array(n * T);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) x[i * T + t] = sd[i]! > 0 ? e[i * T + t]! / sd[i]! : 0;
  let v = 0;
  let d = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let s2 = 0;
      let s1 = 0;
      for (let t = 0; t < T; t++) {
        const p = x[i * T + t]! * x[j * T + t]!;
        s1 += p;
        s2 += p * p;
      }
      v += (s2 - (s1 * s1) / T) / (T * (T - 1));
      const r = s1 / T;
      d += r * r;
    }
  }
  const lambda = d > 0 ? Math.min(1, Math.max(0, v / d)) : 1;
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) W[i * n + j] = i === j ? S[i * n + i]! : (1 - lambda) * S[i * n + j]!;
  return { n, W, lambda };
}
