/** What every command shares: the --db option, the output line writer, and the parsers of option values. */
import { InvalidArgumentError, Option } from 'commander';
import { defaultDbPath } from '../config.js';
import { isCalendarDate } from '../isoDays.js';
import { exportMessages } from '../messages.js';

/** Writes one line of a command's output; tests pass their own to capture it. */
export type Out = (text: string) => void;
export const stdOut: Out = (t) => process.stdout.write(`${t}\n`);

/** Writes lines to stdout/stderr; tests pass their own to capture output. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const stdIo: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

/** --db, defaulting to CROSSINGS_DB or data/crossings.duckdb. */
export const dbOption = (): Option => new Option('--db <path>', 'DuckDB file').default(defaultDbPath());

const numberArg = (name: string, ok: (n: number) => boolean, expected: string) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !ok(n)) throw new InvalidArgumentError(exportMessages.badNumber(name, value, expected));
  return n;
};

/** A whole number of at least `min` (1 unless told). */
export const wholeNumber = (name: string, min = 1) =>
  numberArg(name, (n) => Number.isInteger(n) && n >= min, min === 0 ? 'a whole number, 0 or more' : `a whole number, ${min} or more`);

/** A number above 0. */
export const positive = (name: string) => numberArg(name, (n) => Number.isFinite(n) && n > 0, 'a number above 0');

/** A share strictly between 0 and 1. */
export const shareOf = (name: string) => numberArg(name, (n) => n > 0 && n < 1, 'a number between 0 and 1, such as 0.9');

/** A calendar date YYYY-MM-DD. */
export const dateArg = (name: string) => (value: string): string => {
  if (!isCalendarDate(value)) throw new InvalidArgumentError(exportMessages.badNumber(name, value, 'a date YYYY-MM-DD'));
  return value;
};
