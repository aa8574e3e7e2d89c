/** `crossings forecast`, `backtest` and `accuracy`: the forecasting jobs from the command line. */
import { Command } from 'commander';
import { forecastWorkers } from '../config.js';
import { modelMessages } from '../messages.js';
import { withDatabase } from '../store/open.js';
import { forecastAll, writeForecastCsv } from '../jobs/forecast.js';
import { backtestAll, type BacktestSummary, type ScoreRow } from '../jobs/backtest.js';
import { accuracy, type AccuracyReport, type AccuracyScores } from '../jobs/accuracy.js';
import { numberTable as table } from '../reports/text.js';
import { dbOption, stdOut, wholeNumber, type Out } from './options.js';

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** Plain-text tables of a backtest summary: per model, then per series. */
export function formatBacktestTable(summary: BacktestSummary): string {
  const head = ['model', 'MASE', 'WAPE %', 'sMAPE %', 'cov80', 'cov95', 'peak hit@3', 'n'];
  const line = (r: ScoreRow, label: string) => [label, f2(r.mase), f1(r.wape), f1(r.smape), f2(r.cov80), f2(r.cov95), f2(r.peakHit3), String(r.n)];
  const out = [
    `backtest run ${summary.runId}: horizon ${summary.horizon}, origins ${summary.origins.join(', ')} (${summary.seconds.toFixed(1)} s)`,
    '',
    table(head, summary.models.map((r) => line(r, r.model))),
    '',
    `engine choices: ${Object.entries(summary.chosen).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    table(['series', ...head], summary.series.map((r) => [`${r.port} ${r.direction} ${r.category}`, ...line(r, r.model)])),
  ];
  return out.join('\n');
}

/** Plain-text tables of an accuracy report. */
export function formatAccuracy(report: AccuracyReport): string {
  if (report.runs.length === 0) return modelMessages.noForecastsYet();
  const cols = (s: AccuracyScores) => [String(s.n), f1(s.mae), f1(s.wape), f2(s.cov80), f2(s.cov95)];
  return [
    table(['run', 'created', 'n', 'MAE', 'WAPE %', 'cov80', 'cov95'], report.runs.map((r) => [String(r.run_id), r.created_at, ...cols(r)])),
    '',
    table(['run', 'horizon (steps)', 'n', 'MAE', 'WAPE %', 'cov80', 'cov95'], report.horizons.map((r) => [String(r.run_id), r.horizon, ...cols(r)])),
    '',
    table(['run', 'series', 'n', 'MAE', 'WAPE %', 'cov80', 'cov95'], report.series.map((r) => [String(r.run_id), `${r.port} ${r.direction} ${r.category}`, ...cols(r)])),
  ].join('\n');
}




/** Adds `forecast`, `backtest` and `accuracy` to the crossings program (commander v14). */
export function registerModelCommands(program: Command, out: Out = stdOut): Command {
  program
    .command('forecast')
    .description('Fit and forecast every series from the period after its last date; store the run.')
    .addOption(dbOption())
    .requiredOption('--horizon <n>', 'periods ahead (days for daily series, months for monthly)', wholeNumber('horizon'))
    .option('--out <file>', 'also write the forecast as CSV')
    .action(async (opts: { db: string; horizon: number; out?: string }) => {
      await withDatabase(opts.db, async (db) => {
        const r = await forecastAll(db, { horizon: opts.horizon, workers: forecastWorkers() });
        if (opts.out) writeForecastCsv(r.rows, opts.out);
        const series = new Set(r.rows.map((x) => `${x.port_id}|${x.direction}|${x.category}`)).size;
        out(`forecast run ${r.runId}: ${series} series × ${opts.horizon} periods in ${r.seconds.toFixed(1)} s${opts.out ? `, written to ${opts.out}` : ''}`);
        if (r.projectedHolidaysFrom) out(modelMessages.projectedHolidays(r.projectedHolidaysFrom));
        for (const line of r.statusLines) out(`Note: ${line}.`);
      });
    });
  program
    .command('backtest')
    .description('Rolling-origin backtest of the engine and seasonal naive; prints MASE, WAPE, sMAPE, coverage and peak hit@3.')
    .addOption(dbOption())
    .requiredOption('--horizon <n>', 'periods ahead', wholeNumber('horizon'))
    .requiredOption('--origins <dates>', 'comma-separated origins YYYY-MM-DD (last day of training data)')
    .action(async (opts: { db: string; horizon: number; origins: string }) => {
      const origins = opts.origins.split(',').map((s) => s.trim()).filter(Boolean);
      await withDatabase(opts.db, async (db) => out(formatBacktestTable(await backtestAll(db, { horizon: opts.horizon, origins, workers: forecastWorkers() }))));
    });
  program
    .command('accuracy')
    .description('How stored forecasts did against the actuals loaded since.')
    .addOption(dbOption())
    .action(async (opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => out(formatAccuracy(await accuracy(db))), { readOnly: true });
    });
  return program;
}
