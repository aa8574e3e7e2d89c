/**
 * Turns a Vega-Lite spec into SVG (vega headless, no canvas) or PNG (resvg, with explicit font files).
 * Rendering never touches the network: the vega loader refuses every URL.
 */
import { createHash } from 'node:crypto';
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CrossingsError } from '../../messages.js';
import { preferredFamily, resolveFontFiles } from './fonts.js';
import { chartMessages } from '../../messages.js';

/** The result of compiling a Vega-Lite spec: the Vega spec and every warning the compiler gave. */
export interface Compiled {
  spec: vega.Spec;
  warnings: string[];
}

/** A logger for vega and vega-lite that collects warnings (and errors, if given a list) instead of printing them. */
export function collectingLogger(warnings: string[], errors?: unknown[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return logger as never;
    },
    error: (...args: readonly unknown[]) => {
      // The vega runtime reports failed loads here and carries on, so errors are kept for the caller.
      if (errors) {
        errors.push(args.find((a) => a instanceof CrossingsError) ?? new CrossingsError(args.map(String).join(' ')));
        return logger;
      }
      throw new CrossingsError(chartMessages.compileFailed(args.map(String).join(' ')), 'unavailable');
    },
    warn(...args: readonly unknown[]) {
      // A refused load reaches vega's logger only as a warning ("Loading failed"); it must fail the render.
      const refused = args.find((a) => a instanceof CrossingsError);
      if (errors && refused) errors.push(refused);
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Compiles a Vega-Lite spec to Vega, collecting warnings (tests expect none). */
export function compileSpec(spec: TopLevelSpec): Compiled {
  const warnings: string[] = [];
  const out = compile(spec, { logger: collectingLogger(warnings) });
  return { spec: out.spec, warnings };
}

/** A vega loader that refuses every load, so a spec with a URL fails fast instead of fetching. */
export const offlineLoader: vega.Loader = {
  load: (uri) => Promise.reject(new CrossingsError(chartMessages.networkRefused(uri))),
  sanitize: (uri) => Promise.reject(new CrossingsError(chartMessages.networkRefused(uri))),
  http: (uri) => Promise.reject(new CrossingsError(chartMessages.networkRefused(uri))),
  file: (uri) => Promise.reject(new CrossingsError(chartMessages.networkRefused(uri))),
};

// Without a canvas vega estimates text width as 0.8 em per character, which is too wide for Latin
// and too narrow for Chinese, so axis titles collide with Chinese labels. This estimate follows
// the advance widths of Noto Sans CJK (Latin from Source Sans, CJK full-width). vl-convert does the same.
const latinWidths: Record<string, number> = { ' ': 0.22, '.': 0.25, ',': 0.25, ':': 0.25, '-': 0.31, '(': 0.3, ')': 0.3, '%': 0.82, '/': 0.34, i: 0.24, l: 0.25, j: 0.25, t: 0.34, f: 0.3, r: 0.35, m: 0.82, w: 0.72, M: 0.79, W: 0.86, I: 0.29 };

/** Estimated width in px of a text in Noto Sans CJK at a font size (full-width characters count 1 em). */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x2e80 && c <= 0x9fff) em += 1;
    else if ((c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef)) em += 1;
    // Measured against resvg output: Latin runs about 10% wider than Source Sans' nominal advances.
    else em += 1.1 * (latinWidths[ch] ?? (ch >= '0' && ch <= '9' ? 0.5 : ch >= 'A' && ch <= 'Z' ? 0.6 : 0.5));
  }
  return em * fontSize * (bold ? 1.06 : 1);
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

const textMetrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
textMetrics.width = (item, text) => {
  const value = text === undefined ? item.text : text;
  const lines = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  return Math.max(0, ...lines.map((l) => estimateTextWidth(l, item.fontSize ?? 11, bold)));
};

/** Renders a Vega-Lite spec to an SVG string, offline and without a browser. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vg } = compileSpec(spec);
  const warnings: string[] = [];
  const errors: unknown[] = [];
  const view = new vega.View(vega.parse(vg), { renderer: 'none', loader: offlineLoader, logger: collectingLogger(warnings, errors) });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw errors[0];
    return svg;
  } finally {
    view.finalize();
  }
}

/** Options of `renderPng`. */
export interface PngOptions {
  /** Pixel ratio: 2 gives a sharp image on high-density screens and in PDFs. */
  scale?: number;
  /** Font files to load instead of the configured or default CJK font. */
  fontFiles?: readonly string[];
}

const familyOf = new Map<string, string>();

/** Rendered PNGs by spec, scale and fonts: resvg reads the CJK font collections on every render, so a chart drawn once (a report downloaded again) is not drawn twice. */
const rendered = new Map<string, Promise<Buffer>>();
const RENDERED_MAX = 64;

/** Renders a Vega-Lite spec to PNG bytes; Chinese text uses the CJK font passed to resvg explicitly. */
export async function renderPng(spec: TopLevelSpec, { scale = 1, fontFiles }: PngOptions = {}): Promise<Buffer> {
  const fonts = resolveFontFiles(fontFiles);
  const key = createHash('sha1').update(JSON.stringify(spec)).update(`\u0000${scale}\u0000${fonts.join(':')}`).digest('base64url');
  const hit = rendered.get(key);
  if (hit) {
    rendered.delete(key);
    rendered.set(key, hit);
    return hit;
  }
  const png = rasterise(spec, scale, fonts);
  rendered.set(key, png);
  png.catch(() => rendered.delete(key));
  for (const k of rendered.keys()) {
    if (rendered.size <= RENDERED_MAX) break;
    rendered.delete(k);
  }
  return png;
}

async function rasterise(spec: TopLevelSpec, scale: number, fonts: string[]): Promise<Buffer> {
  const fontKey = fonts.join(':');
  const family = familyOf.get(fontKey) ?? preferredFamily(fonts);
  familyOf.set(fontKey, family);
  const svg = await renderSvg(spec);
  // System fonts stay off: loading them is slow and would hide a missing CJK font behind tofu boxes.
  // Families the spec asks for but the files lack fall back to `sans-serif`, i.e. the loaded family.
  // renderAsync rasterises on the libuv pool, so a server keeps answering while a chart renders.
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: family, sansSerifFamily: family },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
  });
  return image.asPng();
}
