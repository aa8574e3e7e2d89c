import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../src/messages.js';
import { charts, compileSpec, type ChartName } from '../../../src/reports/charts/index.js';
import { decodePng, pngSignature } from '../../reports/charts/png.js';
import { as, errorBody, openTestApp, type TestApp } from '../fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = as('planner')) => t.app.inject({ method: 'GET', url, headers });

/** One query per chart, and text its SVG must show in each language. */
const cases: Record<ChartName, { query: string; en: string; zh: string; mark: string }> = {
  forecast: { query: 'port=hk-lo-wu&direction=departure', en: 'Lo Wu: departures, forecast', zh: '罗湖出境旅客预测', mark: 'mark-area' },
  history: { query: 'port=hk-shenzhen-bay&from=2025-01-01&to=2025-06-30', en: 'Shenzhen Bay: daily travellers by direction', zh: '深圳湾每日旅客人次', mark: 'mark-line' },
  calendar: { query: 'port=hk-lo-wu&direction=arrival&from=2025-01-01&to=2025-03-31', en: 'Lo Wu arrivals: daily travellers', zh: '罗湖入境每日旅客人次', mark: 'mark-rect' },
  weekday: { query: 'port=hk-lo-wu', en: 'Lo Wu: mean travellers by day of week', zh: '罗湖各星期日均旅客人次', mark: 'mark-rect' },
  ports: { query: 'country=HK&from=2025-01-01&to=2025-12-31', en: 'Mean daily travellers by control point', zh: '各管制站日均旅客人次', mark: 'mark-rect' },
  overview: { query: 'from=2026-01-01&to=2026-01-21', en: 'Expected travellers per day', zh: '每日预计旅客人次', mark: 'mark-rect' },
};

describe.each(Object.keys(charts) as ChartName[])('chart %s', (name) => {
  const c = cases[name];

  it('answers a Vega-Lite spec that compiles without warnings', async () => {
    const res = await get(`/api/charts/${name}?${c.query}`);
    expect(res.statusCode, res.payload.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const spec = JSON.parse(res.payload);
    expect(spec.$schema).toMatch(/vega-lite/);
    expect(compileSpec(spec).warnings).toEqual([]);
  });

  it('renders SVG with marks and text, in English and in Chinese', async () => {
    const en = await get(`/api/charts/${name}.svg?${c.query}`);
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(en.payload).toMatch(/^<svg/);
    expect(en.payload).toContain(c.mark);
    expect(en.payload).toContain(c.en);
    const zh = await get(`/api/charts/${name}?${c.query}&format=svg&lang=zh`);
    expect(zh.payload).toContain(c.zh);
  });

  it('renders PNG (Chinese labels), served again from the cache', async () => {
    const url = `/api/charts/${name}.png?${c.query}&lang=zh`;
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = res.rawPayload;
    expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
    const { width, height, pixels } = decodePng(png);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(150);
    // Not a blank image: a good share of pixels is neither white nor transparent.
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) inked++;
    expect(inked / (width * height)).toBeGreaterThan(0.01);
    if (process.env['CROSSINGS_KEEP_PNG']) {
      mkdirSync(process.env['CROSSINGS_KEEP_PNG'], { recursive: true });
      writeFileSync(join(process.env['CROSSINGS_KEEP_PNG'], `${name}.zh.png`), png);
    }
    const t0 = performance.now();
    const again = await get(url);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(again.headers.etag).toBe(res.headers.etag);
    expect(again.rawPayload.equals(png)).toBe(true);
    expect((await t.app.inject({ url, headers: { ...as('planner'), 'if-none-match': String(res.headers.etag) } })).statusCode).toBe(304);
  });
});

describe('chart errors', () => {
  it('names the known charts for an unknown one', async () => {
    const res = await get('/api/charts/pie.png');
    expect(res.statusCode).toBe(404);
    expect(errorBody(res.payload).message).toBe(messages.unknownChartName('pie', Object.keys(charts)));
  });

  it('asks for a port, refuses a suffix that contradicts format, and answers 404 for a chart of nothing', async () => {
    expect(errorBody((await get('/api/charts/history')).payload).message).toBe(messages.chartNeedsPort('history'));
    expect(errorBody((await get('/api/charts/history.svg?port=hk-lo-wu&format=png')).payload).message).toBe(messages.chartFormatConflict('.svg', 'png'));
    const empty = await get('/api/charts/history?port=hk-lo-wu&from=2010-01-01&to=2010-02-01');
    expect(empty.statusCode).toBe(404);
    errorBody(empty.payload);
  });

  it('chooses the image format from the Accept header when the path and query do not say', async () => {
    const res = await t.app.inject({ url: '/api/charts/weekday?port=hk-lo-wu', headers: { ...as('planner'), accept: 'image/svg+xml' } });
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
