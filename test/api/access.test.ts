/**
 * Downloads out of the box (issue 17, item 7): with no keys on a loopback address every role is open and the
 * server says so once at start; on another address with no keys it refuses to start unless CROSSINGS_OPEN=1.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../../src/api/server.js';
import { accessMode, isLoopback, loadConfig } from '../../src/config.js';
import { messages } from '../../src/messages.js';
import { tempDir } from '../helpers/files.js';
import { buildReportDb, FROM } from '../reports/export/fixture.js';

const dir = tempDir();

describe('access mode', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });

  it('is local without keys on loopback, keys with keys, closed elsewhere unless CROSSINGS_OPEN=1', () => {
    expect(accessMode(loadConfig({}))).toBe('local');
    expect(accessMode(loadConfig({ HOST: '0.0.0.0', CROSSINGS_API_KEYS: 'k:admin' }))).toBe('keys');
    expect(accessMode(loadConfig({ HOST: '0.0.0.0' }))).toBe('closed');
    expect(accessMode(loadConfig({ HOST: '0.0.0.0', CROSSINGS_OPEN: '1' }))).toBe('open');
    expect(() => loadConfig({ CROSSINGS_OPEN: 'yes please' })).toThrow('CROSSINGS_OPEN');
  });

  it('refuses to start on a non-loopback address without keys, before opening the database', async () => {
    const config = loadConfig({ HOST: '0.0.0.0', PORT: '0', CROSSINGS_DB: `${dir}/never.duckdb` });
    await expect(startServer(config)).rejects.toThrow(messages.keysNeeded('0.0.0.0'));
    expect(existsSync(`${dir}/never.duckdb`)).toBe(false);
  });
});

describe('a server with no keys on 127.0.0.1', () => {
  let running: Running;
  const logged: string[] = [];
  beforeAll(async () => {
    const db = await buildReportDb(dir);
    const log = console.log;
    console.log = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      running = await startServer(loadConfig({ CROSSINGS_DB: db, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', CROSSINGS_API_KEYS: '' }));
    } finally {
      console.log = log;
    }
  });
  afterAll(async () => running?.close());

  it('says once at start that every role is open', () => {
    expect(logged.filter((l) => l === messages.localMode('127.0.0.1'))).toHaveLength(1);
  });

  it('serves the staffing XLSX to a request without a key', async () => {
    const res = await fetch(`${running.url}/api/reports/staffing?port=hk-lo-wu&from=${FROM}&to=2026-02-07`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toContain('Summary');
  });

  it('tells the dashboard it is in local mode with every role', async () => {
    const res = await fetch(`${running.url}/api/access`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mode: 'local', role: null, roles: ['planner', 'manager', 'analyst', 'admin'] });
  });
});

describe('GET /api/access with keys', () => {
  let running: Running;
  beforeAll(async () => {
    const sub = join(dir, 'keys');
    mkdirSync(sub);
    const db = await buildReportDb(sub);
    const log = console.log;
    console.log = () => {};
    try {
      running = await startServer(loadConfig({ CROSSINGS_DB: db, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', CROSSINGS_API_KEYS: 'p:planner,m:manager' }));
    } finally {
      console.log = log;
    }
  });
  afterAll(async () => running?.close());

  it('names the key\'s role and what it grants; a planner key is refused the download', async () => {
    const access = (key?: string) => fetch(`${running.url}/api/access`, { headers: key ? { 'x-api-key': key } : {} }).then((r) => r.json());
    expect(await access()).toEqual({ mode: 'keys', role: null, roles: [] });
    expect(await access('p')).toEqual({ mode: 'keys', role: 'planner', roles: ['planner'] });
    expect(await access('m')).toEqual({ mode: 'keys', role: 'manager', roles: ['planner', 'manager'] });
    const res = await fetch(`${running.url}/api/reports/staffing?port=hk-lo-wu&from=${FROM}&to=2026-02-07`, { headers: { 'x-api-key': 'p' } });
    expect(res.status).toBe(403);
  });
});
