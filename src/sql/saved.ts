/** Saved queries: named, parameterised analyst queries kept in the table saved_queries, rerun by name. */
import { all, run, type Database } from '../store/db.js';
import { SqlError } from './errors.js';
import { sqlMessages } from '../messages.js';
import { parameterNames, type Sandbox, type SqlParams } from './sandbox.js';
import { prepareReading } from './statements.js';

/** A declared parameter of a saved query ($port → name "port"). */
export interface SavedParam {
  name: string;
  description?: string;
  default?: string | number | boolean | null;
}

/** A saved query as stored and listed. */
export interface SavedQuery {
  name: string;
  sql: string;
  description: string;
  params: SavedParam[];
  created_at: string;
  updated_at: string;
}

/** Checks a query name: a letter, then up to 63 lower-case letters, digits, "_" or "-". */
export function checkQueryName(name: string): void {
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(name)) throw new SqlError('params', sqlMessages.badSavedQueryName(name));
}

/** Checks that `sql` is one reading statement whose $parameters are all declared; returns the names it uses. */
export async function checkSavedQuery(sandbox: Sandbox, sql: string, params: readonly SavedParam[]): Promise<string[]> {
  const conn = await sandbox.instance.connect();
  try {
    const prepared = await prepareReading(conn, sql);
    try {
      const used = parameterNames(prepared);
      const declared = params.map((p) => p.name);
      for (const name of used) if (!declared.includes(name)) throw new SqlError('params', sqlMessages.undeclaredParameter(name, declared));
      return used;
    } finally {
      prepared.destroySync();
    }
  } finally {
    conn.closeSync();
  }
}

/** Saves (or replaces) a query; created_at is kept on replace. */
export async function saveQuery(db: Database, q: { name: string; sql: string; description?: string; params?: SavedParam[] }): Promise<SavedQuery> {
  checkQueryName(q.name);
  await run(
    db,
    `insert into saved_queries (name, sql, description, params, created_at, updated_at)
     values ($name, $sql, $description, $params, now()::timestamp, now()::timestamp)
     on conflict (name) do update set sql = excluded.sql, description = excluded.description, params = excluded.params, updated_at = excluded.updated_at`,
    { name: q.name, sql: q.sql, description: q.description ?? '', params: JSON.stringify(q.params ?? []) },
  );
  return (await findQuery(db, q.name))!;
}

/** Every saved query, by name. */
export async function listQueries(db: Database): Promise<SavedQuery[]> {
  return (await all(db, `select * from saved_queries order by name`)).map(toSavedQuery);
}

/** One saved query, or undefined. */
export async function findQuery(db: Database, name: string): Promise<SavedQuery | undefined> {
  const rows = await all(db, `select * from saved_queries where name = $name`, { name });
  return rows[0] ? toSavedQuery(rows[0]) : undefined;
}

/** The values to bind: defaults of the declared parameters overridden by `given`; unknown names refused. */
export function resolveParams(query: SavedQuery, given: Record<string, unknown>): SqlParams {
  const declared = new Map(query.params.map((p) => [p.name, p]));
  const out: SqlParams = {};
  for (const [name, value] of Object.entries(given)) {
    if (!declared.has(name)) throw new SqlError('params', sqlMessages.unusedParameter(name));
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) throw new SqlError('params', sqlMessages.badParameterValue(name));
    out[name] = value as SqlParams[string];
  }
  for (const p of query.params) {
    if (out[p.name] !== undefined) continue;
    if (p.default === undefined) throw new SqlError('params', sqlMessages.missingParameter(p.name));
    out[p.name] = p.default;
  }
  return out;
}

function toSavedQuery(row: Record<string, unknown>): SavedQuery {
  return {
    name: String(row['name']),
    sql: String(row['sql']),
    description: String(row['description'] ?? ''),
    params: JSON.parse(String(row['params'] ?? '[]')) as SavedParam[],
    created_at: String(row['created_at']),
    updated_at: String(row['updated_at']),
  };
}
