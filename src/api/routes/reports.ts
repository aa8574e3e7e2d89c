import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { sendCached } from '../cache.js';
import { buildPeakReport, buildStaffingReport } from '../../reports/export/build.js';
import { PEAK_LEVELS, STAFFING_LEVELS, type PeakLevel, type StaffingLevel } from '../../reports/export/csv.js';
import { REPORT_FORMATS, type ReportFile, type ReportFormat } from '../../reports/export/model.js';
import { partialParam, STAFFING_QUERY_SCHEMA, staffingParamsFromQuery, type StaffingQueryParams } from '../schemas/staffing.js';
import { requireRole } from '../auth.js';
import { significanceParams } from '../schemas/peaks.js';
import { checkRange, checkRangeLength, forecastRun, resolvePort } from '../lookup.js';
import { basisParam, dateParam, directionParam, errorSchema, formatParam, portParam, query, runParam } from '../schemas/params.js';

interface StaffingReportQuery extends StaffingQueryParams {
  port: string;
  from: string;
  to: string;
  format?: ReportFormat;
  direction?: 'arrival' | 'departure';
  basis?: 'mean' | 'hi80';
  run?: number;
  level?: StaffingLevel;
  percentile?: number;
  capacity?: number;
  partial?: boolean;
  bom?: boolean;
}

interface PeakReportQuery {
  port?: string;
  from: string;
  to: string;
  format?: ReportFormat;
  direction?: 'arrival' | 'departure';
  basis?: 'mean' | 'hi80';
  run?: number;
  percentile?: number;
  capacity?: number;
  level?: PeakLevel;
  bom?: boolean;
  partial?: boolean;
  all?: boolean;
  min_excess?: number;
}

/** Longest report one request may ask for: a quarter (a PDF of 92 days is already 20 pages). */
const MAX_DAYS = 92;

const common = {
  from: dateParam('First day'),
  to: dateParam('Last day'),
  format: { ...formatParam(REPORT_FORMATS), description: 'xlsx (default), pdf or csv.' },
  direction: directionParam,
  basis: basisParam,
  run: runParam,
  percentile: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'History percentile that makes a peak day; default 0.9.' },
  capacity: { type: 'number', exclusiveMinimum: 0, description: 'Travellers per day above which a day is a peak (instead of the history percentile).' },
  bom: { type: 'boolean', description: 'CSV only: start with a UTF-8 byte-order mark so Excel reads Chinese names right; default true, false drops it.' },
} as const;

// Built as values, not inline literals: `tags` and `summary` belong to the OpenAPI plugin's schema type.
const staffingSchema: FastifySchema & Record<string, unknown> = {
  tags: ['reports'],
  summary: 'Staffing report of one port (manager role): XLSX, PDF or CSV file.',
  querystring: query({
    port: portParam, ...common,
    ...STAFFING_QUERY_SCHEMA,
    level: { type: 'string', enum: [...STAFFING_LEVELS], description: 'CSV only: one row per shift and channel (default) or per slot and channel.' },
    partial: partialParam,
  }, ['port', 'from', 'to']),
  response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema },
};

const peaksSchema: FastifySchema & Record<string, unknown> = {
  tags: ['reports'],
  summary: 'Peak report (days and periods) of one port or all (manager role): XLSX, PDF or CSV file.',
  querystring: query({
    port: portParam, ...common,
    level: { type: 'string', enum: [...PEAK_LEVELS], description: 'CSV only: one row per peak day (default) or per period.' },
    partial: partialParam,
    ...significanceParams,
  }, ['from', 'to']),
  response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema },
};

/** Sends a report file as a download named by Content-Disposition. */
/**
 * A report built once per query and data generation (a write clears it), so the second download of the same
 * plan is served from memory; the role check runs before, on every request.
 */
async function sendReport(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, build: () => Promise<ReportFile>): Promise<FastifyReply> {
  const entry = await app.responseCache.get(`report\u0000${request.url}`, async () => {
    const file = await build();
    return { body: file.buffer, type: file.contentType, filename: file.filename };
  });
  return sendCached(request, reply, entry);
}

/** GET /api/reports/staffing and /api/reports/peaks: downloadable reports for managers. */
const reportRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: StaffingReportQuery }>(
    '/reports/staffing',
    { onRequest: async (request) => requireRole(app, request, 'manager'), schema: staffingSchema },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to) as { from: string; to: string };
      checkRangeLength(app, from, to, MAX_DAYS);
      const port = await resolvePort(app, q.port);
      const run = await forecastRun(app, q.run);
      return sendReport(app, request, reply, () => buildStaffingReport(app.readDb, {
        port, from, to, runId: run, format: q.format ?? 'xlsx',
        ...(q.direction ? { direction: q.direction } : {}),
        ...(q.basis ? { basis: q.basis } : {}),
        params: staffingParamsFromQuery(q),
        ...(q.level ? { level: q.level } : {}),
        ...(q.percentile !== undefined ? { percentile: q.percentile } : {}),
        ...(q.capacity !== undefined ? { capacity: q.capacity } : {}),
        ...(q.partial ? { partial: true } : {}),
        ...(q.bom === false ? { bom: false } : {}),
      }));
    },
  );

  app.get<{ Querystring: PeakReportQuery }>(
    '/reports/peaks',
    { onRequest: async (request) => requireRole(app, request, 'manager'), schema: peaksSchema },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to) as { from: string; to: string };
      checkRangeLength(app, from, to, MAX_DAYS);
      const port = q.port ? await resolvePort(app, q.port) : undefined;
      const run = await forecastRun(app, q.run);
      return sendReport(app, request, reply, () => buildPeakReport(app.readDb, {
        from, to, runId: run, format: q.format ?? 'xlsx',
        ...(port ? { port } : {}),
        ...(q.direction ? { direction: q.direction } : {}),
        ...(q.basis ? { basis: q.basis } : {}),
        ...(q.percentile !== undefined ? { percentile: q.percentile } : {}),
        ...(q.all ? { all: true } : {}),
        ...(q.min_excess !== undefined ? { minExcess: q.min_excess } : {}),
        ...(q.capacity !== undefined ? { capacity: q.capacity } : {}),
        ...(q.level ? { level: q.level } : {}),
        ...(q.bom === false ? { bom: false } : {}),
        ...(q.partial ? { partial: true } : {}),
      }));
    },
  );
};

export default reportRoutes;
