import { all, run, type Database } from '../store/db.js';

/** How the values of one file compare with what the database held. */
export interface MergeCounts {
  countsNew: number;
  countsUnchanged: number;
  countsRevised: number;
}

/**
 * Creates portmap_<run>: the port id of each alias in `names` (registered beforehand), by this source's
 * aliases, or for sources that take any port name (long), by any source's alias or a port id itself.
 */
export async function createPortMap(db: Database, names: string, source: string, matchAnySource: boolean, runId: number): Promise<string> {
  const portmap = `portmap_${runId}`;
  const portOf = matchAnySource
    ? `coalesce(
        (select port_id from port_aliases a where a.alias = n.alias and a.source = $source),
        (select port_id from ports x where x.port_id = n.alias),
        (select min(port_id) from port_aliases a where a.alias = n.alias))`
    : `(select port_id from port_aliases a where a.alias = n.alias and a.source = $source)`;
  await run(db, `create temp table ${portmap} as select n.alias as port_alias, ${portOf} as port_id from ${names} n`, { source });
  return portmap;
}

/**
 * Merges the good rows of a file (`keyed`, one row per key, `total` rows) into crossings: new keys are
 * inserted, changed counts are updated with the old value kept in crossing_revisions, equal counts are
 * left alone. This is the only writer of crossings, and it keeps (port_id, date, hour, direction,
 * category) unique. `names` holds each port alias of the file once, with the dates it covers
 * (min_date, max_date), so that `keyed` (which may read the file itself) is read as few times as possible.
 */
export async function mergeIncoming(
  db: Database,
  keyed: string,
  names: string,
  source: string,
  matchAnySource: boolean,
  runId: number,
  total: number,
): Promise<MergeCounts> {
  const portmap = await createPortMap(db, names, source, matchAnySource, runId);
  const matched = `matched_${runId}`;

  // Keys the database already has: none on a first load (skip the join), all of them on a reload.
  const overlap = await all(
    db,
    `select exists (select 1 from crossings c join ${portmap} pm using (port_id)
       where c.date between (select min(min_date) from ${names}) and (select max(max_date) from ${names})) as any`,
  );
  const join = overlap[0]!['any'] ? '' : 'and false';
  await run(
    db,
    `create temp table ${matched} as
     select pm.port_id, k.date, k.hour, k.direction, k.category, k.count as new_count, c.count as old_count,
            c.ingest_run_id as old_run
     from ${keyed} k join ${portmap} pm using (port_alias)
     join crossings c on c.port_id = pm.port_id and c.date = k.date and c.hour is not distinct from k.hour
       and c.direction = k.direction and c.category = k.category ${join}`,
  );
  const counts = await all(
    db,
    `select count(*) filter (where new_count = old_count)::int as same, count(*) filter (where new_count <> old_count)::int as revised
     from ${matched}`,
  );
  const same = Number(counts[0]!['same']);
  const revised = Number(counts[0]!['revised']);
  if (revised > 0) {
    await run(
      db,
      `insert into crossing_revisions
       select port_id, date, hour, direction, category, old_count, new_count, old_run, $run from ${matched} where new_count <> old_count`,
      { run: runId },
    );
    await run(
      db,
      `update crossings c set count = m.new_count, ingest_run_id = $run from ${matched} m
       where c.port_id = m.port_id and c.date = m.date and c.hour is not distinct from m.hour
         and c.direction = m.direction and c.category = m.category and m.new_count <> m.old_count`,
      { run: runId },
    );
  }
  const newRows = same + revised === 0 ? '' : `where not exists (select 1 from ${matched} m where m.port_id = pm.port_id and m.date = k.date
       and m.hour is not distinct from k.hour and m.direction = k.direction and m.category = k.category)`;
  await run(
    db,
    `insert into crossings select pm.port_id, k.date, k.hour, k.direction, k.category, k.count, k.freq, $run
     from ${keyed} k join ${portmap} pm using (port_alias) ${newRows}`,
    { run: runId },
  );
  await run(db, `drop table ${portmap}`);
  await run(db, `drop table ${matched}`);
  return { countsNew: total - same - revised, countsUnchanged: same, countsRevised: revised };
}
