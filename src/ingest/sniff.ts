import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { CrossingsError, messages } from '../messages.js';

export type FileKind = 'csv' | 'parquet';

/** What a look at the first bytes of a file tells: its kind and, for CSV, the header cells. */
export interface Sniffed {
  kind: FileKind;
  header: string[];
}

const HEAD_BYTES = 64 * 1024;

/** Reads the start of a file and refuses it when it is missing, empty, binary or not comma-separated. */
export function sniffFile(file: string): Sniffed {
  if (!existsSync(file)) throw new CrossingsError(messages.fileNotFound(file));
  if (!statSync(file).isFile()) throw new CrossingsError(messages.notAFile(file));
  let head: Buffer;
  try {
    head = readHead(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new CrossingsError(messages.fileUnreadable(file));
    throw err;
  }
  if (head.length === 0) throw new CrossingsError(messages.fileEmpty(file));
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { kind: 'parquet', header: [] };
  const binary = binaryReason(head);
  if (binary) throw new CrossingsError(messages.notText(file, binary));
  const text = new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (firstLine === '') throw new CrossingsError(messages.fileEmpty(file));
  const header = splitCsvLine(firstLine).map((c) => c.trim());
  if (header.length === 1) {
    const found = delimiterName(firstLine);
    if (found) throw new CrossingsError(messages.wrongDelimiter(file, found));
  }
  return { kind: 'csv', header };
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Why the bytes are not UTF-8 text, or undefined when they are. */
export function binaryReason(head: Buffer): string | undefined {
  const magic = head.subarray(0, 4).toString('latin1');
  if (magic.startsWith('PK\u0003\u0004')) return 'it is a ZIP archive, perhaps an Excel workbook; export it as CSV';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'it is gzip-compressed; decompress it first';
  if (magic.startsWith('%PDF')) return 'it is a PDF document';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'it is UTF-16 encoded (Excel\'s "Unicode text"); save it as "CSV UTF-8"';
  if (head.includes(0)) return 'it contains NUL bytes';
  // The last few bytes may cut a multi-byte character in half; decode without them.
  const body = head.length === HEAD_BYTES ? head.subarray(0, HEAD_BYTES - 4) : head;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return 'it is not UTF-8 encoded; save it as UTF-8';
  }
  return undefined;
}

function delimiterName(line: string): string | undefined {
  if (line.includes(';')) return 'semicolons';
  if (line.includes('\t')) return 'tabs';
  if (line.includes('|')) return 'vertical bars';
  return undefined;
}

/** Splits one CSV line on commas, honouring double quotes. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
