import type { FastifyInstance } from 'fastify';
import { all } from '../store/db.js';
import { addDays } from '../isoDays.js';

/**
 * Fills the response cache with what the dashboard's first view asks for (the overview heatmap in both
 * languages, the forecast totals and the peak periods of the next 8 weeks), so the first planner to open
 * the page does not wait for the chart to be built. Runs after listen; failures are only logged.
 */
export async function warmDashboardCache(app: FastifyInstance): Promise<void> {
  try {
    const rows = await all(app.readDb, `select max(date)::varchar as last from crossings where freq in ('day', 'hour')`);
    const last = rows[0]?.['last'];
    if (typeof last !== 'string') return;
    const from = addDays(last, 1);
    const to = addDays(from, 55);
    // Any configured key can read; with no keys configured reading is open.
    const key = app.config.apiKeys.keys().next().value;
    const headers = key ? { 'x-api-key': key } : {};
    const urls = [
      `/api/charts/overview?from=${from}&to=${to}&lang=en`,
      `/api/charts/overview?from=${from}&to=${to}&lang=zh`,
      `/api/forecasts?from=${from}&to=${to}&levels=none`,
      `/api/peaks?from=${from}&to=${to}`,
    ];
    for (const url of urls) await app.inject({ method: 'GET', url, headers });
  } catch (err) {
    app.log.warn({ err }, 'warming the dashboard cache failed');
  }
}
