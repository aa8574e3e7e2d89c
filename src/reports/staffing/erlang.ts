/**
 * Queueing formulas for sizing a channel: Erlang B, Erlang C (M/M/c) and Erlang A (M/M/c+M, with
 * abandonment). Everything is iterative or in log space, so loads of thousands of arrivals per hour
 * and hundreds of positions never form a factorial or a power that overflows.
 */

/** The traffic one channel sees in one interval. */
export interface QueueLoad {
  /** Arrivals in the interval (travellers). */
  arrivals: number;
  /** Length of the interval in seconds (3600 for an hour, 1800 for a 30-minute slot). */
  intervalSeconds: number;
  /** Mean handling time per traveller in seconds. */
  serviceSeconds: number;
  /** Mean patience in seconds (Erlang A); omitted or Infinity means nobody leaves the queue (Erlang C). */
  patienceSeconds?: number;
}

/** A service-level target: at least `share` of travellers wait no longer than `waitSeconds`. */
export interface ServiceTarget {
  waitSeconds: number;
  share: number;
}

/** What a number of positions achieves for a load. */
export interface QueueMetrics {
  positions: number;
  /** Offered load in erlangs (arrival rate × handling time). */
  erlangs: number;
  /** Share of travellers served within the target wait. */
  serviceLevel: number;
  /** Probability a traveller has to wait at all. */
  probWait: number;
  /** Mean wait in seconds over all travellers (average speed of answer). */
  meanWaitSeconds: number;
  /** Share of time positions are busy. */
  occupancy: number;
  /** Share of travellers who leave the queue before service (0 under Erlang C). */
  probAbandon: number;
  model: 'erlang-c' | 'erlang-a';
}

/** Offered load in erlangs: arrivals per second × handling seconds. Example: 100 per 1800 s × 180 s → 10. */
export function offeredLoad(load: QueueLoad): number {
  return (load.arrivals / load.intervalSeconds) * load.serviceSeconds;
}

/** Erlang B blocking probability by the recursion B(k) = A·B(k−1) / (k + A·B(k−1)), stable for any size. */
export function erlangB(servers: number, erlangs: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = nextErlangB(b, k, erlangs);
  return b;
}

/** One step of the Erlang B recursion: from B(k−1) to B(k). */
function nextErlangB(previous: number, k: number, erlangs: number): number {
  const ab = erlangs * previous;
  return ab / (k + ab);
}

/** Erlang C probability of waiting, from Erlang B; 1 when the load reaches or exceeds the positions. */
export function erlangC(servers: number, erlangs: number): number {
  if (servers <= erlangs) return 1;
  return erlangCFromB(erlangB(servers, erlangs), servers, erlangs);
}

function erlangCFromB(b: number, servers: number, erlangs: number): number {
  if (servers <= erlangs) return 1;
  return (servers * b) / (servers - erlangs * (1 - b));
}

/** Erlang C service level P(wait ≤ t) = 1 − C·exp(−(c − A)·t / handling time). */
export function serviceLevel(servers: number, load: QueueLoad, waitSeconds: number): number {
  return erlangCMetrics(servers, load, waitSeconds).serviceLevel;
}

/** Erlang C average speed of answer (mean wait over all travellers) in seconds; Infinity when overloaded. */
export function averageSpeedOfAnswer(servers: number, load: QueueLoad): number {
  return erlangCMetrics(servers, load, 0).meanWaitSeconds;
}

/** Share of time the positions are busy: offered load / positions (Erlang C; capped at 1). */
export function occupancy(servers: number, load: QueueLoad): number {
  if (servers <= 0) return 1;
  return Math.min(1, offeredLoad(load) / servers);
}

/** All Erlang C figures for `servers` positions. */
export function erlangCMetrics(servers: number, load: QueueLoad, waitSeconds: number): QueueMetrics {
  const a = offeredLoad(load);
  return metricsFromB(servers, a, a === 0 ? 0 : erlangB(servers, a), load.serviceSeconds, waitSeconds);
}

function metricsFromB(servers: number, a: number, b: number, serviceSeconds: number, waitSeconds: number): QueueMetrics {
  if (a === 0) {
    return { positions: servers, erlangs: 0, serviceLevel: 1, probWait: 0, meanWaitSeconds: 0, occupancy: 0, probAbandon: 0, model: 'erlang-c' };
  }
  if (servers <= a) {
    // Without abandonment the queue grows without bound: nobody is served within any target.
    return { positions: servers, erlangs: a, serviceLevel: 0, probWait: 1, meanWaitSeconds: Infinity, occupancy: 1, probAbandon: 0, model: 'erlang-c' };
  }
  const c = erlangCFromB(b, servers, a);
  const sl = 1 - c * Math.exp((-(servers - a) * waitSeconds) / serviceSeconds);
  return {
    positions: servers,
    erlangs: a,
    serviceLevel: clamp01(sl),
    probWait: c,
    meanWaitSeconds: (c * serviceSeconds) / (servers - a),
    occupancy: a / servers,
    probAbandon: 0,
    model: 'erlang-c',
  };
}

/**
 * Erlang A (Palm's M/M/c+M) figures for `servers` positions, after Mandelbaum & Zeltyn (2007).
 * Service level here is P(V ≤ t) for the virtual wait V, i.e. the wait a traveller would have had
 * if patient: abandoners do not count as served in time, which keeps the target conservative.
 */
export function erlangAMetrics(servers: number, load: QueueLoad, waitSeconds: number): QueueMetrics {
  const patience = load.patienceSeconds;
  if (patience === undefined || !Number.isFinite(patience)) return erlangCMetrics(servers, load, waitSeconds);
  const a = offeredLoad(load);
  if (a === 0) return { ...erlangCMetrics(servers, load, waitSeconds), model: 'erlang-a' };
  if (servers <= 0) {
    return { positions: servers, erlangs: a, serviceLevel: 0, probWait: 1, meanWaitSeconds: patience, occupancy: 1, probAbandon: 1, model: 'erlang-a' };
  }
  const lambda = load.arrivals / load.intervalSeconds;
  const mu = 1 / load.serviceSeconds;
  const theta = 1 / patience;
  // x, y as in Mandelbaum & Zeltyn: the state probabilities above c servers are π_c · y^j / Π(x+k).
  const x = (servers * mu) / theta;
  const y = lambda / theta;
  const logInvB = logInverseErlangB(servers, a);
  const logTail = logQueueSeries(x, y, 1); // log(A(x,y) − 1)
  const logPc = -logAddExp(logInvB, logTail); // π_c = 1 / (1/B + A − 1)
  const logA = logAddExp(0, logTail);
  const probWait = Math.min(1, Math.exp(logA + logPc));
  const rho = lambda / (servers * mu);
  // P(abandon | wait) = 1/(ρA) + 1 − 1/ρ, written so that it stays in [0, 1] without cancellation trouble.
  const abandonGivenWait = clamp01(1 + (Math.exp(-logA) - 1) / rho);
  const probAbandon = probWait * abandonGivenWait;
  const waitExceeds = erlangAWaitExceeds(logPc, x, y, servers * mu, theta, waitSeconds);
  return {
    positions: servers,
    erlangs: a,
    serviceLevel: clamp01(1 - waitExceeds),
    probWait,
    // Little's law on the queue: abandonment rate θ·E[Q] = λ·P(ab), so E[W] = P(ab) / θ.
    meanWaitSeconds: probAbandon * patience,
    occupancy: Math.min(1, (a * (1 - probAbandon)) / servers),
    probAbandon,
    model: 'erlang-a',
  };
}

/**
 * P(V > t) in Erlang A. The queue ahead of a traveller empties as a pure death process with rates
 * cμ + iθ; started from the arrival-time distribution π_c·y^i/Π(x+k), it keeps that shape with
 * y → y·e^{−θt}, which gives π_c · e^{−cμt} · e^{y(1 − e^{−θt})} · A(x, y·e^{−θt}).
 */
function erlangAWaitExceeds(logPc: number, x: number, y: number, cMu: number, theta: number, t: number): number {
  const decay = Math.exp(-theta * t);
  const log = logPc - cMu * t + y * -Math.expm1(-theta * t) + logQueueSeries(x, y * decay, 0);
  return Math.min(1, Math.exp(log));
}

/** log(1/B(c, A)); the plain recursion unless B underflows (c far above A), then 1/B(k) = 1 + (k/A)/B(k−1) in log space. */
function logInverseErlangB(servers: number, erlangs: number): number {
  const b = erlangB(servers, erlangs);
  if (b > 1e-280) return -Math.log(b);
  let l = 0;
  const logA = Math.log(erlangs);
  for (let k = 1; k <= servers; k++) l = softplus(Math.log(k) - logA + l);
  return l;
}

/**
 * log Σ_{i ≥ from} z^i / Π_{k=1..i}(x + k). Terms rise while x + i < z, then fall; each is the last
 * times z/(x+i), summed in linear space and rescaled by 1e-250 whenever they grow large, so there is
 * one division per term and no overflow.
 */
function logQueueSeries(x: number, z: number, from: 0 | 1): number {
  if (z <= 0) return from === 0 ? 0 : -Infinity;
  const rescale = 1e-250;
  const logRescale = Math.log(rescale);
  let term = 1;
  let sum = from === 0 ? 1 : 0;
  let logScale = 0;
  for (let i = 1; i < 50_000_000; i++) {
    term *= z / (x + i);
    sum += term;
    if (term > 1e250) {
      term *= rescale;
      sum *= rescale;
      logScale -= logRescale;
    }
    // Past the mode the ratio z/(x+i) only shrinks, so once a term is negligible the rest are too.
    if (x + i > z && term < sum * 1e-17) break;
  }
  return logScale + Math.log(sum);
}

/** Positions needed, and what they achieve. */
export interface RequiredPositions extends QueueMetrics {
  /** True when the target could not be reached within the search limit. */
  unreachable?: boolean;
}

/**
 * Minimal positions whose service level meets `target` and whose occupancy stays ≤ `maxOccupancy`.
 * Uses Erlang A when the load has a finite patience, else Erlang C.
 * Example: 100 arrivals per 1800 s, 180 s handling, 80% within 20 s → 14 positions at service level 0.888.
 */
export function requiredAgents(load: QueueLoad, target: ServiceTarget, maxOccupancy = 1): RequiredPositions {
  const a = offeredLoad(load);
  if (a === 0) return erlangCMetrics(0, load, target.waitSeconds);
  const c = requiredErlangC(load, target, maxOccupancy);
  const patience = load.patienceSeconds;
  if (patience === undefined || !Number.isFinite(patience)) return c;
  // Abandonment only shortens the queue, so the Erlang C answer is an upper bound; the Erlang A
  // service level and occupancy are monotone in positions. The answer is usually a few positions
  // below it, so gallop downwards (1, 2, 4, ... below) and bisect the last step.
  const meets = (m: QueueMetrics) => m.serviceLevel >= target.share && m.occupancy <= maxOccupancy;
  let hi = Math.max(1, c.positions);
  let best = erlangAMetrics(hi, load, target.waitSeconds);
  let lo = 0; // 0 positions serve nobody: never meets
  for (let step = 1; hi - step > 0; step *= 2) {
    const m = erlangAMetrics(hi - step, load, target.waitSeconds);
    if (!meets(m)) {
      lo = hi - step;
      break;
    }
    hi -= step;
    best = m;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const m = erlangAMetrics(mid, load, target.waitSeconds);
    if (meets(m)) {
      hi = mid;
      best = m;
    } else lo = mid;
  }
  return best;
}

/** Erlang C search: start just above the load (fewer positions never keep up) and step the B recursion. */
function requiredErlangC(load: QueueLoad, target: ServiceTarget, maxOccupancy: number): RequiredPositions {
  const a = offeredLoad(load);
  const minForOccupancy = Math.ceil(a / maxOccupancy - 1e-9);
  const start = Math.max(1, Math.floor(a) + 1, minForOccupancy);
  let b = erlangB(start, a);
  // The service level rises to 1 within a few standard deviations (√A) of the load; the cap only
  // guards against targets a floating-point service level cannot reach.
  const cap = start + 1000 + Math.ceil(20 * Math.sqrt(a));
  const waitOverService = target.waitSeconds / load.serviceSeconds;
  for (let n = start; n <= cap; n++) {
    if (n > start) b = nextErlangB(b, n, a);
    // Inline service level: this loop runs for every slot and channel of a plan.
    const c = (n * b) / (n - a * (1 - b));
    const sl = 1 - c * Math.exp(-(n - a) * waitOverService);
    if (sl >= target.share && a / n <= maxOccupancy) return metricsFromB(n, a, b, load.serviceSeconds, target.waitSeconds);
  }
  return { ...metricsFromB(cap, a, erlangB(cap, a), load.serviceSeconds, target.waitSeconds), unreachable: true };
}

function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

function logAddExp(p: number, q: number): number {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  return p > q ? p + Math.log1p(Math.exp(q - p)) : q + Math.log1p(Math.exp(p - q));
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
