/** `crossings ingest`, `runs`, `ports` and `calendar`: loading files and keeping the registry. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { dbOption, wholeNumber, type Io } from './options.js';
import { clientApiKey } from '../config.js';
import { all } from '../store/db.js';
import { withDatabase } from '../store/open.js';
import { seedCalendars } from '../store/calendars.js';
import { importCalendar } from '../ingest/calendar.js';
import { FORMATS } from '../ingest/formats.js';
import { formatSummary, ingestFile, type IngestSummary } from '../ingest/ingestFile.js';
import { aliasPort } from '../ingest/ports.js';
import { unaliasPort } from '../ingest/renames.js';
import { terminalProgress } from '../ingest/progress.js';
import { formatRun, listRuns, undoRun } from '../ingest/runs.js';
import { CrossingsError, messages } from '../messages.js';
import { ingestFiles, stoppedListError } from '../jobs/ingest.js';

/** Adds the loading and registry commands; `setExit` raises the exit code (1 when rows were rejected). */
export function registerIngestCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('ingest')
    .description('Load source files into the database (one transaction per file).')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'source format').choices(Object.keys(FORMATS)).makeOptionMandatory())
    .option('--max-rejects <n>', 'refuse a whole file when more rows than this are rejected', wholeNumber('max-rejects', 0))
    .addOption(new Option('--freq <freq>', 'frequency of a long file without hours').choices(['day', 'month']))
    .option('--server <url>', 'send the files to a running crossings server instead of opening the database')
    .option('--no-auto-alias', 'do not take a new port name that continues a stopped port as its rename; list the likely match instead')
    .argument('<files...>', 'files to load')
    .action(async (files: string[], opts: { db: string; format: string; maxRejects?: number; freq?: 'day' | 'month'; server?: string; autoAlias: boolean }) => {
      const load = opts.server
        ? (file: string) => ingestViaServer(opts.server!, file, opts)
        : undefined;
      const result = load
        ? await ingestFiles(files, load)
        : await withDatabase(opts.db, (db) => ingestFiles(files, (file) => ingestFile(db, file, { ...opts, progress: terminalProgress(basename(file)) })));
      printSummaries(result.summaries);
      if (result.stop) throw stoppedListError(files, result);
    });

  function printSummaries(summaries: readonly IngestSummary[]): void {
      for (const s of summaries) {
        io.out(formatSummary(s));
        for (const r of s.rejects) io.err(`  line ${r.line ?? '?'}: ${r.reason}${r.raw ? `  | ${r.raw}` : ''}`);
        if (s.rowsRejected > s.rejects.length) io.err(`  … ${s.rowsRejected - s.rejects.length} more in table ingest_rejects (run ${s.runId})`);
      }
      if (summaries.some((s) => s.status === 'refused')) setExit(2);
      else if (summaries.some((s) => s.rowsRejected > 0)) setExit(1);
  }

  const runs = program.command('runs').description('Ingest runs: what each load did, and taking one back out.');
  runs
    .command('list')
    .description('Every ingest run, newest first: id, status, time, counts new / revised / unchanged / rejected, file.')
    .addOption(dbOption())
    .action(async (opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => {
        for (const r of await listRuns(db)) io.out(formatRun(r));
      });
    });
  runs
    .command('undo')
    .description('Take run ID back out in one transaction: delete its new counts, restore the values it revised.')
    .argument('<id>', 'ingest run id (see crossings runs list)', wholeNumber('id'))
    .addOption(dbOption())
    .action(async (id: number, opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => {
        const r = await undoRun(db, id);
        io.out(messages.runUndone(r.runId, r.deleted, r.restored));
      });
    });

  const ports = program.command('ports').description('The port registry.');
  ports
    .command('list')
    .addOption(dbOption())
    .action(async (opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => {
        const rows = await all(
          db,
          `select p.port_id, p.name, coalesce(p.name_zh, '') as name_zh, p.kind, coalesce(p.region, '') as region,
             (select count(*)::int from crossings c where c.port_id = p.port_id) as counts
           from ports p order by p.port_id`,
        );
        for (const r of rows) io.out([r['port_id'], r['name'], r['name_zh'], r['kind'], r['region'], r['counts']].join('\t'));
      });
    });
  ports
    .command('unalias')
    .description('Undo an automatic rename: NAME becomes its own port again, with its counts from its first day on.')
    .argument('<name>', 'the new name as the file spells it (the ingest summary gives the command)')
    .addOption(dbOption())
    .action(async (name: string, opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => {
        const r = await unaliasPort(db, name);
        io.out(`"${name}" is port ${r.port_id} again, with ${r.moved} counts from ${r.from}.`);
      });
    });
  ports
    .command('alias')
    .description('Make NEW_NAME (a source\'s new name) continue the series of the port now called OLD_NAME.')
    .argument('<new_name>')
    .argument('<old_name>')
    .addOption(dbOption())
    .action(async (newName: string, oldName: string, opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => {
        const { port_id, moved } = await aliasPort(db, newName, oldName);
        io.out(`"${newName}" now names ${port_id}${moved ? `; ${moved} counts moved to it` : ''}.`);
      });
    });

  const calendar = program.command('calendar').description('Holiday calendars.');
  calendar
    .command('import')
    .description('Import a region\'s days from a CSV with columns date, region, name[, kind].')
    .argument('<file>')
    .addOption(dbOption())
    .action(async (file: string, opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => {
        const r = await importCalendar(db, file);
        io.out(`${basename(file)}: ${r.days} days for ${r.regions.join(', ')}.`);
      });
    });
  calendar
    .command('seed')
    .description('Reload the built-in Hong Kong and mainland China calendars.')
    .addOption(dbOption())
    .action(async (opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => io.out(`${await seedCalendars(db)} calendar days loaded.`));
    });
}

async function ingestViaServer(server: string, file: string, opts: { format: string; maxRejects?: number; freq?: string; autoAlias?: boolean }): Promise<IngestSummary> {
  const url = new URL('/api/ingest', server);
  url.searchParams.set('format', opts.format);
  url.searchParams.set('filename', basename(file));
  if (opts.maxRejects !== undefined) url.searchParams.set('max_rejects', String(opts.maxRejects));
  if (opts.freq) url.searchParams.set('freq', opts.freq);
  if (opts.autoAlias === false) url.searchParams.set('auto_alias', 'false');
  const key = clientApiKey();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(key ? { 'x-api-key': key } : {}) },
    body: readFileSync(file),
  });
  const body = (await res.json()) as Partial<IngestSummary> & { message?: string };
  if (body.runId === undefined) throw new CrossingsError(`${server}: ${body.message ?? res.statusText}`);
  return { ...(body as IngestSummary), file };
}
