/**
 * `crossings events import|list|clear`: events known in advance (ship calls with their capacity, large events,
 * bookings) that the calendar regression takes as regressors of their port's series.
 */
import { basename } from 'node:path';
import { Command } from 'commander';
import { withDatabase } from '../store/open.js';
import type { Database } from '../store/db.js';
import { deleteEvents, listEvents, regionScope, scopeLabel, scopeOf, type EventScope } from '../store/events.js';
import { importEvents } from '../ingest/events.js';
import { requirePort } from '../store/lookups.js';
import { textTable } from '../reports/text.js';
import { CrossingsError, messages } from '../messages.js';
import { dateArg, dbOption, stdOut, type Out } from './options.js';

interface ClearOptions {
  db: string;
  port?: string;
  region?: string;
  all?: boolean;
  from?: string;
  to?: string;
}

/** Adds `events import`, `events list` and `events clear` to the crossings program. */
export function registerEventsCommands(program: Command, out: Out = stdOut): Command {
  const events = program.command('events').description('Events known in advance (ship calls, large events, bookings): regressors of their port\'s forecasts.');
  events
    .command('import')
    .description('Import a CSV with columns date, port, name, kind[, volume][, region]; port empty: a region-wide event. Replaces each port\'s events on the dates the file spans.')
    .argument('<file>')
    .addOption(dbOption())
    .action(async (file: string, o: { db: string }) => {
      await withDatabase(o.db, async (db) => {
        const r = await importEvents(db, file);
        out(`${basename(file)}: ${messages.eventsImported(r.events, r.scopes, r.replaced)}`);
      });
    });
  events
    .command('list')
    .description('The stored events by date; with --port, those that apply to that port (its own and its region\'s).')
    .option('--port <port>', 'port id, name or alias')
    .option('--from <date>', 'first day', dateArg('from'))
    .option('--to <date>', 'last day', dateArg('to'))
    .addOption(dbOption())
    .action(async (o: { db: string; port?: string; from?: string; to?: string }) => {
      await withDatabase(o.db, async (db) => {
        const port_id = o.port === undefined ? undefined : await requirePort(db, o.port);
        const rows = await listEvents(db, { ...(port_id ? { port_id } : {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) });
        const cells = rows.map((r) => [r.date, scopeLabel(scopeOf(r)), r.name, r.kind, r.volume === null ? '' : String(r.volume), r.source]);
        out(rows.length ? textTable(['date', 'port', 'name', 'kind', 'volume', 'source'], cells, new Set([4])) : 'No events.');
      }, { readOnly: true });
    });
  events
    .command('clear')
    .description('Remove events: a port\'s own (--port), a region\'s region-wide ones (--region) or all (--all), optionally only --from..--to.')
    .option('--port <port>', 'port id, name or alias')
    .option('--region <region>', 'region of region-wide events, e.g. HK')
    .option('--all', 'every event')
    .option('--from <date>', 'first day', dateArg('from'))
    .option('--to <date>', 'last day', dateArg('to'))
    .addOption(dbOption())
    .action(async (o: ClearOptions) => {
      if ([o.port, o.region, o.all].filter((x) => x !== undefined).length !== 1) throw new CrossingsError(messages.eventsClearNeedsOne(), 'invalid');
      await withDatabase(o.db, async (db) => {
        const scope = await clearScope(db, o);
        const n = await deleteEvents(db, scope, o.from, o.to);
        out(messages.eventsCleared(n, scope ? scopeLabel(scope) : ''));
      });
    });
  return program;
}

/** The scope --port or --region names; undefined for --all. */
async function clearScope(db: Database, o: ClearOptions): Promise<EventScope | undefined> {
  if (o.port !== undefined) return { port_id: await requirePort(db, o.port), region: null };
  return o.region !== undefined ? regionScope(db, o.region) : undefined;
}
