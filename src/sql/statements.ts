/** Which statements the SQL workbench runs: one reading statement per request, refused before it is bound. */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { sqlMessages } from '../messages.js';
import { SqlError } from './errors.js';

/** First keywords of reading statements (DuckDB's FROM-first and VALUES included). */
const READING_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'DESCRIBE', 'DESC', 'SUMMARIZE', 'SHOW', 'EXPLAIN', 'VALUES', 'TABLE', 'PIVOT', 'UNPIVOT', '(']);

/** Statement types DuckDB reports for reading statements (DESCRIBE, SHOW and SUMMARIZE are SELECTs). */
const READING_TYPES = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/** The SQL text without comments and string literals, so keywords can be read off it. */
export function withoutCommentsAndStrings(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
}

/** The first keyword of a statement, upper-cased ("(" for a parenthesised query); '' when there is none. */
export function firstKeyword(sql: string): string {
  const text = withoutCommentsAndStrings(sql).trimStart();
  if (text.startsWith('(')) return '(';
  return (/^[A-Za-z_]+/.exec(text)?.[0] ?? '').toUpperCase();
}

/** The keyword that names what a statement does: EXPLAIN [ANALYZE] X is judged by X. */
export function effectiveKeyword(sql: string): string {
  const text = withoutCommentsAndStrings(sql).trimStart();
  const explained = /^EXPLAIN\s+(?:ANALYZE\s+|\([^)]*\)\s*)?/i.exec(text);
  return explained ? firstKeyword(text.slice(explained[0].length)) || 'EXPLAIN' : firstKeyword(text);
}

/** Throws SqlError 'refused' unless the statement starts like a reading statement. */
export function checkReadingKeyword(sql: string): void {
  const keyword = effectiveKeyword(sql);
  if (!keyword) throw new SqlError('refused', sqlMessages.emptyQuery());
  if (!READING_KEYWORDS.has(keyword)) throw new SqlError('refused', sqlMessages.statementRefused(keyword));
}

/** A 0-based character offset → 1-based line and column. */
export function lineAndColumn(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Turns a DuckDB error into the workbench's error kinds with a message for the user. */
export function classifyDuckDbError(err: unknown, context: { memoryLimit: string; timeoutMs: number; timedOut?: boolean }): SqlError {
  if (err instanceof SqlError) return err;
  const text = (err instanceof Error ? err.message : String(err)).replace(/^Failed to extract statements: /, '');
  if (context.timedOut || /INTERRUPT Error/i.test(text)) return new SqlError('timeout', sqlMessages.timedOut(context.timeoutMs / 1000));
  if (/Out of Memory Error/i.test(text)) return new SqlError('memory', sqlMessages.outOfMemory(context.memoryLimit));
  if (/Permission Error/i.test(text)) return new SqlError('refused', sqlMessages.fileAccessRefused(firstLine(text)));
  if (/Cannot execute statement of type "(\w+)"/.test(text)) {
    return new SqlError('refused', sqlMessages.statementRefused(/"(\w+)"/.exec(text)?.[1] ?? 'That'));
  }
  if (/configuration has been locked/i.test(text)) return new SqlError('refused', sqlMessages.statementRefused('SET'));
  return new SqlError('query', sqlMessages.queryError(text.trim()));
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/**
 * Checks that `sql` is exactly one reading statement and prepares it on `conn` (a sandbox connection).
 * Syntax errors carry DuckDB's message and the line and column; refused statements say why.
 */
export async function prepareReading(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  if (!withoutCommentsAndStrings(sql).replace(/;/g, '').trim()) throw new SqlError('refused', sqlMessages.emptyQuery());
  let extracted;
  try {
    extracted = await conn.extractStatements(sql);
  } catch (err) {
    throw await syntaxError(conn, sql, err);
  }
  if (extracted.count === 0) throw new SqlError('refused', sqlMessages.emptyQuery());
  if (extracted.count > 1) {
    const pivot = /^(UN)?PIVOT$/.test(firstKeyword(sql)) && !/\bIN\s*\(/i.test(withoutCommentsAndStrings(sql));
    throw new SqlError('refused', pivot ? sqlMessages.pivotNeedsValues() : sqlMessages.tooManyStatements(extracted.count));
  }
  checkReadingKeyword(sql);
  const prepared = await extracted.prepare(0);
  if (!READING_TYPES.has(prepared.statementType)) {
    prepared.destroySync();
    throw new SqlError('refused', sqlMessages.statementRefused(writingVerb(sql) ?? StatementType[prepared.statementType] ?? 'That'));
  }
  return prepared;
}

/** The writing verb behind a WITH (WITH … INSERT is reported by DuckDB as type INVALID). */
function writingVerb(sql: string): string | undefined {
  return /\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|COPY|ATTACH|DETACH|INSTALL|LOAD|PRAGMA|SET|CALL)\b/i.exec(withoutCommentsAndStrings(sql))?.[1]?.toUpperCase();
}

/** DuckDB's parser message with the position json_serialize_sql reports (it parses without running). */
async function syntaxError(conn: DuckDBConnection, sql: string, err: unknown): Promise<SqlError> {
  const text = (err instanceof Error ? err.message : String(err)).replace(/^Failed to extract statements: /, '');
  const detail = firstLine(text).replace(/^Parser Error: /, '');
  try {
    const reader = await conn.runAndReadAll('select json_serialize_sql($sql::varchar) as j', { sql });
    const parsed = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as { error_message?: string; position?: string };
    if (parsed.position !== undefined) {
      const { line, column } = lineAndColumn(sql, Number(parsed.position));
      return new SqlError('syntax', sqlMessages.syntaxError(parsed.error_message ?? detail, line, column));
    }
  } catch {
    // fall through: the parser's own message still says what is wrong
  }
  return new SqlError('syntax', sqlMessages.syntaxError(detail, 1, 1));
}
