/** What a load is asked to do and what it reports: the types every load path and front door share. */
import { basename } from 'node:path';
import { messages } from '../messages.js';
import type { FormatOptions } from './formats.js';
import type { MergeCounts } from './merge.js';
import type { Progress } from './progress.js';
import type { Rename } from './renames.js';

export interface IngestOptions extends FormatOptions {
  format: string;
  /** Refuse the whole file when more rows than this are rejected (default: no limit). */
  maxRejects?: number;
  /** Take a new port that continues a stopped one of the same source as its new name (default true; see renames.ts). */
  autoAlias?: boolean;
  progress?: Progress;
  /** When the run started, as recorded in ingest_runs (default: now). */
  now?: () => Date;
}

/** One refused row, as stored in ingest_rejects. */
export interface Reject {
  line: number | null;
  reason: string;
  raw: string | null;
}

/** What one ingest did: rows are source records; counts are the values they yield (an HK row yields 4). */
export interface IngestSummary extends MergeCounts {
  file: string;
  format: string;
  runId: number;
  status: 'loaded' | 'refused';
  rowsRead: number;
  rowsRejected: number;
  rejects: Reject[];
  message?: string;
  /** Ports this load created (names as the file spells them), and new names taken or suggested as renames. */
  newPorts?: string[];
  renames?: Rename[];
}

export const REJECT_SAMPLE = 20;

/** A one-line summary for terminals and logs. */
export function formatSummary(s: IngestSummary): string {
  const name = basename(s.file);
  if (s.status === 'refused') return `${name}: refused. ${s.message ?? ''}`;
  const lines = [
    `${name}: read ${s.rowsRead} rows, rejected ${s.rowsRejected}; ` +
      `counts new ${s.countsNew}, unchanged ${s.countsUnchanged}, revised ${s.countsRevised} (run ${s.runId})`,
  ];
  if (s.newPorts?.length) lines.push(`  ${messages.newPorts(s.newPorts.join(', '))}`);
  for (const r of s.renames ?? []) {
    lines.push(`  ${r.applied ? messages.renamed(r.alias, r.port, r.from) : messages.likelyRename(r.alias, r.new_port_id, r.port, r.lastOld)}`);
  }
  return lines.join('\n');
}
