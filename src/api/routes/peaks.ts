import type { FastifyPluginAsync } from 'fastify';
import { loadPeaks } from '../../reports/peaks.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { checkRange, forecastRun, resolvePort, runRange } from '../lookup.js';
import { significanceParams } from '../schemas/peaks.js';
import { basisParam, categoryParam, dateParam, directionParam, modelParam, portParam, query, runParam, type RunSelectionQuery } from '../schemas/params.js';

interface PeaksQuery extends RunSelectionQuery {
  port?: string;
  percentile?: number;
  last_days?: number;
  capacity?: number;
  window_days?: number;
  all?: boolean;
  min_excess?: number;
}

/** GET /api/peaks: peak days and periods of a forecast run, thresholds from each port's history or a capacity. */
const peaksRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: PeaksQuery }>(
    '/peaks',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Peak periods worth attention, most severe first: severity is the excess over the normal for the weekday and season (or over a capacity); all=true lists every period above the threshold.',
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam,
          from: dateParam('First day; default the run\'s first forecast day'), to: dateParam('Last day; default the run\'s last forecast day'),
          run: runParam, model: modelParam, basis: basisParam,
          percentile: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Percentile of history that makes a peak; default 0.9.' },
          last_days: { type: 'integer', minimum: 1, maximum: 3660, description: 'Days of history for the percentile; default 365.' },
          capacity: { type: 'number', exclusiveMinimum: 0, maximum: 1e9, description: 'A capacity in travellers per day, instead of the percentile of history.' },
          window_days: { type: 'integer', minimum: 0, maximum: 31, description: 'Days between a period and a holiday that still attribute it to the holiday; default 1 (adjacent).' },
          ...significanceParams,
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const range = checkRange(app, q.from, q.to);
      const key = `peaks\u0000${JSON.stringify([q.run, q.port, q.direction, q.category, range.from, range.to, q.model, q.basis, q.percentile, q.last_days, q.capacity, q.window_days, q.all, q.min_excess])}`;
      const entry = await app.responseCache.get(key, async () => {
        const run = await forecastRun(app, q.run);
        const port = q.port === undefined ? undefined : await resolvePort(app, q.port);
        const { first, last } = await runRange(app, run, { port: port ?? null, ...(q.category ? { category: q.category } : {}) });
        const result = await loadPeaks(app.readDb, {
          from: range.from ?? first,
          to: range.to ?? last,
          runId: run,
          ...(port ? { port } : {}),
          ...(q.direction ? { direction: q.direction } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.model ? { model: q.model } : {}),
          ...(q.basis ? { basis: q.basis } : {}),
          ...(q.percentile !== undefined ? { percentile: q.percentile } : {}),
          ...(q.last_days !== undefined ? { lastDays: q.last_days } : {}),
          ...(q.capacity !== undefined ? { capacity: q.capacity } : {}),
          ...(q.window_days !== undefined ? { windowDays: q.window_days } : {}),
          ...(q.all ? { all: true } : {}),
          ...(q.min_excess !== undefined ? { minExcess: q.min_excess } : {}),
        });
        return {
          body: {
            run_id: result.runId, basis: result.basis, from: range.from ?? first, to: range.to ?? last,
            thresholds: result.thresholds, significance: result.significance, days: result.days, periods: result.periods, unthresholded: result.unthresholded,
          },
        };
      });
      return sendCached(request, reply, entry);
    },
  );
};
export default peaksRoutes;
