import type { FastifyPluginAsync } from 'fastify';
import { loadOutlook, outlookOptions, type OutlookAsk } from '../../reports/outlook.js';
import { outlookPdf, outlookPdfName } from '../../reports/outlookPdf.js';
import { needs, requireRole } from '../auth.js';
import { sendCached } from '../cache.js';
import { checkRange, checkRangeLength } from '../lookup.js';
import { dateParam, query, runParam } from '../schemas/params.js';
import { partialParam } from '../schemas/staffing.js';

type OutlookQuery = OutlookAsk;

/** Longest outlook one request may ask for: a year (the forecast refuses days beyond it anyway). */
const MAX_DAYS = 366;

/**
 * GET /api/outlook: the holiday outlook of a period or a named holiday, the same figures `crossings outlook`
 * prints (computed by src/reports/outlook.ts). Not stored: a GET changes nothing; the CLI stores what it prints.
 */
const outlookQuery = () => query({
          from: dateParam('First day'), to: dateParam('Last day'),
          holiday: { type: 'string', minLength: 1, maxLength: 100, description: 'A holiday of the calendar in English or Chinese (Lunar New Year, 春节, 農曆新年), with year.' },
          year: { type: 'integer', minimum: 1990, maximum: 2100, description: 'The year the holiday starts in.' },
          region: { type: 'string', minLength: 1, maxLength: 10, description: 'Only the holiday blocks of this calendar region (HK, CN).' },
          run: runParam,
          country: { type: 'string', minLength: 1, maxLength: 10, description: 'Control points of this country; default HK.' },
          partial: partialParam,
        });

const outlookRoutes: FastifyPluginAsync = async (app) => {
  /** The outlook a query asks for, from the read connection. */
  const outlookOf = (q: OutlookQuery) => {
    const range = checkRange(app, q.from, q.to);
    if (range.from && range.to) checkRangeLength(app, range.from, range.to, MAX_DAYS);
    return loadOutlook(app.readDb, outlookOptions({ ...q, ...range }));
  };

  app.get<{ Querystring: OutlookQuery }>(
    '/outlook',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Holiday outlook: total trips through all control points over a period (or a named holiday), by land / sea / air, peak day per direction, the five busiest control points, with 80% and 95% intervals and labels in English and Chinese.',
        querystring: outlookQuery(),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const key = `outlook\u0000${JSON.stringify([q.from, q.to, q.holiday, q.year, q.region, q.run, q.country, q.partial])}`;
      const entry = await app.responseCache.get(key, async () => ({ body: await outlookOf(q) }));
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: OutlookQuery }>(
    '/reports/outlook',
    {
      // A download, like the other reports: managers'.
      onRequest: async (request) => requireRole(app, request, 'manager'),
      schema: { tags: ['reports'], summary: 'The holiday outlook as a PDF page in English and Traditional Chinese.', querystring: outlookQuery() },
    },
    async (request, reply) => {
      const o = await outlookOf(request.query);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${outlookPdfName(o)}"`).header('cache-control', 'no-store').send(await outlookPdf(o));
    },
  );
};

export default outlookRoutes;
