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
  /** API key → role. Empty: the API is open for reading (local use) and admin routes are closed. */
  apiKeys: ReadonlyMap<string, Role>;
  logLevel: string;
  /** Requests each API key (or, without a valid key, each client address) may make per `rateLimitWindowMs`; 0 turns limiting off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** SQL worker processes (analysts' queries running at once), queries waiting at most, and per key at most. */
  sqlWorkers: number;
  sqlQueueLimit: number;
  sqlPerKey: number;
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
    logLevel: env['LOG_LEVEL'] ?? 'info',
    rateLimitMax: wholeNumber(env, 'CROSSINGS_RATE_LIMIT_MAX', 60_000),
    rateLimitWindowMs: wholeNumber(env, 'CROSSINGS_RATE_LIMIT_WINDOW_MS', 60_000, 1),
    sqlWorkers: wholeNumber(env, 'CROSSINGS_SQL_WORKERS', 2, 1),
    sqlQueueLimit: wholeNumber(env, 'CROSSINGS_SQL_QUEUE', 8),
    sqlPerKey: wholeNumber(env, 'CROSSINGS_SQL_PER_KEY', 2, 1),
  };
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

/** A whole-number setting at or above `min`, or its default when unset; a bad value names the variable. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new CrossingsError(`${name} is "${text}", expected a whole number ≥ ${min}.`);
  return n;
}
