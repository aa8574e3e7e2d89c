/** Nelder–Mead minimisation: derivative-free, enough for the handful of smoothing parameters of ETS. */

/** Minimises f from x0 with initial step `step`; returns the best point and value. */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: { step?: number; maxIter?: number; tol?: number } = {},
): { x: Float64Array; value: number } {
  const d = x0.length;
  const step = options.step ?? 0.5;
  const maxIter = options.maxIter ?? 200 * d;
  const tol = options.tol ?? 1e-8;
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  for (let i = 0; i <= d; i++) {
    const p = Float64Array.from(x0);
    if (i > 0) p[i - 1] = p[i - 1]! + step;
    pts.push(p);
    vals.push(f(p));
  }
  /** Stable insertion sort by value, in place: after a step only the last point is out of place. */
  const order = () => {
    for (let i = 1; i <= d; i++) {
      const p = pts[i]!;
      const v = vals[i]!;
      let j = i;
      for (; j > 0 && vals[j - 1]! > v; j--) {
        pts[j] = pts[j - 1]!;
        vals[j] = vals[j - 1]!;
      }
      pts[j] = p;
      vals[j] = v;
    }
  };
  const c = new Float64Array(d);
  const trial = (base: Float64Array, dir: Float64Array, t: number) => {
    const p = new Float64Array(d);
    for (let j = 0; j < d; j++) p[j] = base[j]! + t * (dir[j]! - base[j]!);
    return p;
  };
  for (let it = 0; it < maxIter; it++) {
    order();
    if (Math.abs(vals[d]! - vals[0]!) <= tol * (Math.abs(vals[0]!) + tol)) break;
    c.fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[j] = c[j]! + pts[i]![j]! / d;
    const worst = pts[d]!;
    const xr = trial(c, worst, -1);
    const fr = f(xr);
    if (fr < vals[0]!) {
      const xe = trial(c, worst, -2);
      const fe = f(xe);
      if (fe < fr) {
        pts[d] = xe;
        vals[d] = fe;
      } else {
        pts[d] = xr;
        vals[d] = fr;
      }
    } else if (fr < vals[d - 1]!) {
      pts[d] = xr;
      vals[d] = fr;
    } else {
      const xc = fr < vals[d]! ? trial(c, worst, -0.5) : trial(c, worst, 0.5);
      const fc = f(xc);
      if (fc < Math.min(fr, vals[d]!)) {
        pts[d] = xc;
        vals[d] = fc;
      } else {
        // Shrink towards the best point.
        for (let i = 1; i <= d; i++) {
          pts[i] = trial(pts[0]!, pts[i]!, 0.5);
          vals[i] = f(pts[i]!);
        }
      }
    }
  }
  order();
  return { x: pts[0]!, value: vals[0]! };
}
