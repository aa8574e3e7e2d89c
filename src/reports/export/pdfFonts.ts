/**
 * Fonts for PDFs: pdfkit embeds a .ttf/.otf directly, but from a .ttc collection it needs the
 * PostScript name of the face (e.g. NotoSansCJKsc-Regular), read from the file by fontkit.
 */
import { CrossingsError, exportMessages as msg } from '../../messages.js';
import { resolveFontFiles } from '../charts/fonts.js';
import { fontFaces } from '../fontFaces.js';

/** A font pdfkit can register: the file and, for a collection, the face's PostScript name. */
export interface PdfFont {
  file: string;
  face?: string;
}

/** PostScript names of the faces of a font collection (.ttc); empty for a single font, which needs no face name. */
export function collectionFaces(path: string): string[] {
  const faces = fontFaces(path);
  return faces.length > 1 ? faces.map((f) => f.postscriptName) : [];
}

/** The face of a font file to use: in a collection the Simplified Chinese one (罗湖 needs SC glyph shapes). */
export function pdfFont(file: string): PdfFont {
  const faces = collectionFaces(file);
  if (faces.length === 0) return { file };
  const face = faces.find((f) => /CJKsc|\bSC\b|-SC|Hans|MicroHei/i.test(f) && !/Mono/i.test(f)) ?? faces[0];
  if (!face) throw new CrossingsError(msg.noPdfFont(file), 'unavailable');
  return { file, face };
}

/** Regular and bold fonts for PDFs, from the same files charts use (CROSSINGS_CHART_FONT or the installed Noto CJK). */
export function pdfFonts(files: readonly string[] = resolveFontFiles()): { regular: PdfFont; bold: PdfFont } {
  const [regularFile, boldFile] = files;
  if (!regularFile) throw new CrossingsError(msg.noPdfFont('(none)'), 'unavailable');
  const regular = pdfFont(regularFile);
  return { regular, bold: boldFile ? pdfFont(boldFile) : regular };
}
