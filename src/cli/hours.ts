/**
 * `crossings hours list|set|import`: the opening hours staffing plans use (bundled defaults, refined by the
 * port_hours table), with dated exceptions for holiday nights.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { withDatabase } from '../store/open.js';
import { loadPortInfo } from '../reports/export/build.js';
import { checkDate } from '../reports/export/model.js';
import { hoursRows, listPortHours, parseHoursCsv, setPortHours } from '../reports/staffing/hours.js';
import { textTable } from '../reports/text.js';
import { dbOption, stdOut, type Out } from './options.js';

/** Adds `hours list`, `hours set` and `hours import` to the crossings program. */
export function registerHoursCommands(program: Command, out: Out = stdOut): Command {
  const hours = program.command('hours').description('Opening hours of control points, used by staffing plans (no staff, no travellers when closed).');
  hours
    .command('list')
    .description('The usual hours of a port and its dated exceptions, with their sources.')
    .requiredOption('--port <port>', 'port id, name or alias')
    .option('--from <date>', 'exceptions from this day on')
    .addOption(dbOption())
    .action(async (o: { port: string; from?: string; db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, o.port);
        const rows = await listPortHours(db, port.port_id, o.from ? checkDate('from', o.from) : undefined);
        out(textTable(['date', 'hours', 'source'], rows.map((r) => [r.date ?? 'usual', r.hours, r.source])));
      }, { readOnly: true });
    });
  hours
    .command('set')
    .description('Set the usual hours of a port, or (with --date or --from/--to) the hours on those days.')
    .requiredOption('--port <port>', 'port id, name or alias')
    .requiredOption('--opens <HH:MM>', 'opening time')
    .requiredOption('--closes <HH:MM>', 'closing time (24:00 for midnight; earlier than opening means the next day)')
    .option('--date <date>', 'one day (an exception)')
    .option('--from <date>', 'first day of an exception')
    .option('--to <date>', 'last day of an exception')
    .option('--source <text>', 'where the hours come from', 'crossings hours set')
    .addOption(dbOption())
    .action(async (o: { port: string; opens: string; closes: string; date?: string; from?: string; to?: string; source: string; db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, o.port);
        const from = o.date ?? o.from;
        const to = o.date ?? o.to;
        const rows = hoursRows(port.port_id, { opens: o.opens, closes: o.closes, source: o.source },
          from ? checkDate('from', from) : undefined, to ? checkDate('to', to) : undefined);
        await setPortHours(db, rows);
        out(`${port.port_id}: ${o.opens}–${o.closes} ${from ? (from === to ? `on ${from}` : `from ${from} to ${to}`) : 'usually'} (${rows.length} row${rows.length === 1 ? '' : 's'}).`);
      });
    });
  hours
    .command('import')
    .description('Import hours from a CSV: port, opens, closes, and date or from/to for exceptions, source.')
    .argument('<file>')
    .addOption(dbOption())
    .action(async (file: string, o: { db: string }) => {
      await withDatabase(o.db, async (db) => {
        const rows = await parseHoursCsv(readFileSync(file, 'utf8'), async (name) => (await loadPortInfo(db, name)).port_id, basename(file));
        await setPortHours(db, rows);
        out(`${basename(file)}: ${rows.length} hours rows for ${[...new Set(rows.map((r) => r.port_id))].join(', ')}.`);
      });
    });
  return program;
}
