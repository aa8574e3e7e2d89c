import { describe, expect, it } from 'vitest';
import { fileTestApp, json } from '../../helpers/app.js';

const app = fileTestApp();
const get = app.get;

describe('GET /api/actuals', () => {
  it('answers actuals as JSON and as CSV', async () => {
    const res = await get('/api/actuals?port=Lo%20Wu&direction=arrival&from=2025-01-01&to=2025-01-07');
    expect(res.statusCode).toBe(200);
    expect(json(res.payload)).toHaveLength(7);
    const csv = await get('/api/actuals?port=hk-lo-wu&from=2025-01-01&to=2025-01-01&format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.payload.split('\n')[0]).toBe('port_id,date,hour,direction,category,count');
  });
});
