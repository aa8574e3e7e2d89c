/** The errors of the SQL workbench: a CrossingsError (exit code 2) with an HTTP status for the API. */
import { CrossingsError, type ErrorKind } from '../messages.js';

/** What went wrong: a syntax error, a refused statement, a limit hit, DuckDB's own error, or the workbench busy or stopping. */
export type SqlErrorKind = 'syntax' | 'refused' | 'timeout' | 'memory' | 'query' | 'params' | 'not_found' | 'too_large' | 'busy' | 'unavailable';

/** The general kind of each reason, for code that handles every CrossingsError alike. */
const KIND: Record<SqlErrorKind, ErrorKind> = {
  syntax: 'invalid', refused: 'invalid', timeout: 'invalid', memory: 'invalid', query: 'invalid', params: 'invalid', not_found: 'not_found', too_large: 'invalid', busy: 'unavailable', unavailable: 'unavailable',
};

const STATUS: Record<SqlErrorKind, number> = {
  syntax: 400, refused: 422, timeout: 422, memory: 422, query: 400, params: 400, not_found: 404, too_large: 413, busy: 429, unavailable: 503,
};

/** An error of an analyst's query, with its reason and the HTTP status the API answers with. */
export class SqlError extends CrossingsError {
  readonly statusCode: number;
  /** Response headers the API adds (Retry-After on a 429). */
  readonly headers: Record<string, string>;
  constructor(readonly reason: SqlErrorKind, message: string, headers: Record<string, string> = {}) {
    super(message, KIND[reason]);
    this.name = 'SqlError';
    this.statusCode = STATUS[reason];
    this.headers = headers;
  }
}
