/** Where the benches find the shared public data files. */
import { existsSync } from 'node:fs';

/** ../shared/data/NAME next to the repository (or, from a worktree under wt/, next to the main one). */
export function dataFile(name: string): string {
  const near = new URL(`../../shared/data/${name}`, import.meta.url).pathname;
  return existsSync(near) ? near : new URL(`../../../shared/data/${name}`, import.meta.url).pathname;
}
