/**
 * Font files for PNG rendering: which file to load and which family name it declares.
 * resvg draws nothing for text whose family it cannot match, so the family must come from the file itself.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { CrossingsError } from '../../messages.js';
import { chartMessages } from '../../messages.js';

/** Where Debian, Ubuntu, Fedora and Alpine put CJK sans fonts; the first that exists is used. */
export const defaultCjkFonts: readonly string[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc',
];

/**
 * The font files PNG rendering loads: the given paths, else `CROSSINGS_CHART_FONT` (paths split by `:`),
 * else the first default CJK font plus its bold face. Throws a message naming what to install if none exists.
 */
export function resolveFontFiles(
  given?: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = defaultCjkFonts,
): string[] {
  const configured = given ?? env.CROSSINGS_CHART_FONT?.split(':').filter(Boolean);
  if (configured && configured.length > 0) {
    for (const f of configured) if (!existsSync(f)) throw new CrossingsError(chartMessages.fontNotFound(f));
    return [...configured];
  }
  const regular = candidates.find((f) => existsSync(f));
  if (!regular) throw new CrossingsError(chartMessages.noCjkFont(candidates));
  // Titles are bold; without the bold face resvg draws them in the regular weight.
  const bold = regular.replace('Regular', 'Bold');
  return bold !== regular && existsSync(bold) ? [regular, bold] : [regular];
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, offset);
  return buf.subarray(0, n);
}

/** Family names (name ID 1, or 16 where present) of every face in a .ttf/.otf/.ttc file. */
export function fontFamilies(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const head = readAt(fd, 0, 12);
    const faces: number[] = [];
    if (head.toString('latin1', 0, 4) === 'ttcf') {
      const count = head.readUInt32BE(8);
      const offs = readAt(fd, 12, 4 * count);
      for (let i = 0; i < count; i++) faces.push(offs.readUInt32BE(4 * i));
    } else faces.push(0);
    const out: string[] = [];
    for (const face of faces) {
      const dir = readAt(fd, face, 12);
      const tables = readAt(fd, face + 12, 16 * dir.readUInt16BE(4));
      for (let t = 0; t + 16 <= tables.length; t += 16) {
        if (tables.toString('latin1', t, t + 4) !== 'name') continue;
        const family = nameTableFamily(readAt(fd, tables.readUInt32BE(t + 8), tables.readUInt32BE(t + 12)));
        if (family) out.push(family);
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

// Reads the English (Windows, UTF-16BE) typographic family, else the legacy family name.
function nameTableFamily(name: Buffer): string | undefined {
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    const [platform, , language, id, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => name.readUInt16BE(r + o)) as [number, number, number, number, number, number];
    if (platform !== 3 || language !== 0x409 || (id !== 1 && id !== 16)) continue;
    const raw = name.subarray(strings + offset, strings + offset + length);
    found.set(id, Buffer.from(raw).swap16().toString('utf16le'));
  }
  return found.get(16) ?? found.get(1);
}

/** The family to draw chart text in: a Simplified Chinese face if the files have one, else the first family. */
export function preferredFamily(files: readonly string[]): string {
  const families = files.flatMap(fontFamilies);
  const family = families.find((f) => /\b(SC|Hans)\b/.test(f)) ?? families[0];
  if (!family) throw new CrossingsError(chartMessages.noCjkFont(files));
  return family;
}
