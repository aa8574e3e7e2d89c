import { describe, expect, it } from 'vitest';
import { messages, staffingMessages } from '../../../src/messages.js';
import { as, errorBody } from '../fixture.js';
import { fileTestApp, json } from '../../helpers/app.js';

const app = fileTestApp();
const get = app.get;

describe('GET /api/peaks', () => {
  it('a peak report of a port with only monthly counts is refused, saying peak days need daily counts', async () => {
    const report = await app.get('/api/reports/peaks?port=us-0901&from=2020-01-01&to=2020-02-28&format=csv', as('manager'));
    expect(report.statusCode).toBe(422);
    expect(errorBody(report.payload).message).toBe(staffingMessages.monthlyPeaks('Buffalo Niagara Falls'));
  });

  it('answers peak days and periods of the latest run over its horizon', async () => {
    const res = await get('/api/peaks?port=hk-lo-wu');
    expect(res.statusCode).toBe(200);
    const body = json<Record<string, unknown>>(res.payload);
    expect(body).toMatchObject({ basis: 'mean', from: '2026-01-01', to: '2026-02-25' });
    expect(body['thresholds']).toHaveLength(2);
    const everyDay = json<{ days: unknown[]; periods: Array<{ start: string; end: string }> }>((await get('/api/peaks?port=hk-lo-wu&direction=arrival&capacity=1&from=2026-01-01&to=2026-01-10')).payload);
    expect(everyDay.days).toHaveLength(10);
    expect(everyDay.periods).toMatchObject([{ start: '2026-01-01', end: '2026-01-10' }]);
  });

  it('says why there is nothing: another category, or dates past the forecast, naming the port', async () => {
    const trucks = await get('/api/peaks?port=hk-lo-wu&category=trucks&from=2026-01-01&to=2026-01-10');
    expect(trucks.statusCode).toBe(404);
    expect(errorBody(trucks.payload).message).toBe(staffingMessages.categoryNotForecast('Lo Wu', 'trucks', ['hk_residents', 'mainland_visitors', 'other_visitors', 'total'], 1));
    const later = await get('/api/peaks?port=hk-lo-wu&from=2027-01-01&to=2027-01-10');
    expect(errorBody(later.payload).message).toBe(staffingMessages.forecastElsewhen('Lo Wu', '2027-01-01', '2027-01-10', 1, '2026-01-01', '2026-02-25'));
  });

  it('refuses a percentile outside (0, 1) and an unknown run', async () => {
    expect((await get('/api/peaks?percentile=1.5')).statusCode).toBe(400);
    const run = await get('/api/peaks?run=4242');
    expect(errorBody(run.payload).message).toBe(messages.unknownForecastRun(4242));
  });
});
