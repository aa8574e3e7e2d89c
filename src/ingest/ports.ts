import { all, run, transaction, type Database } from '../db.js';
import { CrossingsError, messages } from '../messages.js';
import { sqlString } from '../sqlText.js';

export type PortKind = 'land' | 'rail' | 'sea' | 'air' | 'bridge';

/** A port as the registry knows it before any data arrives. */
export interface KnownPort {
  port_id: string;
  name: string;
  name_zh: string;
  name_zh_hant: string;
  kind: PortKind;
}

/** The Hong Kong Immigration Department control points, with their Chinese names. */
export const HK_CONTROL_POINTS: readonly KnownPort[] = [
  { port_id: 'hk-airport', name: 'Airport', name_zh: '机场', name_zh_hant: '機場', kind: 'air' },
  { port_id: 'hk-china-ferry-terminal', name: 'China Ferry Terminal', name_zh: '中国客运码头', name_zh_hant: '中國客運碼頭', kind: 'sea' },
  { port_id: 'hk-express-rail-link-west-kowloon', name: 'Express Rail Link West Kowloon', name_zh: '高铁西九龙站', name_zh_hant: '高鐵西九龍站', kind: 'rail' },
  { port_id: 'hk-harbour-control', name: 'Harbour Control', name_zh: '港口管制', name_zh_hant: '港口管制', kind: 'sea' },
  { port_id: 'hk-heung-yuen-wai', name: 'Heung Yuen Wai', name_zh: '香园围', name_zh_hant: '香園圍', kind: 'land' },
  { port_id: 'hk-hong-kong-zhuhai-macao-bridge', name: 'Hong Kong-Zhuhai-Macao Bridge', name_zh: '港珠澳大桥', name_zh_hant: '港珠澳大橋', kind: 'bridge' },
  { port_id: 'hk-hung-hom', name: 'Hung Hom', name_zh: '红磡', name_zh_hant: '紅磡', kind: 'rail' },
  { port_id: 'hk-kai-tak-cruise-terminal', name: 'Kai Tak Cruise Terminal', name_zh: '启德邮轮码头', name_zh_hant: '啟德郵輪碼頭', kind: 'sea' },
  { port_id: 'hk-lo-wu', name: 'Lo Wu', name_zh: '罗湖', name_zh_hant: '羅湖', kind: 'land' },
  { port_id: 'hk-lok-ma-chau', name: 'Lok Ma Chau', name_zh: '落马洲', name_zh_hant: '落馬洲', kind: 'land' },
  { port_id: 'hk-lok-ma-chau-spur-line', name: 'Lok Ma Chau Spur Line', name_zh: '落马洲支线', name_zh_hant: '落馬洲支線', kind: 'land' },
  { port_id: 'hk-macau-ferry-terminal', name: 'Macau Ferry Terminal', name_zh: '港澳客轮码头', name_zh_hant: '港澳客輪碼頭', kind: 'sea' },
  { port_id: 'hk-man-kam-to', name: 'Man Kam To', name_zh: '文锦渡', name_zh_hant: '文錦渡', kind: 'land' },
  { port_id: 'hk-sha-tau-kok', name: 'Sha Tau Kok', name_zh: '沙头角', name_zh_hant: '沙頭角', kind: 'land' },
  { port_id: 'hk-shenzhen-bay', name: 'Shenzhen Bay', name_zh: '深圳湾', name_zh_hant: '深圳灣', kind: 'land' },
  { port_id: 'hk-tuen-mun-ferry-terminal', name: 'Tuen Mun Ferry Terminal', name_zh: '屯门客运码头', name_zh_hant: '屯門客運碼頭', kind: 'sea' },
];

/** A URL- and SQL-friendly id from a display name: "Lo Wu" → "lo-wu". */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'port';
}

/** Registers the HK control points and their source names, once (idempotent). */
export async function seedPorts(db: Database): Promise<void> {
  const known = await all(db, `select count(*)::int as n from port_aliases where source = 'hk-immd' and port_id in (${HK_CONTROL_POINTS.map((p) => sqlString(p.port_id)).join(', ')})`);
  if (Number(known[0]?.['n']) >= HK_CONTROL_POINTS.length) return;
  const values = HK_CONTROL_POINTS.map(
    (p) => `(${[p.port_id, p.name, p.name_zh, p.name_zh_hant, p.kind].map(sqlString).join(', ')}, 'HK', 'HK', 'Asia/Hong_Kong', 'hk-immd')`,
  ).join(',\n');
  await run(db, `insert into ports (port_id, name, name_zh, name_zh_hant, kind, region, country, timezone, source) values ${values} on conflict do nothing`);
  const aliases = HK_CONTROL_POINTS.map((p) => `(${sqlString(p.name)}, 'hk-immd', ${sqlString(p.port_id)})`).join(', ');
  await run(db, `insert into port_aliases values ${aliases} on conflict do nothing`);
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

/** Finds a port by id, display name or alias (any source). */
export async function findPort(db: Database, nameOrId: string): Promise<string | undefined> {
  const rows = await all(
    db,
    `select port_id from ports where port_id = $n or name = $n
     union select port_id from port_aliases where alias = $n`,
    { n: nameOrId },
  );
  return rows.length === 1 ? String(rows[0]!['port_id']) : undefined;
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
  if (!target) throw new CrossingsError(messages.unknownPortName(oldName));
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
