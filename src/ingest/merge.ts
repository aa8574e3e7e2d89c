import { all, run, type Database } from '../db.js';

/** How the values of one file compare with what the database held. */
export interface MergeCounts {
  countsNew: number;
  countsUnchanged: number;
  countsRevised: number;
}

const KEY_JOIN = `c.port_id = i.port_id and c.date = i.date and c.hour is not distinct from i.hour
  and c.direction = i.direction and c.category = i.category`;

/**
 * Merges the good rows of a file (one row per key, see keyGoodRows) into crossings: new keys are inserted, changed counts are
 * updated with the old value kept in crossing_revisions, equal counts are left alone. This is the only
 * writer of crossings, and it keeps (port_id, date, hour, direction, category) unique.
 */
export async function mergeIncoming(
  db: Database,
  keyed: string,
  source: string,
  matchAnySource: boolean,
  runId: number,
): Promise<MergeCounts> {
  const inc = `incoming_${runId}`;
  const portOf = matchAnySource
    ? `coalesce(
        (select port_id from port_aliases a where a.alias = p.port_alias and a.source = $source),
        (select port_id from ports x where x.port_id = p.port_alias),
        (select min(port_id) from port_aliases a where a.alias = p.port_alias))`
    : `(select port_id from port_aliases a where a.alias = p.port_alias and a.source = $source)`;
  await run(
    db,
    `create temp table ${inc} as
     with good as (select port_alias, date, hour, direction, category, count, freq from ${keyed}),
          ports_of as (select alias as port_alias, ${portOf.replaceAll('p.port_alias', 'n.alias')} as port_id
                       from (select distinct port_alias as alias from good) n)
     select po.port_id, g.date, g.hour, g.direction, g.category, g.count, g.freq, c.count as old_count, c.ingest_run_id as old_run
     from good g join ports_of po using (port_alias)
     left join crossings c on c.port_id = po.port_id and c.date = g.date and c.hour is not distinct from g.hour
       and c.direction = g.direction and c.category = g.category`,
    { source },
  );
  const counts = await all(
    db,
    `select count(*) filter (where old_count is null)::int as n_new,
            count(*) filter (where old_count = count)::int as n_same,
            count(*) filter (where old_count <> count)::int as n_revised
     from ${inc}`,
  );
  const c = counts[0]!;
  const revised = Number(c['n_revised']);
  if (revised > 0) {
    await run(
      db,
      `insert into crossing_revisions
       select port_id, date, hour, direction, category, old_count, count, old_run, $run from ${inc} where old_count <> count`,
      { run: runId },
    );
    await run(
      db,
      `update crossings c set count = i.count, ingest_run_id = $run from ${inc} i where ${KEY_JOIN} and i.old_count <> i.count`,
      { run: runId },
    );
  }
  await run(
    db,
    `insert into crossings select port_id, date, hour, direction, category, count, freq, $run from ${inc} where old_count is null`,
    { run: runId },
  );
  await run(db, `drop table ${inc}`);
  return { countsNew: Number(c['n_new']), countsUnchanged: Number(c['n_same']), countsRevised: revised };
}
