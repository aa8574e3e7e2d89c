/**
 * The ingest job: a list of files loaded one after another, each in its own transaction. A refused file stops
 * the list; the files before it stay loaded, and the error says which were loaded and which were not.
 */
import { basename } from 'node:path';
import type { IngestSummary } from '../ingest/summary.js';
import { CrossingsError, messages } from '../messages.js';

/** What a list load did: the summaries of the files loaded, and the file that stopped it with its error. */
export interface IngestListResult {
  summaries: IngestSummary[];
  stop?: { file: string; error: unknown };
}

/** Loads `files` in order with `load` (into a database, or through a server), stopping at the first that throws. */
export async function ingestFiles(files: readonly string[], load: (file: string) => Promise<IngestSummary>): Promise<IngestListResult> {
  const summaries: IngestSummary[] = [];
  for (const file of files) {
    try {
      summaries.push(await load(file));
    } catch (error) {
      return { summaries, stop: { file, error } };
    }
  }
  return { summaries };
}

/** The error to report for a stopped list: the file's own for one file, else one naming what was and was not loaded. */
export function stoppedListError(files: readonly string[], result: IngestListResult): unknown {
  const stop = result.stop;
  if (!stop) return undefined;
  if (!(stop.error instanceof CrossingsError) || files.length === 1) return stop.error;
  const rest = files.slice(files.indexOf(stop.file) + 1);
  return new CrossingsError(messages.ingestStopped(stop.error.message, result.summaries.map((s) => basename(s.file)), rest.map((f) => basename(f))), stop.error.kind);
}
