import { all, run, transaction, type Database } from '../store/db.js';
import { CrossingsError, messages } from '../messages.js';
import { findPort } from '../store/lookups.js';

/** A URL- and SQL-friendly id from a display name: "Lo Wu" → "lo-wu". */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'port';
}

/**
 * Registers the ports named in the staging table `names_tbl(alias, name, region, code)` that no alias
 * knows yet, for one source; new ids are "<prefix>-<slug or code>". Runs inside the caller's transaction.
 */
export async function registerNewPorts(
  db: Database,
  namesTable: string,
  source: string,
  prefix: string,
  country: string | null,
  matchAnySource = false,
): Promise<string[]> {
  const elsewhere = matchAnySource
    ? `and not exists (select 1 from port_aliases a where a.alias = n.alias)
       and not exists (select 1 from ports p where p.port_id = n.alias)`
    : '';
  const unknown = await all(
    db,
    `select distinct on (n.alias) n.alias, n.name, n.region, n.code from ${namesTable} n
     where not exists (select 1 from port_aliases a where a.alias = n.alias and a.source = $source) ${elsewhere}`,
    { source },
  );
  const ids: string[] = [];
  for (const row of unknown) {
    const alias = String(row['alias']);
    const name = String(row['name']);
    const code = row['code'] == null ? null : String(row['code']);
    const portId = await freeId(db, `${prefix}-${code ?? slug(name)}`);
    await run(
      db,
      `insert into ports (port_id, name, kind, region, country, source, source_code)
       values ($id, $name, 'land', $region, $country, $source, $code)`,
      { id: portId, name, region: (row['region'] as string | null) ?? null, country, source, code },
    );
    await run(db, `insert into port_aliases values ($alias, $source, $id)`, { alias, source, id: portId });
    ids.push(portId);
  }
  return ids;
}

export async function freeId(db: Database, wanted: string): Promise<string> {
  let id = wanted;
  for (let n = 2; (await all(db, 'select 1 from ports where port_id = $id', { id })).length > 0; n++) id = `${wanted}-${n}`;
  return id;
}

/**
 * Makes `newName` an alias of the port now called `oldName`, so a port renamed by its source stays one
 * series. Rows already loaded under the new name move to the old port (revisions kept), in one transaction.
 */
export async function aliasPort(db: Database, newName: string, oldName: string): Promise<{ port_id: string; moved: number }> {
  return transaction(db, () => aliasPortInTransaction(db, newName, oldName));
}

/** aliasPort inside the caller's transaction (ingest's automatic renames run within the load's). */
export async function aliasPortInTransaction(db: Database, newName: string, oldName: string): Promise<{ port_id: string; moved: number }> {
  const target = await findPort(db, oldName);
  if (!target) throw new CrossingsError(messages.unknownPortName(oldName), 'not_found');
  {
    const existing = await findPort(db, newName);
    if (existing === target) throw new CrossingsError(messages.aliasSame(newName));
    let moved = 0;
    if (existing) {
      const count = await all(db, 'select count(*)::int as n from crossings where port_id = $p', { p: existing });
      moved = Number(count[0]?.['n'] ?? 0);
      // Where both ports have a count for the same key, the renamed port's (newer) value wins.
      await run(
        db,
        `delete from crossings c using crossings n
         where c.port_id = $t and n.port_id = $e and c.date = n.date and c.hour is not distinct from n.hour
           and c.direction = n.direction and c.category = n.category`,
        { t: target, e: existing },
      );
      await run(db, 'update crossings set port_id = $t where port_id = $e', { t: target, e: existing });
      await run(db, 'update crossing_revisions set port_id = $t where port_id = $e', { t: target, e: existing });
      await run(db, 'update port_aliases set port_id = $t where port_id = $e', { t: target, e: existing });
      await run(db, 'delete from ports where port_id = $e', { e: existing });
    }
    const sources = await all(db, 'select distinct source from port_aliases where port_id = $t', { t: target });
    for (const s of sources.length ? sources : [{ source: 'long' }]) {
      await run(db, 'insert into port_aliases values ($a, $s, $t) on conflict do update set port_id = excluded.port_id', {
        a: newName,
        s: String(s['source']),
        t: target,
      });
    }
    return { port_id: target, moved };
  }
}
