/** `crossings sql "QUERY"`: the analysts' read-only SQL from the command line. */
import { existsSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_DB } from '../config.js';
import { closeDatabase, openDatabase, translateOpenError } from '../db.js';
import { CrossingsError, messages, sqlMessages } from '../messages.js';
import { SqlError } from './errors.js';
import { FORMATS, formatResult, type SqlFormat } from './formats.js';
import { closeSandbox, openSandbox, runInSandbox, type Sandbox, type SandboxLimits, type SqlParams } from './sandbox.js';
import { ANALYST_VIEWS, ensureAnalystViews } from './views.js';

/**
 * Opens a sandbox directly on a database file (no server may hold it). When the analyst views are
 * missing, the file is first opened read-write once to create them.
 */
export async function openFileSandbox(path: string, limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
  if (!existsSync(path)) throw new CrossingsError(messages.databaseOpenFailed(path, 'no such file'));
  let sandbox = await openOrExplain(path, limits);
  if (await hasAnalystViews(sandbox)) return sandbox;
  closeSandbox(sandbox);
  const db = await openDatabase(path);
  try {
    await ensureAnalystViews(db);
  } finally {
    await closeDatabase(db);
  }
  sandbox = await openOrExplain(path, limits);
  return sandbox;
}

async function openOrExplain(path: string, limits: Partial<SandboxLimits>): Promise<Sandbox> {
  try {
    return await openSandbox(path, limits);
  } catch (err) {
    throw translateOpenError(path, err);
  }
}

async function hasAnalystViews(sandbox: Sandbox): Promise<boolean> {
  const conn = await sandbox.instance.connect();
  try {
    const reader = await conn.runAndReadAll(`select count(*)::int from duckdb_views() where database_name = current_database() and view_name in (${ANALYST_VIEWS.map((v) => `'${v.name}'`).join(', ')})`);
    return Number(reader.getRows()[0]?.[0]) === ANALYST_VIEWS.length;
  } finally {
    conn.closeSync();
  }
}

/** "name=value" → [name, value]; numbers stay text (DuckDB casts them to the parameter's type). */
export function parseParam(text: string, previous: SqlParams = {}): SqlParams {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected NAME=VALUE, e.g. --param port=hk-lo-wu');
  return { ...previous, [text.slice(0, at)]: text.slice(at + 1) };
}

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
};

/** The most `crossings sql --out` builds in memory (the result's values, then its formatted text). */
export const CLI_FILE_LIMIT = 1024 ** 3;

interface SqlOptions {
  db: string;
  format: SqlFormat;
  out?: string;
  maxRows?: number;
  timeout?: number;
  param?: SqlParams;
}

/** Adds `crossings sql` to the program; a refused or failed query throws CrossingsError (exit code 2). */
export function registerSqlCommands(program: Command, out: (text: string) => void): void {
  program
    .command('sql')
    .description('Run one read-only SQL statement on the database (sandboxed: no files, no settings, time and row limits).')
    .argument('<query>', 'one reading statement (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN, SHOW); $name parameters via --param')
    .addOption(new Option('--db <path>', 'DuckDB file').default(process.env['CROSSINGS_DB'] ?? DEFAULT_DB))
    .addOption(new Option('--format <format>', 'result format').choices([...FORMATS]).default('table'))
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option('--max-rows <n>', 'rows at most (default 100000)', positive)
    .option('--timeout <seconds>', 'time limit in seconds (default 10)', positive)
    .option('--param <name=value>', 'a parameter value (repeatable)', parseParam)
    .action(async (query: string, opts: SqlOptions) => {
      const limits: Partial<SandboxLimits> = {
        ...(opts.maxRows ? { rowLimit: Math.floor(opts.maxRows) } : {}),
        ...(opts.timeout ? { timeoutMs: Math.round(opts.timeout * 1000) } : {}),
      };
      // Written to a file, a result is not held to the API's size limit, only to what this process can build.
      if (opts.out) limits.maxResultBytes = CLI_FILE_LIMIT;
      const sandbox = await openFileSandbox(opts.db, limits);
      try {
        let result;
        try {
          result = await runInSandbox(sandbox, query, opts.param ? { params: opts.param } : {});
        } catch (err) {
          if (opts.out && err instanceof SqlError && err.kind === 'too_large') throw new SqlError('too_large', sqlMessages.resultTooLargeForFile(CLI_FILE_LIMIT));
          throw err;
        }
        let body;
        try {
          body = await formatResult(result, opts.format);
        } catch (err) {
          // "Invalid string length": the text of the whole result passes the longest string Node can make.
          if (err instanceof RangeError) throw new SqlError('too_large', sqlMessages.resultTooLargeToBuild(opts.format));
          throw err;
        }
        if (opts.out) writeFileSync(opts.out, body);
        else if (typeof body === 'string') out(body.replace(/\n$/, ''));
        else process.stdout.write(body);
        if (opts.out) out(`${result.rowCount} rows${result.truncated ? ' (cut off at the limit)' : ''} written to ${opts.out}.`);
      } finally {
        closeSandbox(sandbox);
      }
    });
}
