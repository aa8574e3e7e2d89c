import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { messages, staffingMessages } from '../../messages.js';
import { slotRequirements } from '../../reports/staffing/roster.js';
import { loadShiftTemplate, resetShiftTemplate, setShiftTemplate, shiftTimes } from '../../reports/staffing/shifts.js';
import type { Shift } from '../../reports/staffing/params.js';
import { loadStaffingPlan } from '../../reports/staffing/load.js';
import { assertDailyPort } from '../../reports/forecastDays.js';
import { partialParam, STAFFING_QUERY_SCHEMA, staffingParamsFromQuery, type StaffingQueryParams } from '../schemas/staffing.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { checkRange, checkRangeLength, forecastRun, resolvePort, runRange } from '../lookup.js';
import { basisParam, categoryParam, dateParam, directionParam, modelParam, portParam, query, runParam, type RunSelectionQuery } from '../schemas/params.js';
import { addDays } from '../../isoDays.js';
import { hoursRows, listPortHours, loadPortHours, setPortHours } from '../../reports/staffing/hours.js';
import { loadPortCapacity, setPortCapacity, type CapacityRow } from '../../reports/staffing/capacity.js';
import { GROUPS, listGroupTargets, setGroupTargets, type TravellerGroup } from '../../reports/staffing/targets.js';
import { CHANNELS } from '../../reports/staffing/params.js';

interface StaffingQuery extends StaffingQueryParams, RunSelectionQuery {
  port: string;
  detail?: 'shifts' | 'slots';
  slots?: boolean;
  partial?: boolean;
}

/** Longest plan one request may ask for: a quarter. */
const MAX_DAYS = 92;

/** GET /api/staffing: positions and officers per shift (and per slot on request) for one port from a forecast run. */
const staffingRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: StaffingQuery }>(
    '/staffing',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Staffing plan of one port: positions per channel and officers per shift, from the forecast and a queueing model.',
        querystring: query(
          {
            port: portParam, direction: directionParam, category: categoryParam,
            from: dateParam('First day; default the run\'s first forecast day'), to: dateParam('Last day; default 14 days from "from"'),
            run: runParam, model: modelParam, basis: basisParam,
            ...STAFFING_QUERY_SCHEMA,
            detail: { type: 'string', enum: ['shifts', 'slots'], description: 'slots adds the per-slot rows of every channel and traveller group (large); default shifts.' },
            slots: { type: 'boolean', description: 'Add the half-hour requirement curve: slots [{date, start, shift, direction, channel, arrivals, positions, officers}]; not with detail=slots.' },
            partial: partialParam,
          },
          ['port'],
        ),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const range = checkRange(app, q.from, q.to);
      if (range.from && range.to) checkRangeLength(app, range.from, range.to, MAX_DAYS);
      if (q.slots && q.detail === 'slots') throw app.httpErrors.badRequest(messages.slotsTwice());
      const params = staffingParamsFromQuery(q);
      const key = `staffing\u0000${JSON.stringify([q.run, q.port, q.direction, q.category, range.from, range.to, q.model, q.basis, q.detail, q.slots, q.partial, params])}`;
      const entry = await app.responseCache.get(key, async () => {
        const run = await forecastRun(app, q.run);
        const port = await resolvePort(app, q.port);
        // Before the forecast lookup, which would only say that a monthly port has no `total` series.
        await assertDailyPort(app.readDb, port, staffingMessages.monthlyPort);
        const { first, last } = await runRange(app, run, { port, ...(q.category ? { category: q.category } : {}) });
        const from = range.from ?? (range.to && range.to < first ? range.to : first);
        const to = range.to ?? minDate(addDays(from, 13), last < from ? from : last);
        checkRangeLength(app, from, to, MAX_DAYS);
        const plan = await loadStaffingPlan(app.readDb, {
          port, from, to, runId: run,
          ...(q.direction ? { direction: q.direction } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.model ? { model: q.model } : {}),
          ...(q.basis ? { basis: q.basis } : {}),
          ...(q.partial ? { partial: true } : {}),
          params,
        });
        return {
          body: {
            run_id: plan.runId, port_id: port, from: plan.coverage.from, to: plan.coverage.to, coverage: plan.coverage, basis: plan.basis, params: plan.params,
            capacity: plan.capacity, targets: plan.targets, resident_share_source: plan.residentShareSource, shift_template: plan.shiftTemplate,
            shifts: plan.shifts, officers: plan.officers,
            ...(q.detail === 'slots' ? { slots: plan.slots } : q.slots ? { slots: slotRequirements(plan.slots) } : {}),
          },
        };
      });
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: { port: string; from?: string } }>(
    '/port-hours',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Opening hours a staffing plan of the port uses: the usual hours and dated exceptions, with sources.',
        querystring: query({ port: portParam, from: dateParam('Exceptions from this day on') }, ['port']),
      },
    },
    async (request) => {
      const port = await resolvePort(app, request.query.port);
      const from = checkRange(app, request.query.from, undefined).from;
      return { port_id: port, hours: await listPortHours(app.readDb, port, from) };
    },
  );

  app.put<{ Body: { port: string; opens: string; closes: string; date?: string; from?: string; to?: string; source?: string } }>(
    '/port-hours',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Set a port\'s usual opening hours, or (with date or from/to) its hours on those days (admin).',
        body: {
          type: 'object', additionalProperties: false, required: ['port', 'opens', 'closes'],
          properties: {
            port: { type: 'string', minLength: 1, maxLength: 200 },
            opens: { type: 'string', pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM' },
            closes: { type: 'string', pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM; 24:00 is midnight; earlier than opens means the next day' },
            date: { type: 'string', description: 'One day (YYYY-MM-DD)' },
            from: { type: 'string', description: 'First day of an exception' },
            to: { type: 'string', description: 'Last day of an exception' },
            source: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const b = request.body;
      const port = await resolvePort(app, b.port);
      const range = checkRange(app, b.date ?? b.from, b.date ?? b.to);
      if (range.from && range.to) checkRangeLength(app, range.from, range.to, 366);
      const rows = hoursRows(port, { opens: b.opens, closes: b.closes, source: b.source ?? 'PUT /api/port-hours' }, range.from, range.to);
      const stored = await app.writeJob((db) => setPortHours(db, rows));
      return { port_id: port, rows: stored, hours: await listPortHours(app.readDb, port, range.from) };
    },
  );

  app.get<{ Querystring: { port: string } }>(
    '/port-capacity',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Installed positions per direction and channel a staffing plan of the port is capped at, with the source of each figure.',
        querystring: query({ port: portParam }, ['port']),
      },
    },
    async (request) => {
      const port = await resolvePort(app, request.query.port);
      return { port_id: port, capacity: await loadPortCapacity(app.readDb, port) };
    },
  );

  app.put<{ Body: { port: string; channel: CapacityRow['channel']; positions: number; direction?: string; source?: string } }>(
    '/port-capacity',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Set the installed positions of one channel of a port, in one direction or both (admin).',
        body: {
          type: 'object', additionalProperties: false, required: ['port', 'channel', 'positions'],
          properties: {
            port: { type: 'string', minLength: 1, maxLength: 200 },
            channel: { type: 'string', enum: [...CHANNELS] },
            positions: { type: 'integer', minimum: 0, maximum: 10000 },
            direction: { type: 'string', enum: ['arrival', 'departure', 'both'], description: 'Default both' },
            source: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const b = request.body;
      const port = await resolvePort(app, b.port);
      const row: CapacityRow = { port_id: port, channel: b.channel, positions: b.positions, direction: b.direction ?? 'both', source: b.source ?? 'PUT /api/port-capacity', estimate: false };
      const stored = await app.writeJob((db) => setPortCapacity(db, [row]));
      return { port_id: port, rows: stored.length, capacity: await loadPortCapacity(app.readDb, port) };
    },
  );

  app.get<{ Querystring: { port: string } }>(
    '/port-shifts',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'The shift template a staffing plan of the port uses: each shift\'s times and hours, and where the template comes from.',
        querystring: query({ port: portParam }, ['port']),
      },
    },
    async (request) => shiftsReply(app, await resolvePort(app, request.query.port)),
  );

  app.put<{ Body: { port: string; shifts?: Shift[]; reset?: boolean; source?: string } }>(
    '/port-shifts',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Set a port\'s shift template (a name given twice: a split shift), or reset it to the default for its opening hours (admin).',
        body: {
          type: 'object', additionalProperties: false, required: ['port'],
          properties: {
            port: { type: 'string', minLength: 1, maxLength: 200 },
            shifts: {
              type: 'array', minItems: 1, maxItems: 48,
              items: {
                type: 'object', additionalProperties: false, required: ['name', 'start', 'hours'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 50 },
                  start: { type: 'string', pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM, on a 30-minute boundary' },
                  hours: { type: 'number', exclusiveMinimum: 0, maximum: 24, description: 'Length in hours, whole half-hours' },
                },
              },
            },
            reset: { type: 'boolean', description: 'Remove the port\'s template: plans use the default for its opening hours' },
            source: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const b = request.body;
      const port = await resolvePort(app, b.port);
      if (b.reset === true) await app.writeJob((db) => resetShiftTemplate(db, port));
      else if (b.shifts) {
        const shifts = b.shifts;
        await app.writeJob((db) => setShiftTemplate(db, port, shifts, b.source ?? 'PUT /api/port-shifts'));
      } else throw app.httpErrors.badRequest(messages.shiftsOrReset());
      return shiftsReply(app, port);
    },
  );

  app.get<{ Querystring: { port: string } }>(
    '/staffing-targets',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'The service target of residents and of visitors at a port (default: the Immigration Department pledge), with sources.',
        querystring: query({ port: portParam }, ['port']),
      },
    },
    async (request) => {
      const port = await resolvePort(app, request.query.port);
      return { port_id: port, targets: await listGroupTargets(app.readDb, port) };
    },
  );

  app.put<{ Body: { port: string; group: TravellerGroup; wait_minutes: number; share: number; source?: string } }>(
    '/staffing-targets',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['peaks and staffing'],
        summary: 'Set the service target of one traveller group at a port (admin).',
        body: {
          type: 'object', additionalProperties: false, required: ['port', 'group', 'wait_minutes', 'share'],
          properties: {
            port: { type: 'string', minLength: 1, maxLength: 200 },
            group: { type: 'string', enum: [...GROUPS] },
            wait_minutes: { type: 'number', minimum: 0, maximum: 1440 },
            share: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
            source: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const b = request.body;
      const port = await resolvePort(app, b.port);
      await app.writeJob((db) => setGroupTargets(db, [{ port_id: port, group: b.group, targetWaitMinutes: b.wait_minutes, targetShare: b.share, source: b.source ?? 'PUT /api/staffing-targets' }]));
      return { port_id: port, targets: await listGroupTargets(app.readDb, port) };
    },
  );
};

const minDate = (a: string, b: string) => (a < b ? a : b);

/** A port's shift template as the port-shifts routes answer it. */
async function shiftsReply(app: FastifyInstance, port: string) {
  const [hours] = await loadPortHours(app.readDb, [port]);
  const t = await loadShiftTemplate(app.readDb, port, hours?.usual);
  return { port_id: port, source: t.source, stored: t.stored, shifts: shiftTimes(t.shifts) };
}

export default staffingRoutes;
