/** Repeated keys within a file, found without a hash table of every key, and the ports its good rows name. */
import { all, run, type Database } from '../store/db.js';
import { messages } from '../messages.js';
import { sqlMessage } from '../store/sqlText.js';
import type { Format } from './formats.js';
import { dropRelation, nameColumns, type Tables } from './staging.js';

/** Days from KEY_EPOCH that the duplicate-key bitmaps cover (1950-01-01 .. 2149-12-31, 9 KB per series). */
export const KEY_EPOCH = '1950-01-01';

export const KEY_DAYS = 73_048;

/**
 * Exact count of the distinct keys (port, date, hour, direction, category) among `rows`: grouping by
 * all of the key but the date leaves a few hundred series, and per series a bitmap of its dates counts
 * the distinct ones (bit_count) without a hash table of every key. A date outside the bitmaps' two
 * centuries is counted as a possible repeat.
 */
export function keyBitmapColumns(good: string): string {
  const day = `(date - date '${KEY_EPOCH}')`;
  return `bit_count(bitstring_agg(${day}, 0, ${KEY_DAYS - 1}) filter (where ${good} and ${day} between 0 and ${KEY_DAYS - 1})) as keys,
    count(*) filter (where ${good} and ${day} not between 0 and ${KEY_DAYS - 1}) as outside`;
}

/** Rows, distinct keys (see keyBitmapColumns) and whether any key repeats, over rows with a port_id key. */
export async function distinctKeys(db: Database, rows: string): Promise<{ n: number; keys: number; repeated: boolean }> {
  const r = (
    await all(
      db,
      `select coalesce(sum(n), 0)::bigint as n, coalesce(sum(keys), 0)::bigint as keys, coalesce(sum(outside), 0)::bigint as outside
       from (select count(*) as n, ${keyBitmapColumns('true')} from ${rows} group by port_id, hour, direction, category)`,
    )
  )[0]!;
  const n = Number(r['n']);
  const keys = Number(r['keys']);
  return { n, keys, repeated: Number(r['outside']) > 0 || n !== keys };
}

/**
 * The ports of the good rows of `rows`, each alias once with its name, region, code and date range
 * (names_<run>), in the same pass that counts bad rows and shows whether any key repeats: `n` good
 * values against `keys` distinct ones (keyBitmapColumns; a hash table of every key took half of the
 * checking pass on a 10-million-row file). A possible repeat sends the file through the exact grouping.
 */
export async function portNames(
  db: Database,
  t: Tables,
  format: Format,
  rows: string,
): Promise<{ n: number; bad: number; repeated: boolean; keys: number }> {
  await dropRelation(db, t.names);
  const good = `filter (where reason is null)`;
  const extra = format.names.columns.map((c) => `, any_value(${c}) ${good} as ${c}`).join('');
  await run(
    db,
    `create temp table ${t.names} as
     select port_alias as alias, ${nameColumns(format)}, sum(n)::bigint as n, coalesce(sum(keys), 0)::bigint as keys,
       sum(outside)::bigint as outside, sum(bad)::bigint as bad, min(min_date) as min_date, max(max_date) as max_date
     from (select port_alias, count(*) ${good} as n, count(reason) as bad,
             ${keyBitmapColumns('reason is null')},
             min(date) ${good} as min_date, max(date) ${good} as max_date${extra}
           from ${rows} group by port_alias, hour, direction, category)
     group by port_alias`,
  );
  const sums = await all(
    db,
    `select coalesce(sum(n), 0)::bigint as n, coalesce(sum(keys), 0)::bigint as keys, coalesce(sum(outside), 0)::bigint as outside,
       coalesce(sum(bad), 0)::bigint as bad from ${t.names}`,
  );
  // Ports named only by rejected rows are not registered.
  await run(db, `delete from ${t.names} where n = 0`);
  const n = Number(sums[0]!['n']);
  const keys = Number(sums[0]!['keys']);
  const outside = Number(sums[0]!['outside']);
  return { n, bad: Number(sums[0]!['bad']), repeated: outside > 0 || n !== keys, keys: keys + outside };
}

/** The good rows, one per key: exact duplicates within the file collapse, and `conflict` marks a key given two different counts. */
export async function groupKeys(db: Database, t: Tables): Promise<void> {
  await dropRelation(db, t.keyed);
  await run(
    db,
    `create temp table ${t.keyed} as
     select port_alias, date, hour, direction, category, freq, min(count) as count, (min(count) <> max(count)) as conflict
     from ${t.parsed} where reason is null group by port_alias, date, hour, direction, category, freq`,
  );
}

export async function hasConflicts(db: Database, t: Tables): Promise<boolean> {
  const rows = await all(db, `select count(*)::int as n from ${t.keyed} where conflict`);
  return Number(rows[0]!['n']) > 0;
}

/** Marks records that give one key two different counts within the file: which one is right is unknowable. */
export async function markConflicts(db: Database, t: Tables): Promise<void> {
  await run(
    db,
    `update ${t.parsed} p set reason = ${sqlMessage(
      messages.conflictingDuplicate,
      `concat_ws(' ', p.port_alias, p.date, p.direction, p.category)`,
    )}
     from (select * from ${t.keyed} where conflict) k
     where p.reason is null and p.port_alias = k.port_alias and p.date = k.date and p.hour is not distinct from k.hour
       and p.direction = k.direction and p.category = k.category`,
  );
  // A record is rejected as a whole: if one of its values conflicts, none of its values load.
  await run(
    db,
    `update ${t.parsed} p set reason = r.reason from (select rec, min(reason) as reason from ${t.parsed} where reason is not null group by rec) r
     where p.rec = r.rec and p.reason is null`,
  );
}
