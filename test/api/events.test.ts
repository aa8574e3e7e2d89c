import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/messages.js';
import { as, errorBody, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const post = (role: 'planner' | 'admin', payload: unknown) => t.app.inject({ method: 'POST', url: '/api/events', headers: as(role), payload: payload as object });
const ships = [
  { date: '2026-02-03', port: 'Kai Tak Cruise Terminal', name: 'Ship A', kind: 'ship', volume: 4000 },
  { date: '2026-02-07', port: '啟德郵輪碼頭', name: 'Ship B', kind: 'ship', volume: '2500' },
  { date: '2026-02-08', region: 'HK', name: 'Marathon', kind: 'event' },
];

describe('GET, POST and DELETE /api/events', () => {
  it('lets an admin (not a planner) send a list, twice without doubling it, and lists what applies to a port', async () => {
    expect((await post('planner', { events: ships })).statusCode).toBe(403);
    const first = await post('admin', { events: ships });
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.payload)).toMatchObject({ events: 3, scopes: ['hk-kai-tak-cruise-terminal', 'region HK'], replaced: 0 });
    expect(JSON.parse((await post('admin', { events: ships })).payload)).toMatchObject({ events: 3, replaced: 3 });
    const list = await t.app.inject({ method: 'GET', url: '/api/events?port=kai%20tak%20cruise%20terminal&from=2026-02-01', headers: as('planner') });
    expect(JSON.parse(list.payload).events.map((e: { date: string; name: string; volume: number | null }) => [e.date, e.name, e.volume])).toEqual([
      ['2026-02-03', 'Ship A', 4000],
      ['2026-02-07', 'Ship B', 2500],
      ['2026-02-08', 'Marathon', null],
    ]);
  });

  it('refuses a list with a bad item whole (422), naming the item', async () => {
    const bad = await post('admin', { events: [...ships, { date: '2026-02-09', port: 'Lo Woo', name: 'x', kind: 'event' }] });
    expect(bad.statusCode).toBe(422);
    expect(errorBody(bad.payload).message).toBe(messages.eventUnknownPort('events[3]', 'Lo Woo', [{ port_id: 'hk-lo-wu', name: 'Lo Wu' }]));
    expect((await post('admin', { events: [{ date: '2026-02-09', name: 'x' }] })).statusCode).toBe(400);
  });

  it('removes a port\'s own events, the admin only', async () => {
    const del = (role: 'planner' | 'admin', q: string) => t.app.inject({ method: 'DELETE', url: `/api/events?${q}`, headers: as(role) });
    expect((await del('planner', 'port=hk-kai-tak-cruise-terminal')).statusCode).toBe(403);
    expect((await del('admin', '')).statusCode).toBe(400);
    expect((await del('admin', 'port=Nowhere')).statusCode).toBe(404);
    expect(JSON.parse((await del('admin', 'port=hk-kai-tak-cruise-terminal')).payload)).toMatchObject({ removed: 2 });
    expect(JSON.parse((await del('admin', 'all=true')).payload)).toMatchObject({ removed: 1 });
  });
});
