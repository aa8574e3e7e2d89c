import { describe, expect, it } from 'vitest';
import { fileTestApp, json } from '../../helpers/app.js';

const app = fileTestApp();
const get = app.get;

describe('GET /api/ports', () => {
  it('lists ports with Chinese names, kind, series and data range', async () => {
    const res = await get('/api/ports');
    expect(res.statusCode).toBe(200);
    const lowu = json(res.payload).find((p) => p['port_id'] === 'hk-lo-wu')!;
    expect(lowu).toMatchObject({ name: 'Lo Wu', name_zh: '罗湖', kind: expect.any(String), first_date: '2024-01-01', last_date: '2025-12-31' });
    expect(lowu['series']).toContainEqual({ direction: 'arrival', category: 'total' });
  });
});
