import { describe, expect, it } from 'vitest';
import { fileTestApp, json } from '../../helpers/app.js';

const app = fileTestApp();
const get = app.get;

describe('GET /api/backtests and /api/accuracy', () => {
  it('answers the backtest windows of the latest backtest run, as JSON and CSV', async () => {
    const res = await get('/api/backtests?port=hk-lo-wu&direction=arrival&cutoff=2025-11-30');
    expect(res.statusCode).toBe(200);
    const rows = json(res.payload);
    expect(rows.length).toBe(2 * 14); // the engine and seasonal naive, 14 days each
    expect(rows[0]).toMatchObject({ port_id: 'hk-lo-wu', cutoff: '2025-11-30', date: '2025-12-01', actual: expect.any(Number) });
    const csv = await get('/api/backtests?port=hk-lo-wu&format=csv');
    expect(csv.payload.split('\n')[0]).toBe('run_id,port_id,direction,category,cutoff,date,model,actual,mean,lo80,hi80,lo95,hi95');
  });

  it('scores per series and model; WAPE and coverage agree with the stored windows', async () => {
    const res = await get('/api/accuracy?port=hk-lo-wu&category=total');
    expect(res.statusCode).toBe(200);
    const scores = json<Array<Record<string, number | string | null>>>(res.payload);
    expect(scores.map((s) => `${s['direction']} ${s['model']}`)).toEqual(['arrival auto', 'arrival snaive7', 'departure auto', 'departure snaive7']);
    const windows = json<Array<Record<string, number | string>>>((await get('/api/backtests?port=hk-lo-wu&direction=arrival')).payload)
      .filter((r) => r['model'] === 'auto');
    const absErr = windows.reduce((s, r) => s + Math.abs(Number(r['actual']) - Number(r['mean'])), 0);
    const actual = windows.reduce((s, r) => s + Number(r['actual']), 0);
    const in80 = windows.filter((r) => Number(r['actual']) >= Number(r['lo80']) && Number(r['actual']) <= Number(r['hi80'])).length;
    const s = scores[0]!;
    expect(s['wape']).toBeCloseTo((100 * absErr) / actual, 6);
    expect(s['coverage80']).toBeCloseTo(in80 / windows.length, 9);
    expect(s['n']).toBe(14);
    expect(Number(s['mase'])).toBeGreaterThan(0);
    expect([0, 1 / 3, 2 / 3, 1].some((v) => Math.abs(v - Number(s['peak_hit3'])) < 1e-9)).toBe(true);
  });

  it('scores per model over every series with by=model, the engine beating seasonal naive on MASE', async () => {
    const scores = json<Array<Record<string, number | string>>>((await get('/api/accuracy?by=model&category=total')).payload);
    expect(scores.map((s) => s['model'])).toEqual(['auto', 'snaive7']);
    for (const s of scores) {
      expect(Number(s['coverage95'])).toBeGreaterThanOrEqual(0);
      expect(Number(s['coverage95'])).toBeLessThanOrEqual(1);
    }
    const csv = await get('/api/accuracy?by=model&format=csv');
    expect(csv.payload.split('\n')[0]).toBe('model,windows,n,mase,wape,coverage80,coverage95,peak_hit3');
  });
});
