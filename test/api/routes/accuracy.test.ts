import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBacktestTable } from '../../../src/cli/models.js';
import { backtestAll, type BacktestSummary, type ScoreRow } from '../../../src/jobs/backtest.js';
import { FAST_ENGINE, as, openTestApp, type TestApp } from '../fixture.js';

type ApiScores = Record<string, string | number | null>;

let t: TestApp;
let summary: BacktestSummary;
beforeAll(async () => {
  t = await openTestApp();
  // Two daily origins and one inside the monthly US BTS sample, so both seasons (7 days, 12 months) are scored.
  summary = await backtestAll(t.db, { horizon: 14, origins: ['2025-10-31', '2025-11-30', '2019-06-01'], engine: FAST_ENGINE });
});
afterAll(() => t?.close());

const get = async (url: string): Promise<{ payload: string; rows: ApiScores[] }> => {
  const res = await t.app.inject({ method: 'GET', url, headers: as('planner') });
  expect(res.statusCode, res.payload).toBe(200);
  return { payload: res.payload, rows: String(res.headers['content-type']).startsWith('application/json') ? (JSON.parse(res.payload) as ApiScores[]) : [] };
};

const PAIRS = [['mase', 'mase'], ['wape', 'wape'], ['coverage80', 'cov80'], ['coverage95', 'cov95'], ['peak_hit3', 'peakHit3']] as const;

/** The API's scores are the CLI's, far beyond the 2 decimals (1 for WAPE) the CLI prints; null where the CLI has NaN. */
function expectSameScores(api: ApiScores | undefined, cli: ScoreRow): void {
  expect(api, `${cli.port_id} ${cli.direction} ${cli.category} ${cli.model}`).toBeDefined();
  expect(api!['n']).toBe(cli.n);
  for (const [a, c] of PAIRS) {
    if (Number.isNaN(cli[c])) expect(api![a]).toBeNull();
    else expect(api![a] as number).toBeCloseTo(cli[c], 9);
  }
}

const keyOf = (r: { port_id?: unknown; direction?: unknown; category?: unknown; model?: unknown }) => `${r.port_id}|${r.direction}|${r.category}|${r.model}`;

describe('GET /api/accuracy gives the figures of the CLI backtest table for the same stored backtest', () => {
  it('per model', async () => {
    const { rows } = await get(`/api/accuracy?run=${summary.runId}&by=model`);
    expect(rows.map((r) => r['model'])).toEqual(summary.models.map((m) => m.model).sort());
    for (const m of summary.models) expectSameScores(rows.find((r) => r['model'] === m.model), m);
  });

  it('per series and model, daily and monthly series alike', async () => {
    const { rows } = await get(`/api/accuracy?run=${summary.runId}`);
    expect(rows.map(keyOf).sort()).toEqual(summary.series.map(keyOf).sort());
    const api = new Map(rows.map((r) => [keyOf(r), r]));
    for (const s of summary.series) expectSameScores(api.get(keyOf(s)), s);
    expect(summary.series.some((s) => s.port_id?.startsWith('us-') && Number.isFinite(s.mase))).toBe(true);
  });

  it("for the dashboard's one series, to the precision the CLI prints", async () => {
    const { rows } = await get(`/api/accuracy?run=${summary.runId}&port=hk-lo-wu&direction=arrival&category=total`);
    const cli = summary.series.filter((s) => s.port_id === 'hk-lo-wu' && s.direction === 'arrival' && s.category === 'total');
    expect(rows.map((r) => r['model'])).toEqual(cli.map((s) => s.model));
    // The CLI's series table: series, model, MASE, WAPE %, sMAPE %, cov80, cov95, peak hit@3, n.
    const lines = formatBacktestTable(summary).split('\n').map((l) => l.split(/\s{2,}/));
    for (const r of rows) {
      const cells = lines.find((c) => c[0] === 'Lo Wu arrival total' && c[1] === r['model'])!;
      const printed = [r['mase'], r['wape'], r['coverage80'], r['coverage95'], r['peak_hit3']].map((x, i) => (x as number).toFixed(i === 1 ? 1 : 2));
      expect([cells[2], cells[3], cells[5], cells[6], cells[7]]).toEqual(printed);
    }
  });
});

describe('GET /api/accuracy keeps its shape', () => {
  it('answers the same fields in the same order, windows counting every cutoff of the series', async () => {
    const { rows } = await get(`/api/accuracy?run=${summary.runId}&port=hk-lo-wu&category=total`);
    expect(Object.keys(rows[0]!)).toEqual(['port_id', 'direction', 'category', 'model', 'windows', 'n', 'mase', 'wape', 'coverage80', 'coverage95', 'peak_hit3']);
    expect(rows.map((r) => [r['direction'], r['model'], r['windows'], r['n']])).toEqual([
      ['arrival', 'auto', 2, 28], ['arrival', 'snaive7', 2, 28], ['departure', 'auto', 2, 28], ['departure', 'snaive7', 2, 28],
    ]);
    const { rows: byModel } = await get(`/api/accuracy?run=${summary.runId}&by=model&category=total`);
    expect(Object.keys(byModel[0]!)).toEqual(['model', 'windows', 'n', 'mase', 'wape', 'coverage80', 'coverage95', 'peak_hit3']);
  });

  it('answers CSV with the same columns, and an empty list for a model the run does not hold', async () => {
    const { payload } = await get(`/api/accuracy?run=${summary.runId}&format=csv`);
    expect(payload.split('\n')[0]).toBe('port_id,direction,category,model,windows,n,mase,wape,coverage80,coverage95,peak_hit3');
    expect(payload.trim().split('\n')).toHaveLength(1 + summary.series.length);
    expect((await get(`/api/accuracy?run=${summary.runId}&model=prophet`)).rows).toEqual([]);
  });
});
