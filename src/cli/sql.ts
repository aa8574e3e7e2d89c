/** `crossings sql "QUERY"`: the analysts' read-only SQL from the command line. */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { dbOption, positive } from './options.js';
import { sqlMessages } from '../messages.js';
import { SqlError } from '../sql/errors.js';
import { FORMATS, formatResult, textTable, type SqlFormat, type SqlJsonBody } from '../sql/formats.js';
import { closeSandbox, runInSandbox, type SandboxLimits, type SqlParams } from '../sql/sandbox.js';
import { fetchServer, localOrServer } from '../store/serverFile.js';

import { openFileSandbox } from '../sql/fileSandbox.js';

/** "name=value" → [name, value]; numbers stay text (DuckDB casts them to the parameter's type). */
export function parseParam(text: string, previous: SqlParams = {}): SqlParams {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected NAME=VALUE, e.g. --param port=hk-lo-wu');
  return { ...previous, [text.slice(0, at)]: text.slice(at + 1) };
}

/** The most `crossings sql --out` builds in memory (the result's values, then its formatted text). */
export const CLI_FILE_LIMIT = 1024 ** 3;

interface SqlOptions {
  db: string;
  format: SqlFormat;
  out?: string;
  maxRows?: number;
  timeout?: number;
  param?: SqlParams;
  server?: string;
}

/** Adds `crossings sql` to the program; a refused or failed query throws CrossingsError (exit code 2). */
export function registerSqlCommands(program: Command, out: (text: string) => void): void {
  program
    .command('sql')
    .description('Run one read-only SQL statement on the database (sandboxed: no files, no settings, time and row limits).')
    .argument('<query>', 'one reading statement (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN, SHOW); $name parameters via --param')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'result format').choices([...FORMATS]).default('table'))
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option('--max-rows <n>', 'rows at most (default 100000)', positive('max-rows'))
    .option('--timeout <seconds>', 'time limit in seconds (default 10)', positive('timeout'))
    .option('--param <name=value>', 'a parameter value (repeatable)', parseParam)
    .option('--server <url>', 'send the query to a running crossings server (found by itself when the server holds the file)')
    .action(async (query: string, opts: SqlOptions) => {
      const written = await localOrServer(opts.db, opts.server, () => queryFile(query, opts), (url) => queryServer(url, query, opts));
      if (opts.out) writeFileSync(opts.out, written.body);
      else if (typeof written.body === 'string') out(written.body.replace(/\n$/, ''));
      else process.stdout.write(written.body);
      if (opts.out) out(`${written.rowCount} rows${written.truncated ? ' (cut off at the limit)' : ''} written to ${opts.out}.`);
    });
}

/** A formatted result and what the summary line says about it. */
interface Written {
  body: string | Uint8Array;
  rowCount: number;
  truncated: boolean;
}

async function queryFile(query: string, opts: SqlOptions): Promise<Written> {
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
      if (opts.out && err instanceof SqlError && err.reason === 'too_large') throw new SqlError('too_large', sqlMessages.resultTooLargeForFile(CLI_FILE_LIMIT));
      throw err;
    }
    try {
      return { body: await formatResult(result, opts.format), rowCount: result.rowCount, truncated: result.truncated };
    } catch (err) {
      // "Invalid string length": the text of the whole result passes the longest string Node can make.
      if (err instanceof RangeError) throw new SqlError('too_large', sqlMessages.resultTooLargeToBuild(opts.format));
      throw err;
    }
  } finally {
    closeSandbox(sandbox);
  }
}

/** The same query through POST /api/sql of the server that holds the file (its limits apply). */
async function queryServer(server: string, query: string, opts: SqlOptions): Promise<Written> {
  const format = opts.format === 'table' ? 'json' : opts.format;
  const res = await fetchServer(server, '/api/sql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      sql: query, format,
      ...(opts.param ? { params: opts.param } : {}),
      ...(opts.maxRows ? { max_rows: Math.floor(opts.maxRows) } : {}),
      ...(opts.timeout ? { timeout_ms: Math.round(opts.timeout * 1000) } : {}),
    }),
  });
  const rowCount = Number(res.headers.get('x-row-count') ?? 0);
  const truncated = res.headers.get('x-truncated') === 'true';
  if (format === 'arrow' || format === 'parquet') return { body: new Uint8Array(await res.arrayBuffer()), rowCount, truncated };
  const text = await res.text();
  return { body: opts.format === 'table' ? textTable(JSON.parse(text) as SqlJsonBody) : text, rowCount, truncated };
}
