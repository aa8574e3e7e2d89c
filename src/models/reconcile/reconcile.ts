/**
 * Reconciliation: coherent forecasts ỹ = S G ŷ from base forecasts ŷ of every node, with G = (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹ for a
 * weight W (Wickramasuriya, Athanasopoulos and Hyndman, 2019): MinT-shrink weighs by the shrunk error covariance, OLS by
 * the identity, WLS by the error variances alone; bottom-up keeps the bottom forecasts as they are.
 */
// The engine's own Cholesky does the two small solves; no npm library reconciles, and a matrix library adds nothing here.
import { choleskyFactor, choleskySubst } from '../numeric/linalg.js';
import type { Hierarchy } from './hierarchy.js';

export type Method = 'base' | 'bottom-up' | 'ols' | 'wls' | 'mint-shrink';
export const METHODS: readonly Method[] = ['base', 'bottom-up', 'ols', 'wls', 'mint-shrink'];

/** G (m × n, row-major): the bottom values b = G ŷ a method makes of the base forecasts of all n nodes. */
export function bottomUpMatrix(h: Hierarchy): Float64Array {
  const n = h.nodes.length;
  const G = new Float64Array(h.m * n);
  for (let j = 0; j < h.m; j++) G[j * n + (n - h.m + j)] = 1;
  return G;
}

/**
 * G for weight W (n × n, symmetric positive definite): (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹. A diagonal ridge of `ridge` × the mean
 * variance keeps W invertible where two nodes are the same series (a mode with one port).
 */
export function minTraceMatrix(h: Hierarchy, W: Float64Array, ridge = 1e-6): Float64Array {
  const n = h.nodes.length;
  const { m, S } = h;
  const Wr = W.slice();
  let trace = 0;
  for (let i = 0; i < n; i++) trace += Wr[i * n + i]!;
  const floor = Math.max(ridge * (trace / n), 1e-9);
  for (let i = 0; i < n; i++) Wr[i * n + i] = Wr[i * n + i]! + floor;
  const L = choleskyFactor(Wr, n);
  // X = W⁻¹ S, column by column (n × m).
  const X = new Float64Array(n * m);
  const col = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) col[i] = S[i * m + j]!;
    const x = choleskySubst(L, col, n);
    for (let i = 0; i < n; i++) X[i * m + j] = x[i]!;
  }
  // A = Sᵀ X (m × m), then G = A⁻¹ Xᵀ, one column of Xᵀ (a row of X) at a time.
  const A = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) if (S[i * m + a]) s += X[i * m + b]!;
      A[a * m + b] = s;
    }
  }
  const LA = choleskyFactor(A, m);
  const G = new Float64Array(m * n);
  const rhs = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) rhs[a] = X[i * m + a]!;
    const g = choleskySubst(LA, rhs, m);
    for (let a = 0; a < m; a++) G[a * n + i] = g[a]!;
  }
  return G;
}

/** The identity weight of OLS reconciliation. */
export function identityWeight(n: number): Float64Array {
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) W[i * n + i] = 1;
  return W;
}

/** The diagonal of W (WLS: each node weighed by its own error variance only). */
export function diagonalWeight(W: Float64Array, n: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) D[i * n + i] = W[i * n + i]!;
  return D;
}

/** Bottom values G ŷ. */
export function applyMatrix(G: Float64Array, m: number, yhat: ArrayLike<number>): Float64Array {
  const n = yhat.length;
  const b = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += G[j * n + i]! * yhat[i]!;
    b[j] = s;
  }
  return b;
}
