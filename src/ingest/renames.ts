/**
 * Renamed ports: a source that starts spelling a control point differently from some day on would start a new
 * series while the old one stops. A new port whose first day follows the last day of a port of the same source,
 * with a similar name and volume, is taken as that port renamed: by default the new name becomes its alias.
 */
import { listValue } from '@duckdb/node-api';
import { distance as editDistance } from 'fastest-levenshtein';
import { all, run, transaction, type Database } from '../store/db.js';
import { CrossingsError, messages } from '../messages.js';
import { normaliseName } from '../store/lookups.js';
import { aliasPortInTransaction } from './ports.js';

/** A new port taken (or, with auto-alias off, suggested) as the continuation of an old one. */
export interface Rename {
  /** The new name as the file spells it, and the port it would continue. */
  alias: string;
  /** The port the new name made (removed when the rename is applied). */
  new_port_id: string;
  port_id: string;
  port: string;
  /** The new name's first day (month) and the old port's last. */
  from: string;
  lastOld: string;
  applied: boolean;
}

/** How alike two names are, 0..1: the better of edit similarity and shared words, after normalising. */
export function nameSimilarity(a: string, b: string): number {
  const [x, y] = [normaliseName(a), normaliseName(b)];
  if (!x || !y) return 0;
  const edit = 1 - editDistance(x, y) / Math.max(x.length, y.length);
  const words = (t: string) => new Set(t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1));
  const [wa, wb] = [words(a), words(b)];
  const shared = [...wa].filter((w) => wb.has(w)).length;
  const jaccard = wa.size + wb.size === 0 ? 0 : shared / (wa.size + wb.size - shared);
  return Math.max(edit, jaccard);
}

export const MIN_NAME_SIMILARITY = 0.6;
/** The new name's first 28 periods carry between half and twice the old port's last 28. */
const VOLUME_RATIO = 2;
const WINDOW = 28;

/**
 * For each port created by this load, the old port of the same source it continues, if exactly one fits: its last
 * period is the one before the new port's first, its name is similar, its volume alike. Inside the load's transaction;
 * with `apply`, the new name becomes the old port's alias (rows moved) and the rename is recorded for unalias.
 */
export async function detectRenames(db: Database, newPortIds: readonly string[], source: string, runId: number, apply: boolean): Promise<Rename[]> {
  // One pass over the source's counts for every port's first and last period: a query per new port scanned
  // the whole table (just written in this transaction) once for each.
  const spans = new Map(
    (
      await all(
        db,
        `select c.port_id, any_value(p.name) as name, strftime(min(c.date), '%Y-%m-%d') as first,
           strftime(max(c.date), '%Y-%m-%d') as last, any_value(c.freq)::varchar as freq
         from crossings c join ports p using (port_id) where p.source = $source group by c.port_id`,
        { source },
      )
    ).map((r) => [String(r['port_id']), { name: String(r['name']), first: String(r['first']), last: String(r['last']), freq: String(r['freq']) }]),
  );
  const aliases = new Map(
    (
      await all(db, `select port_id, alias from port_aliases where source = $source and list_contains($ids, port_id)`, {
        source,
        ids: listValue([...newPortIds]),
      })
    ).map((r) => [String(r['port_id']), String(r['alias'])]),
  );
  const found: Rename[] = [];
  for (const id of newPortIds) {
    const fresh = spans.get(id);
    const alias = aliases.get(id);
    if (!fresh || alias === undefined) continue;
    const before = periodBefore(fresh.first, fresh.freq);
    const alike = [];
    for (const [oldId, old] of spans) {
      if (oldId === id || old.last !== before) continue;
      if (nameSimilarity(fresh.name, old.name) < MIN_NAME_SIMILARITY) continue;
      if (!(await similarVolume(db, oldId, id))) continue;
      alike.push({ oldId, old });
    }
    if (alike.length !== 1) continue;
    const { oldId, old } = alike[0]!;
    const rename: Rename = { alias, new_port_id: id, port_id: oldId, port: old.name, from: fresh.first, lastOld: old.last, applied: apply };
    if (apply) {
      await aliasPortInTransaction(db, rename.alias, rename.port_id);
      await run(
        db,
        `insert into port_renames (alias, source, port_id, split_id, name, from_date, run_id) values ($alias, $source, $port, $split, $name, $from, $run)`,
        { alias: rename.alias, source, port: rename.port_id, split: id, name: fresh.name, from: rename.from, run: runId },
      );
      // The old port now runs to the new name's last period, and the new port is gone.
      spans.set(oldId, { ...old, last: fresh.last });
      spans.delete(id);
    }
    found.push(rename);
  }
  return found;
}

/** The names of the ports a load created, and the renames among them (applied with autoAlias), inside its transaction. */
export async function newPortsAndRenames(db: Database, newIds: readonly string[], source: string, runId: number, autoAlias: boolean): Promise<{ newPorts?: string[]; renames?: Rename[] }> {
  if (newIds.length === 0) return {};
  const renames = await detectRenames(db, newIds, source, runId, autoAlias);
  // After the renames: a port taken as a rename is gone. A name that differs from the file's spelling (a code) shows both.
  const named = await all(
    db,
    `select p.name, a.alias from ports p join port_aliases a on a.port_id = p.port_id and a.source = $source
      where list_contains($ids, p.port_id) order by p.name`,
    { ids: listValue([...newIds]), source },
  );
  const newPorts = named.map((r) => (r['name'] === r['alias'] ? String(r['name']) : `${String(r['name'])} (${String(r['alias'])})`));
  return { ...(newPorts.length ? { newPorts } : {}), ...(renames.length ? { renames } : {}) };
}

/** The period before `first` (YYYY-MM-DD): the day before, or the month before for monthly series. */
function periodBefore(first: string, freq: string): string {
  const d = new Date(`${first}T00:00:00Z`);
  if (freq === 'month') d.setUTCMonth(d.getUTCMonth() - 1);
  else d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The mean per period of the old port's last WINDOW periods and the new one's first, within VOLUME_RATIO. */
async function similarVolume(db: Database, oldId: string, newId: string): Promise<boolean> {
  const [r] = await all(
    db,
    `with per as (select port_id, date, coalesce(sum(count) filter (where category = 'total'), sum(count))::double as n
                   from crossings where port_id in ($old, $new) group by all),
          ranked as (select port_id, n, row_number() over (partition by port_id order by date desc) as from_end,
                            row_number() over (partition by port_id order by date) as from_start from per)
     select avg(n) filter (where port_id = $old and from_end <= ${WINDOW}) as old_mean,
            avg(n) filter (where port_id = $new and from_start <= ${WINDOW}) as new_mean from ranked`,
    { old: oldId, new: newId },
  );
  const [a, b] = [Number(r?.['old_mean'] ?? NaN), Number(r?.['new_mean'] ?? NaN)];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (a === 0 && b === 0) return true;
  return b <= a * VOLUME_RATIO && a <= b * VOLUME_RATIO;
}

/**
 * Undoes an automatic rename: the name becomes its own port again, with the counts from its first day on, in one
 * transaction. Refused when no automatic rename made that alias.
 */
export async function unaliasPort(db: Database, alias: string): Promise<{ port_id: string; moved: number; from: string }> {
  return transaction(db, async () => {
    const [r] = await all(
      db,
      `select alias, source, port_id, split_id, name, strftime(from_date, '%Y-%m-%d') as from_date from port_renames
        where alias = $alias order by run_id desc limit 1`,
      { alias },
    );
    if (!r) throw new CrossingsError(messages.notARename(alias));
    const [target, split, from] = [String(r['port_id']), String(r['split_id']), String(r['from_date'])];
    await run(
      db,
      `insert into ports (port_id, name, kind, region, country, source, source_code)
       select $split, $name, kind, region, country, source, null from ports where port_id = $target`,
      { split, name: String(r['name']), target },
    );
    const [moved] = await all(db, `select count(*)::int as n from crossings where port_id = $target and date >= $from::date`, { target, from });
    await run(db, `update crossings set port_id = $split where port_id = $target and date >= $from::date`, { split, target, from });
    await run(db, `update crossing_revisions set port_id = $split where port_id = $target and date >= $from::date`, { split, target, from });
    await run(db, `update port_aliases set port_id = $split where alias = $alias and port_id = $target`, { split, alias, target });
    await run(db, `delete from port_renames where alias = $alias and port_id = $target`, { alias, target });
    return { port_id: split, moved: Number(moved?.['n'] ?? 0), from };
  });
}
