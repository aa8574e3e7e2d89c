import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CrossingsError } from './messages.js';

export type Role = 'planner' | 'manager' | 'analyst' | 'admin';
export const ROLES: readonly Role[] = ['planner', 'manager', 'analyst', 'admin'];

/** Everything the service reads from its environment, validated once at boot. */
export interface Config {
  db: string;
  host: string;
  port: number;
  sampleDir: string;
  /** API key → role. Empty: every role is open, on a loopback address (local mode) or with CROSSINGS_OPEN=1. */
  apiKeys: ReadonlyMap<string, Role>;
  /** CROSSINGS_OPEN=1: serve without keys on a non-loopback address, every role open to anyone who can reach it. */
  openWithoutKeys: boolean;
  logLevel: string;
  /** Requests each API key (or, without a valid key, each client address) may make per `rateLimitWindowMs`; 0 turns limiting off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** SQL worker processes (analysts' queries running at once), queries waiting at most, and per key at most. */
  sqlWorkers: number;
  sqlQueueLimit: number;
  sqlPerKey: number;
  /** The largest upload POST /api/ingest takes, in bytes; it is streamed to a temporary file, never held in memory. */
  uploadLimitBytes: number;
  /** Worker threads the forecast and backtest jobs fit in (CROSSINGS_WORKERS, default one per core; 1 is one thread). */
  forecastWorkers: number;
}

export const DEFAULT_DB = 'data/crossings.duckdb';

/** Reads and checks the configuration; a bad value names the variable and what it should be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CrossingsError(`PORT is "${env['PORT']}", expected a TCP port number 0..65535.`);
  }
  return {
    db: env['CROSSINGS_DB'] ?? DEFAULT_DB,
    host: env['HOST'] ?? '127.0.0.1',
    port,
    sampleDir: env['CROSSINGS_SAMPLE_DIR'] ?? resolve('data/sample'),
    apiKeys: parseApiKeys(env['CROSSINGS_API_KEYS'] ?? ''),
    openWithoutKeys: flag(env, 'CROSSINGS_OPEN'),
    logLevel: env['LOG_LEVEL'] ?? 'info',
    rateLimitMax: wholeNumber(env, 'CROSSINGS_RATE_LIMIT_MAX', 60_000),
    rateLimitWindowMs: wholeNumber(env, 'CROSSINGS_RATE_LIMIT_WINDOW_MS', 60_000, 1),
    sqlWorkers: wholeNumber(env, 'CROSSINGS_SQL_WORKERS', 2, 1),
    sqlQueueLimit: wholeNumber(env, 'CROSSINGS_SQL_QUEUE', 8),
    sqlPerKey: wholeNumber(env, 'CROSSINGS_SQL_PER_KEY', 2, 1),
    uploadLimitBytes: wholeNumber(env, 'CROSSINGS_UPLOAD_LIMIT_MB', 512, 1) * 1024 * 1024,
    forecastWorkers: forecastWorkers(env),
  };
}

/**
 * How requests are let in: `keys` (CROSSINGS_API_KEYS set), `local` (no keys, loopback address: every role
 * open to this machine), `open` (no keys, another address, CROSSINGS_OPEN=1), or `closed` (no keys on another
 * address without CROSSINGS_OPEN: the server refuses to start).
 */
export type AccessMode = 'keys' | 'local' | 'open' | 'closed';

export function accessMode(config: Pick<Config, 'apiKeys' | 'host' | 'openWithoutKeys'>): AccessMode {
  if (config.apiKeys.size > 0) return 'keys';
  if (isLoopback(config.host)) return 'local';
  return config.openWithoutKeys ? 'open' : 'closed';
}

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x). */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** "k1:admin,k2:planner" → Map; a malformed entry is refused with its position. */
export function parseApiKeys(text: string): Map<string, Role> {
  const keys = new Map<string, Role>();
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const at = entry.lastIndexOf(':');
      const key = entry.slice(0, at);
      const role = entry.slice(at + 1) as Role;
      if (at <= 0 || !ROLES.includes(role)) {
        throw new CrossingsError(
          `CROSSINGS_API_KEYS entry ${i + 1} is not KEY:ROLE with ROLE one of ${ROLES.join(', ')}.`,
        );
      }
      keys.set(key, role);
    });
  return keys;
}

/** A yes/no setting: 1 or true is yes; unset, empty, 0 or false is no; anything else names the variable. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = (env[name] ?? '').trim().toLowerCase();
  if (text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new CrossingsError(`${name} is "${env[name]}", expected 1 (yes) or 0 (no).`);
}

/** A whole-number setting at or above `min`, or its default when unset; a bad value names the variable. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new CrossingsError(`${name} is "${text}", expected a whole number ≥ ${min}.`);
  return n;
}

/** The key a command-line client sends to a running server (CROSSINGS_API_KEY), if any. */
export function clientApiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env['CROSSINGS_API_KEY'] || undefined;
}

/** The database file a command opens when --db is not given (CROSSINGS_DB, else the default). */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['CROSSINGS_DB'] ?? DEFAULT_DB;
}

/**
 * CROSSINGS_WORKERS: the worker threads that fit series, one per core by default. 1 is a single worker thread, not
 * the calling thread, so a server answers requests while it refits; the rows are the same for any count.
 */
export function forecastWorkers(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumber(env, 'CROSSINGS_WORKERS', availableParallelism(), 1);
}

/** CROSSINGS_PROGRESS=1: print progress lines even when stderr is not a terminal (logs, tests). */
export function progressLinesForced(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CROSSINGS_PROGRESS'] === '1';
}

/** CROSSINGS_CHART_FONT: font files for chart PNGs, split by `:`; undefined when not set. */
export function configuredChartFonts(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  return env['CROSSINGS_CHART_FONT']?.split(':').filter(Boolean);
}
