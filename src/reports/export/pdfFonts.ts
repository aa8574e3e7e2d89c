/**
 * Fonts for PDFs: pdfkit embeds a .ttf/.otf directly, but from a .ttc collection it needs the
 * PostScript name of the face (e.g. NotoSansCJKsc-Regular), which this reads from the file's name table.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { CrossingsError } from '../../messages.js';
import { resolveFontFiles } from '../charts/fonts.js';
import { exportMessages as msg } from '../../messages.js';

/** A font pdfkit can register: the file and, for a collection, the face's PostScript name. */
export interface PdfFont {
  file: string;
  face?: string;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, offset);
  return buf.subarray(0, n);
}

/** PostScript names (name ID 6) of every face in a .ttc; empty for a single-face file. */
export function collectionFaces(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const head = readAt(fd, 0, 12);
    if (head.toString('latin1', 0, 4) !== 'ttcf') return [];
    const count = head.readUInt32BE(8);
    const offsets = readAt(fd, 12, 4 * count);
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const face = offsets.readUInt32BE(4 * i);
      const tables = readAt(fd, face + 12, 16 * readAt(fd, face, 12).readUInt16BE(4));
      for (let t = 0; t + 16 <= tables.length; t += 16) {
        if (tables.toString('latin1', t, t + 4) !== 'name') continue;
        const name = postscriptName(readAt(fd, tables.readUInt32BE(t + 8), tables.readUInt32BE(t + 12)));
        if (name) out.push(name);
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

// Name ID 6 is stored as Windows UTF-16BE or Macintosh Roman; PostScript names are ASCII either way.
function postscriptName(name: Buffer): string | undefined {
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    const platform = name.readUInt16BE(r);
    if (name.readUInt16BE(r + 6) !== 6) continue;
    const raw = name.subarray(strings + name.readUInt16BE(r + 10), strings + name.readUInt16BE(r + 10) + name.readUInt16BE(r + 8));
    return platform === 3 || platform === 0 ? Buffer.from(raw).swap16().toString('utf16le') : raw.toString('latin1');
  }
  return undefined;
}

/** The face of a font file to use: in a collection the Simplified Chinese one (罗湖 needs SC glyph shapes). */
export function pdfFont(file: string): PdfFont {
  const faces = collectionFaces(file);
  if (faces.length === 0) return { file };
  const face = faces.find((f) => /CJKsc|\bSC\b|-SC|Hans|MicroHei/i.test(f) && !/Mono/i.test(f)) ?? faces[0];
  if (!face) throw new CrossingsError(msg.noPdfFont(file));
  return { file, face };
}

/** Regular and bold fonts for PDFs, from the same files charts use (CROSSINGS_CHART_FONT or the installed Noto CJK). */
export function pdfFonts(files: readonly string[] = resolveFontFiles()): { regular: PdfFont; bold: PdfFont } {
  const [regularFile, boldFile] = files;
  if (!regularFile) throw new CrossingsError(msg.noPdfFont('(none)'));
  const regular = pdfFont(regularFile);
  return { regular, bold: boldFile ? pdfFont(boldFile) : regular };
}
