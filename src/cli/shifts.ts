/**
 * `crossings shifts list|set`: the shift template staffing plans of a port use (stored in shift_templates, else
 * the default fitted to the port's opening hours), in the style of `crossings hours` and `crossings capacity`.
 */
import { Command } from 'commander';
import { withDatabase } from '../store/open.js';
import { loadPortInfo } from '../reports/export/build.js';
import { loadPortHours } from '../reports/staffing/hours.js';
import { loadShiftTemplate, parseShiftSpec, resetShiftTemplate, setShiftTemplate, shiftTimes } from '../reports/staffing/shifts.js';
import { textTable } from '../reports/text.js';
import { dbOption, stdOut, type Out } from './options.js';
import type { Database } from '../store/db.js';
import { CrossingsError, staffingMessages as msg } from '../messages.js';

/** Adds `shifts list` and `shifts set` to the crossings program. */
export function registerShiftsCommands(program: Command, out: Out = stdOut): Command {
  const shifts = program.command('shifts').description('Shift templates per port: the start and length of each shift staffing plans roster.');
  shifts
    .command('list')
    .description('The shifts of a port with their times, and where the template comes from.')
    .argument('<port>', 'port id, name or alias')
    .addOption(dbOption())
    .action(async (name: string, o: { db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        out(await templateText(db, port.port_id));
      }, { readOnly: true });
    });
  shifts
    .command('set')
    .description('Set the shifts of a port, e.g. --shifts early=06:30-15:00,late=15:00-24:00 (a name given twice: a split shift), or --reset to the default.')
    .argument('<port>', 'port id, name or alias')
    .option('--shifts <list>', 'name=HH:MM-HH:MM, separated by commas; end 24:00 for midnight, earlier than the start for past midnight')
    .option('--reset', 'remove the port\'s template: plans use the default for its opening hours')
    .option('--source <text>', 'where the template comes from', 'crossings shifts set')
    .addOption(dbOption())
    .action(async (name: string, o: { shifts?: string; reset?: boolean; source: string; db: string }) => {
      if (!o.shifts === !o.reset) throw new CrossingsError(msg.shiftsSetNeedsOne());
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        if (o.shifts) await setShiftTemplate(db, port.port_id, parseShiftSpec(o.shifts), o.source);
        else await resetShiftTemplate(db, port.port_id);
        out(await templateText(db, port.port_id));
      });
    });
  return program;
}

async function templateText(db: Database, port: string): Promise<string> {
  const [hours] = await loadPortHours(db, [port]);
  const t = await loadShiftTemplate(db, port, hours?.usual);
  return `${port}: ${t.source}\n${textTable(['shift', 'times', 'hours'], shiftTimes(t.shifts).map((s) => [s.name, s.times, String(s.hours)]), new Set([2]))}`;
}
