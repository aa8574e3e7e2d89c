import { progressLinesForced } from '../config.js';
import type { Database } from '../store/db.js';

/** Receives progress of a long job: a stage name and, when known, the share done (0..1). */
export type Progress = (stage: string, fraction?: number) => void;

const POLL_MS = 250;

/** Runs one long DuckDB statement while reporting DuckDB's own progress of it. */
export async function withProgress<T>(db: Database, stage: string, progress: Progress, work: () => Promise<T>): Promise<T> {
  progress(stage, 0);
  const timer = setInterval(() => {
    const p = db.conn.progress;
    if (p && p.percentage >= 0) progress(stage, Math.min(1, p.percentage / 100));
  }, POLL_MS);
  try {
    const result = await work();
    progress(stage, 1);
    return result;
  } finally {
    clearInterval(timer);
  }
}

/**
 * A progress printer for a terminal: one rewritten line on stderr; silent when stderr is not a TTY,
 * unless CROSSINGS_PROGRESS=1 asks for it anyway (one line per update, for logs and tests).
 */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (progressLinesForced() && !stream.isTTY) {
    return (stage, fraction) => stream.write(`${label}: ${stage}${fraction === undefined ? '' : ` ${Math.round(fraction * 100)}%`}\n`);
  }
  if (!stream.isTTY) return () => undefined;
  return (stage, fraction) => {
    const pct = fraction === undefined ? '' : ` ${Math.round(fraction * 100)}%`;
    stream.write(`\r\x1b[K${label}: ${stage}${pct}`);
    if (fraction === 1) stream.write('\r\x1b[K');
  };
}
