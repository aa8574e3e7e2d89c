/** Small dense linear algebra on Float64Array: weighted ridge least squares by Cholesky. */

/**
 * Solves min Σ w_i (y_i − x_i·β)² + Σ λ_j β_j² for row-major X (n × p).
 * Rows with w = 0 or non-finite y are skipped. Returns β (zeros where the system is singular).
 */
export function ridgeSolve(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array,
  lambda: Float64Array,
): Float64Array {
  // One normal-equations builder for both layouts: the sparse one skips the zeros of calendar designs.
  return ridgeSolveCsr(toCsr(X, n, p), y, w, lambda);
}

/** A sparse row-major matrix (CSR): row i holds columns col[ptr[i]..ptr[i+1]) with values val. */
export interface Csr {
  n: number;
  p: number;
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** Converts a dense row-major matrix to CSR (calendar designs are mostly zeros). */
export function toCsr(X: Float64Array, n: number, p: number): Csr {
  let nnz = 0;
  for (let i = 0; i < X.length; i++) if (X[i] !== 0) nnz++;
  const ptr = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = X[i * p + j]!;
      if (v !== 0) {
        col[k] = j;
        val[k] = v;
        k++;
      }
    }
    ptr[i + 1] = k;
  }
  return { n, p, ptr, col, val };
}

/** Weighted ridge least squares (see ridgeSolve) on a CSR design. */
export function ridgeSolveCsr(X: Csr, y: Float64Array, w: Float64Array, lambda: Float64Array): Float64Array {
  const { n, p, ptr, col, val } = X;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const yi = y[i]!;
    if (!(wi > 0) || !Number.isFinite(yi)) continue;
    const e = ptr[i + 1]!;
    for (let a = ptr[i]!; a < e; a++) {
      const j = col[a]!;
      const wx = wi * val[a]!;
      b[j] = b[j]! + wx * yi;
      for (let c = a; c < e; c++) {
        const k = col[c]!;
        // Columns within a row are ascending, so (j, k) is in the upper triangle.
        A[j * p + k] = A[j * p + k]! + wx * val[c]!;
      }
    }
  }
  for (let j = 0; j < p; j++) {
    A[j * p + j] = A[j * p + j]! + lambda[j]! + 1e-9;
    for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
  }
  return choleskySolve(A, b, p);
}

/** X β for a CSR design. */
export function csrMul(X: Csr, beta: Float64Array): Float64Array {
  const out = new Float64Array(X.n);
  for (let i = 0; i < X.n; i++) {
    let v = 0;
    for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) v += X.val[a]! * beta[X.col[a]!]!;
    out[i] = v;
  }
  return out;
}

/** Dot product of a[ia..ia+len) and b[ib..ib+len), four accumulators to break the add chain. */
function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[ia + k]! * b[ib + k]!;
    s1 += a[ia + k + 1]! * b[ib + k + 1]!;
    s2 += a[ia + k + 2]! * b[ib + k + 2]!;
    s3 += a[ia + k + 3]! * b[ib + k + 3]!;
  }
  for (; k < len; k++) s0 += a[ia + k]! * b[ib + k]!;
  return s0 + s1 + (s2 + s3);
}

/** Solves A x = b for symmetric positive definite A (overwritten by its Cholesky factor). */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array {
  return choleskySubst(choleskyFactor(A, p), b, p);
}

/** In-place Cholesky factorisation A = L Lᵀ (L in the lower triangle, row-major); returns A. */
export function choleskyFactor(A: Float64Array, p: number): Float64Array {
  const L = A;
  // Crout order: rows i and j are both read contiguously, so each entry is one dot product.
  for (let j = 0; j < p; j++) {
    const rj = j * p;
    let d = L[rj + j]! - dot(L, rj, L, rj, j);
    if (!(d > 1e-12)) d = 1e-12;
    const s = Math.sqrt(d);
    L[rj + j] = s;
    const inv = 1 / s;
    for (let i = j + 1; i < p; i++) {
      const ri = i * p;
      L[ri + j] = (L[ri + j]! - dot(L, ri, L, rj, j)) * inv;
    }
  }
  return L;
}

/** Solves L Lᵀ x = b with a factor from choleskyFactor (b is not changed). */
export function choleskySubst(L: Float64Array, b: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const ri = i * p;
    z[i] = (b[i]! - dot(L, ri, z, 0, i)) / L[ri + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let v = z[i]!;
    for (let k = i + 1; k < p; k++) v -= L[k * p + i]! * x[k]!;
    x[i] = v / L[i * p + i]!;
  }
  return x;
}

/** Median of the finite values (NaN if none). */
export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile of the finite values (NaN if none). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  let m = 0;
  const v = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) v[m++] = xs[i]!;
  if (m === 0) return NaN;
  return sortedQuantile(v.subarray(0, m).sort(), q);
}

/** Several linear-interpolated quantiles of the finite values from one sort (NaN if none). */
export function quantiles(xs: ArrayLike<number>, qs: readonly number[]): number[] {
  let m = 0;
  const v = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) v[m++] = xs[i]!;
  const sorted = v.subarray(0, m).sort();
  return qs.map((q) => sortedQuantile(sorted, q));
}

/** Linear-interpolated quantile of values already sorted ascending. */
export function sortedQuantile(v: ArrayLike<number>, q: number): number {
  const n = v.length;
  if (n === 0) return NaN;
  const pos = Math.min(n - 1, Math.max(0, q * (n - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}
