import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Finds the line number and raw text of staged CSV records by their index. DuckDB's reader numbers
 * rows but not lines: skip the header, blank lines and the lines it refused, and count the rest.
 * Only called for rejected records, so the extra pass costs nothing on clean files.
 * (A quoted field that spans lines would shift the count; none of the supported formats has one.)
 */
export async function recoverLines(
  file: string,
  records: ReadonlySet<number>,
  skippedLines: ReadonlySet<number>,
): Promise<Map<number, { line: number; raw: string }>> {
  const found = new Map<number, { line: number; raw: string }>();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let record = -1;
  let headerSeen = false;
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    if (skippedLines.has(lineNo)) continue;
    record++;
    if (records.has(record)) {
      found.set(record, { line: lineNo, raw: text });
      if (found.size === records.size) break;
    }
  }
  lines.close();
  return found;
}
