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
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const yi = y[i]!;
    if (!(wi > 0) || !Number.isFinite(yi)) continue;
    const off = i * p;
    for (let j = 0; j < p; j++) {
      const xij = X[off + j]!;
      if (xij === 0) continue; // calendar features are mostly zero: skipping them is the main speed-up
      const wx = wi * xij;
      b[j] = b[j]! + wx * yi;
      const rowA = j * p;
      for (let k = j; k < p; k++) {
        const xik = X[off + k]!;
        if (xik !== 0) A[rowA + k] = A[rowA + k]! + wx * xik;
      }
    }
  }
  for (let j = 0; j < p; j++) {
    A[j * p + j] = A[j * p + j]! + lambda[j]! + 1e-9;
    for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
  }
  return choleskySolve(A, b, p);
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

/** Solves A x = b for symmetric positive definite A (overwritten). */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = A;
  for (let j = 0; j < p; j++) {
    let d = L[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! * L[j * p + k]!;
    if (!(d > 1e-12)) d = 1e-12;
    const s = Math.sqrt(d);
    L[j * p + j] = s;
    for (let i = j + 1; i < p; i++) {
      let v = L[i * p + j]!;
      for (let k = 0; k < j; k++) v -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = v / s;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= L[i * p + k]! * z[k]!;
    z[i] = v / L[i * p + i]!;
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
  const v: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) v.push(xs[i]!);
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const pos = Math.min(v.length - 1, Math.max(0, q * (v.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}
