/** The ports the registry knows before any data arrives, seeded into a new database. */
import { all, run, type Database } from './db.js';
import { sqlString } from './sqlText.js';

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

