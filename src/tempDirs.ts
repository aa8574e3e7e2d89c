import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processIsAlive } from './store/serverFile.js';

/**
 * Temporary folders of this process named `<kind>-<pid>-XXXXXX`, so that a later start can tell which
 * ones a crashed process left behind (its PID is gone) from those of a process still running.
 */
export function makeTempDir(kind: string): string {
  return mkdtempSync(join(tmpdir(), `${kind}-${process.pid}-`));
}

/**
 * Removes the `<kind>-<pid>-*` folders (see makeTempDir) of processes that no longer run; returns what it
 * removed. Folders without a PID in their name, or of a live process, are left alone.
 */
export function removeStaleTempDirs(kind: string, dir = tmpdir()): string[] {
  const pattern = new RegExp(`^${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)-`);
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processIsAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // another process is cleaning up, or it is not ours to remove
    }
  }
  return removed;
}
