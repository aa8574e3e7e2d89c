/**
 * The server's note beside its database file (`<db>.server.json`: url and pid), so that a read-only command
 * finding the file locked can send its request to the server that holds it instead of failing.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { clientApiKey } from '../config.js';
import { DatabaseLockedError } from './db.js';
import { CrossingsError, messages } from '../messages.js';

/** Where the server that holds `db` leaves its address. */
export const serverFilePath = (db: string): string => `${db}.server.json`;

/** Written once the server listens; removed when it closes. */
export function writeServerFile(db: string, url: string): void {
  if (db === ':memory:') return;
  writeFileSync(serverFilePath(db), JSON.stringify({ url, pid: process.pid }));
}

export function removeServerFile(db: string): void {
  if (db !== ':memory:') rmSync(serverFilePath(db), { force: true });
}

/** The url of the live server holding `db`, if its note is there and its process still runs. */
export function findServer(db: string): string | undefined {
  let note: { url?: unknown; pid?: unknown };
  try {
    note = JSON.parse(readFileSync(serverFilePath(db), 'utf8')) as typeof note;
  } catch {
    return undefined;
  }
  if (typeof note.url !== 'string' || typeof note.pid !== 'number' || !processIsAlive(note.pid)) return undefined;
  return note.url;
}

/** True when a process with this id exists (signal 0 checks without sending anything). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs a read-only command on the file, or on the server: with `server` given, or when the file is locked
 * by a live server that left its note beside it.
 */
export async function localOrServer<T>(db: string, server: string | undefined, local: () => Promise<T>, remote: (url: string) => Promise<T>): Promise<T> {
  if (server) return remote(server);
  try {
    return await local();
  } catch (err) {
    const url = err instanceof DatabaseLockedError ? findServer(db) : undefined;
    if (url === undefined) throw err;
    return remote(url);
  }
}

/** One request to a crossings server with the client's key; a refusal becomes a CrossingsError with its message. */
export async function fetchServer(server: string, path: string, init: RequestInit = {}): Promise<Response> {
  const key = clientApiKey();
  let res: Response;
  try {
    res = await fetch(new URL(path, server), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...(key ? { 'x-api-key': key } : {}) } });
  } catch (err) {
    throw new CrossingsError(messages.serverUnreachable(server, err instanceof Error ? err.message : String(err)));
  }
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch { /* not JSON: keep the text */ }
    throw new CrossingsError(`${server}: ${message || res.statusText}`);
  }
  return res;
}
