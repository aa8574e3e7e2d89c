import type { FastifyPluginAsync } from 'fastify';
import { storeEvents, type EventInput } from '../../ingest/events.js';
import { deleteEvents, listEvents, regionScope, scopeLabel, type EventScope } from '../../store/events.js';
import { messages } from '../../messages.js';
import { needs } from '../auth.js';
import { checkRange, resolvePort } from '../lookup.js';
import { dateParam, portParam, query } from '../schemas/params.js';
import { eventRowSchema, eventsBody } from '../schemas/events.js';

interface ListQuery {
  port?: string;
  from?: string;
  to?: string;
}

interface ClearQuery extends ListQuery {
  region?: string;
  all?: boolean;
}

/** Events known in advance (ship calls, large events, bookings): read them, send a list (admin), remove them (admin). */
const eventsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ListQuery }>(
    '/events',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['events'],
        summary: 'Stored events by date; with port, those that apply to it (its own and its region\'s).',
        querystring: query({ port: portParam, from: dateParam('First day'), to: dateParam('Last day') }),
        response: { 200: { type: 'object', properties: { events: { type: 'array', items: eventRowSchema } } } },
      },
    },
    async (request) => {
      const range = checkRange(app, request.query.from, request.query.to);
      const port_id = request.query.port === undefined ? undefined : await resolvePort(app, request.query.port);
      return { events: await listEvents(app.readDb, { ...range, ...(port_id ? { port_id } : {}) }) };
    },
  );

  app.post<{ Body: { events: EventInput[]; source?: string } }>(
    '/events',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['events'],
        summary: 'Store a list of events (admin): each port\'s events on the dates the list spans are replaced, so sending it twice changes nothing; one bad item refuses the list (422).',
        body: eventsBody,
      },
    },
    async (request) => {
      const { events, source } = request.body;
      const r = await app.writeJob((db) => storeEvents(db, events, (i) => `events[${i}]`, source ?? 'POST /api/events'));
      return { ...r, message: messages.eventsImported(r.events, r.scopes, r.replaced) };
    },
  );

  app.delete<{ Querystring: ClearQuery }>(
    '/events',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['events'],
        summary: 'Remove events (admin): a port\'s own (port), the region-wide ones of a region (region) or all (all=true), optionally from..to.',
        querystring: query({ port: portParam, region: { type: 'string', minLength: 1, maxLength: 50 }, all: { type: 'boolean' }, from: dateParam('First day'), to: dateParam('Last day') }),
      },
    },
    async (request) => {
      const q = request.query;
      if ([q.port, q.region, q.all || undefined].filter((x) => x !== undefined).length !== 1) throw app.httpErrors.badRequest(messages.eventsClearNeedsOne());
      const range = checkRange(app, q.from, q.to);
      const scope = await clearScope(q);
      const removed = await app.writeJob((db) => deleteEvents(db, scope, range.from, range.to));
      return { removed, message: messages.eventsCleared(removed, scope ? scopeLabel(scope) : '') };
    },
  );

  /** The scope port or region names; undefined for all. */
  async function clearScope(q: ClearQuery): Promise<EventScope | undefined> {
    if (q.port !== undefined) return { port_id: await resolvePort(app, q.port), region: null };
    return q.region !== undefined ? regionScope(app.readDb, q.region) : undefined;
  }
};

export default eventsRoutes;
