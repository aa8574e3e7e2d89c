/** The one mapping from an error to the HTTP status the API answers with. */
import { CrossingsError, type ErrorKind } from '../messages.js';

const STATUS: Record<ErrorKind, number> = { not_found: 404, invalid: 422, conflict: 409, unavailable: 503 };

/** An explicit status (fastify's own errors, the SQL workbench's) first, then the CrossingsError's kind; 500 for the rest. */
export function statusOf(err: Error & { statusCode?: number }): number {
  return err.statusCode ?? (err instanceof CrossingsError ? STATUS[err.kind] : 500);
}
