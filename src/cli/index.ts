import { Command, CommanderError } from 'commander';
import { dbOption, wholeNumber } from './options.js';
import { loadConfig } from '../config.js';
import { diskFullError } from '../store/db.js';
import { CrossingsError } from '../messages.js';
import { registerIngestCommands } from './ingest.js';
import { stdIo, type Io } from './options.js';
import { registerModelCommands } from './models.js';
import { registerReportCommands } from './reports.js';
import { registerHoursCommands } from './hours.js';
import { registerOutlookCommands } from './outlook.js';
import { registerCapacityCommands } from './capacity.js';
import { registerShiftsCommands } from './shifts.js';
import { registerSqlCommands } from './sql.js';
import { registerEventsCommands } from './events.js';


/** Builds the `crossings` command. Exit codes: 0 ok, 1 rows rejected, 2 refused or failed. */
export function buildProgram(io: Io = stdIo, setExit: (code: number) => void = () => undefined): Command {
  const program = new Command('crossings')
    .description('Forecast border-crossing flows and turn them into staffing plans.')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  registerIngestCommands(program, io, setExit);
  registerModelCommands(program, io.out);
  registerReportCommands(program, io.out);
  registerHoursCommands(program, io.out);
  registerOutlookCommands(program, io.out);
  registerCapacityCommands(program, io.out);
  registerShiftsCommands(program, io.out);
  registerSqlCommands(program, io.out);
  registerEventsCommands(program, io.out);

  program
    .command('serve')
    .description('Serve the API and dashboard (loads data/sample into an empty database).')
    .addOption(dbOption())
    .option('--host <host>', 'address to listen on')
    .option('--port <port>', 'TCP port', wholeNumber('port', 0))
    .action(async (opts: { db: string; host?: string; port?: number }) => {
      const { closeOnSignals, startServer } = await import('../api/server.js');
      const config = loadConfig();
      closeOnSignals(await startServer({ ...config, db: opts.db, host: opts.host ?? config.host, port: opts.port ?? config.port }));
      await new Promise(() => undefined); // serve until SIGINT or SIGTERM
    });

  return program;
}

/** Runs the command line; returns the process exit code. */
export async function main(argv: string[], io: Io = stdIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = Math.max(code, c)));
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const known = err instanceof CrossingsError ? err : diskFullError(err);
    if (known) {
      io.err(known.message);
      return known.exitCode;
    }
    io.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 2;
  }
}
