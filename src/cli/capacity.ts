/**
 * `crossings capacity list|set|import|estimate` and `crossings targets list|set`: the installed positions staffing
 * plans are capped at, and the service target of each traveller group, per port (bundled defaults refined by
 * the port_capacity and staffing_targets tables), in the style of `crossings hours`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { withDatabase } from '../store/open.js';
import { loadPortInfo } from '../reports/export/build.js';
import { checkDate } from '../reports/export/model.js';
import { loadPortCapacity, parseCapacityCsv, setPortCapacity, type CapacityRow } from '../reports/staffing/capacity.js';
import { estimateCapacity } from '../reports/staffing/estimate.js';
import { checkGroup, listGroupTargets, setGroupTargets } from '../reports/staffing/targets.js';
import { textTable } from '../reports/text.js';
import { dbOption, stdOut, type Out } from './options.js';

/** Adds `capacity ...` and `targets ...` to the crossings program. */
export function registerCapacityCommands(program: Command, out: Out = stdOut): Command {
  const capacity = program.command('capacity').description('Installed counters, e-gates and priority lanes per port: staffing plans never open more, and report the shortfall.');
  capacity
    .command('list')
    .description('The installed positions of a port per direction and channel, with the source of each figure.')
    .argument('<port>', 'port id, name or alias')
    .addOption(dbOption())
    .action(async (name: string, o: { db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        const rows = await loadPortCapacity(db, port.port_id);
        out(rows.length === 0 ? `${port.port_id}: no capacity known; plans are not capped. Set it with crossings capacity set.` : capacityTable(rows));
      }, { readOnly: true });
    });
  capacity
    .command('set')
    .description('Set the installed positions of one channel of a port (both directions unless --direction).')
    .argument('<port>', 'port id, name or alias')
    .requiredOption('--channel <channel>', 'egate, counter or priority')
    .requiredOption('--positions <n>', 'installed positions in each direction', (v) => Number(v))
    .option('--direction <direction>', 'arrival, departure or both', 'both')
    .option('--source <text>', 'where the figure comes from', 'crossings capacity set')
    .addOption(dbOption())
    .action(async (name: string, o: { channel: string; positions: number; direction: string; source: string; db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        const rows = await setPortCapacity(db, [{ port_id: port.port_id, direction: o.direction, channel: o.channel as CapacityRow['channel'], positions: o.positions, source: o.source, estimate: false }]);
        out(`${port.port_id}: ${o.channel} ${o.positions} in ${rows.map((r) => r.direction).join(' and ')} (${rows.length} row${rows.length === 1 ? '' : 's'}).`);
      });
    });
  capacity
    .command('import')
    .description('Import capacity from a CSV: port, direction (arrival, departure or both), channel, positions, source.')
    .argument('<file>')
    .addOption(dbOption())
    .action(async (file: string, o: { db: string }) => {
      await withDatabase(o.db, async (db) => {
        const rows = await parseCapacityCsv(readFileSync(file, 'utf8'), async (n) => (await loadPortInfo(db, n)).port_id, basename(file));
        await setPortCapacity(db, rows);
        out(`${basename(file)}: ${rows.length} capacity rows for ${[...new Set(rows.map((r) => r.port_id))].join(', ')}.`);
      });
    });
  capacity
    .command('estimate')
    .description('The most positions each channel needed in any slot of the port\'s history (uncapped plan of what crossed): a floor for an unpublished capacity.')
    .argument('<port>', 'port id, name or alias')
    .option('--from <date>', 'first day of history to plan')
    .option('--to <date>', 'last day of history to plan')
    .addOption(dbOption())
    .action(async (name: string, o: { from?: string; to?: string; db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        const rows = await estimateCapacity(db, port.port_id, { ...(o.from ? { from: checkDate('from', o.from) } : {}), ...(o.to ? { to: checkDate('to', o.to) } : {}) });
        out(textTable(['direction', 'channel', 'positions', 'busiest slot', 'history'],
          rows.map((r) => [r.direction, r.channel, String(r.positions), `${r.date} ${r.start}`, `${r.from}..${r.to}`]), new Set([2])));
      }, { readOnly: true });
    });

  const targets = program.command('targets').description('Service targets of residents and visitors per port (default: the Immigration Department pledge).');
  targets
    .command('list')
    .description('The target each traveller group\'s lines are sized for at a port, with its source.')
    .argument('<port>', 'port id, name or alias')
    .addOption(dbOption())
    .action(async (name: string, o: { db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        const rows = await listGroupTargets(db, port.port_id);
        out(textTable(['group', 'target', 'source'], rows.map((r) => [r.group, `${Math.round(r.targetShare * 1000) / 10}% within ${r.targetWaitMinutes} min`, r.source])));
      }, { readOnly: true });
    });
  targets
    .command('set')
    .description('Set the target of one traveller group at a port.')
    .argument('<port>', 'port id, name or alias')
    .requiredOption('--group <group>', 'residents or visitors')
    .requiredOption('--wait <minutes>', 'target wait in minutes', (v) => Number(v))
    .requiredOption('--share <share>', 'share within the wait, e.g. 0.98', (v) => Number(v))
    .option('--source <text>', 'where the target comes from', 'crossings targets set')
    .addOption(dbOption())
    .action(async (name: string, o: { group: string; wait: number; share: number; source: string; db: string }) => {
      await withDatabase(o.db, async (db) => {
        const port = await loadPortInfo(db, name);
        await setGroupTargets(db, [{ port_id: port.port_id, group: checkGroup(o.group), targetWaitMinutes: o.wait, targetShare: o.share, source: o.source }]);
        out(`${port.port_id}: ${o.group} ${Math.round(o.share * 1000) / 10}% within ${o.wait} min.`);
      });
    });
  return program;
}

function capacityTable(rows: readonly CapacityRow[]): string {
  return textTable(['direction', 'channel', 'positions', 'source'], rows.map((r) => [r.direction, r.channel, String(r.positions), `${r.estimate ? 'estimate: ' : ''}${r.source}`]), new Set([2]));
}
