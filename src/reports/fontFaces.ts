import * as fontkit from 'fontkit';

/** One face of a font file: the family name charts use, the PostScript name PDFs use. */
export interface FontFace {
  family: string;
  postscriptName: string;
}

const cache = new Map<string, FontFace[]>();

/**
 * The faces of a .ttf, .otf or .ttc file (fontkit reads the name tables), read once per file per process.
 * A collection lists every face; a single font lists one.
 */
export function fontFaces(path: string): FontFace[] {
  let faces = cache.get(path);
  if (!faces) {
    const opened = fontkit.openSync(path);
    const fonts = 'fonts' in opened ? opened.fonts : [opened];
    faces = fonts.map((f) => ({ family: f.familyName, postscriptName: f.postscriptName }));
    cache.set(path, faces);
  }
  return faces;
}
