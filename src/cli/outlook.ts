/**
 * `crossings outlook`: the holiday outlook of a period or a named holiday, printed and stored (so it can be
 * scored later); `crossings outlook list`: the stored ones with their scores once the actuals are in.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { outlookPdf } from '../reports/outlookPdf.js';
import { dateArg, dbOption, stdOut, wholeNumber, type Out } from './options.js';
import { withDatabase } from '../store/open.js';
import { outlookMessages as msg } from '../messages.js';
import { LANGS, loadOutlook, outlookOptions, type Lang, type LoadOutlookOptions, type OutlookAsk } from '../reports/outlook.js';
import { listOutlooks, storeOutlook } from '../reports/outlookStore.js';
import { formatOutlook, formatOutlookList } from '../reports/outlookText.js';
import { fetchServer, localOrServer } from '../store/serverFile.js';
import type { Outlook } from '../reports/outlook.js';

interface OutlookOpts extends OutlookAsk {
  db: string;
  country: string;
  lang: Lang;
  json?: boolean;
  store: boolean;
  server?: string;
  pdf?: string;
}

/** Adds `outlook` and `outlook list` to the crossings program. */
export function registerOutlookCommands(program: Command, out: Out = stdOut): Command {
  const outlook = program
    .command('outlook')
    .description('Holiday outlook: total trips through all control points over a period, by land / sea / air, the peak day per direction and the five busiest control points, with 80% and 95% intervals; stored for scoring.')
    .addOption(dbOption())
    .option('--from <date>', 'first day, YYYY-MM-DD', dateArg('from'))
    .option('--to <date>', 'last day, YYYY-MM-DD', dateArg('to'))
    .option('--holiday <name>', 'a holiday of the calendar, in English or Chinese ("Lunar New Year", 春节, 農曆新年)')
    .option('--year <year>', 'the year the holiday starts in', wholeNumber('year'))
    .option('--region <region>', 'only the holiday blocks of this calendar region (HK, CN)')
    .option('--run <id>', 'forecast run (default the latest)', wholeNumber('run'))
    .option('--country <code>', 'control points of this country', 'HK')
    .option('--partial', 'when the dates go beyond the forecast, give the covered part (and say so) instead of refusing')
    .addOption(new Option('--lang <lang>', 'label language').choices(LANGS).default('en'))
    .option('--json', 'print the figures as JSON (as GET /api/outlook answers)')
    .option('--no-store', 'do not keep this outlook in the outlooks table')
    .option('--pdf <file>', 'also write the outlook as a PDF page (English and Traditional Chinese)')
    .option('--server <url>', 'ask a running crossings server (found by itself when the server holds the file); not stored then')
    .action(async (o: OutlookOpts) => {
      const { result, id } = await localOrServer(o.db, o.server,
        () => withDatabase(o.db, async (db) => {
          const result = await loadOutlook(db, outlookOptions(o));
          return { result, id: o.store ? await storeOutlook(db, result) : undefined };
        }),
        async (url) => ({ result: await outlookFromServer(url, outlookOptions(o)), id: undefined }));
      out(o.json ? JSON.stringify(result, null, 2) : formatOutlook(result, o.lang));
      if (o.pdf) {
        const pdf = await outlookPdf(result);
        writeFileSync(o.pdf, pdf);
        if (!o.json) out(`${o.pdf}: ${pdf.length.toLocaleString('en-US')} bytes (application/pdf).`);
      }
      if (!o.json && o.store) out(id !== undefined ? msg.stored(id) : msg.notStored());
    });
  outlook
    .command('list')
    .description('Stored outlooks, newest first, scored against the actuals where their period is loaded (takes outlook\'s --db).')
    .action(async () => {
      // `outlook` owns --db: commander gives a parent's options to the parent wherever they stand.
      const { db: path } = outlook.opts<{ db: string }>();
      await withDatabase(path, async (db) => out(formatOutlookList(await listOutlooks(db))), { readOnly: true });
    });
  return program;
}

/** GET /api/outlook of a running server: the same figures, computed there (a GET stores nothing). */
async function outlookFromServer(server: string, o: LoadOutlookOptions): Promise<Outlook> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ from: o.from, to: o.to, holiday: o.holiday, year: o.year, region: o.region, run: o.runId, country: o.country, partial: o.partial })) {
    if (v !== undefined) q.set(k, String(v));
  }
  return (await (await fetchServer(server, `/api/outlook?${q}`)).json()) as Outlook;
}
