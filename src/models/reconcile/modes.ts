/**
 * The Immigration Department's land / sea / air grouping of control points, shared by the hierarchy the forecast job
 * reconciles and the outlook that reports it (here, below both, so neither imports the other).
 */

export type Mode = 'land' | 'sea' | 'air' | 'other';
export const MODES: readonly Mode[] = ['land', 'sea', 'air', 'other'];

/**
 * The Immigration Department lists every control point as land, sea or air ("Control points" on
 * www.immd.gov.hk); the port registry's finer kinds map onto those three: rail terminals and the bridge
 * are land control points. A kind nothing maps is "other", never guessed.
 */
const MODE_OF_KIND: Readonly<Record<string, Mode>> = { land: 'land', rail: 'land', bridge: 'land', sea: 'sea', air: 'air' };

/** The land / sea / air group of a port kind. */
export function modeOfKind(kind: string | null | undefined): Mode {
  return MODE_OF_KIND[kind ?? ''] ?? 'other';
}
