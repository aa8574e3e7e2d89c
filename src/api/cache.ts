import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response body computed once and served many times, with its ETag. */
export interface CachedBody {
  etag: string;
  body: Buffer;
  type: string;
  /** A download's file name (Content-Disposition: attachment). */
  filename?: string;
}

/** What a producer returns: the body (a string, bytes or a JSON value) and its content type. */
export interface Produced {
  body: string | Buffer | unknown;
  type?: string;
  filename?: string;
}

/**
 * Responses that depend only on the stored data (forecast runs, actuals): computed once, served from
 * memory until the data changes. `clear()` drops everything; a new forecast run or ingest calls it.
 * Bounded by entries and bytes (least recently used goes first), so odd query strings cannot fill memory.
 * Concurrent requests for the same key share one computation: 50 clients asking for a cold PNG render it once.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly pending = new Map<string, Promise<CachedBody>>();
  private readonly memos = new Map<string, Promise<unknown>>();
  private bytes = 0;
  /** Bumped by clear(), so a computation that started before a change never lands in the cache after it. */
  private generation = 0;

  constructor(
    readonly maxEntries = 2000,
    readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached body of `key`, computing and storing it with `produce` on a miss. */
  async get(key: string, produce: () => Promise<Produced>): Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark it most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const running = this.pending.get(key);
    if (running) return running;
    const generation = this.generation;
    const job = produce()
      .then((p) => toCachedBody(p))
      .then((entry) => {
        if (generation === this.generation) this.store(key, entry);
        return entry;
      })
      .finally(() => {
        if (this.pending.get(key) === job) this.pending.delete(key);
      });
    this.pending.set(key, job);
    return job;
  }

  /** A small value (such as the latest run id) computed once per data generation. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.memos.get(key) as Promise<T> | undefined;
    if (found) return found;
    const p = compute();
    this.memos.set(key, p);
    // A failure (e.g. no forecasts yet) is not remembered.
    p.catch(() => {
      if (this.memos.get(key) === p) this.memos.delete(key);
    });
    return p;
  }

  /** Forgets everything: the data changed. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.pending.clear();
    this.memos.clear();
    this.bytes = 0;
  }

  private store(key: string, entry: CachedBody): void {
    if (entry.body.length > this.maxBytes / 4) return; // one huge answer must not evict everything
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.body.length;
    }
  }
}

function toCachedBody({ body, type, filename }: Produced): CachedBody {
  let bytes: Buffer;
  let contentType = type;
  if (Buffer.isBuffer(body)) bytes = body;
  else if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
  else {
    bytes = Buffer.from(JSON.stringify(body), 'utf8');
    contentType ??= 'application/json; charset=utf-8';
  }
  const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
  return { etag, body: bytes, type: contentType ?? 'application/octet-stream', ...(filename ? { filename } : {}) };
}

/** Whether an If-None-Match header names this ETag (or is `*`); weak validators compare equal. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/** Sends a cached body with its ETag, or 304 when the client already has it. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedBody): FastifyReply {
  reply.header('etag', entry.etag);
  // Answers depend on the key's role, so shared caches must not keep them; clients revalidate with the ETag.
  reply.header('cache-control', 'private, no-cache');
  reply.header('vary', 'accept, x-api-key, authorization');
  if (entry.filename) reply.header('content-disposition', `attachment; filename="${entry.filename}"`);
  if (etagMatches(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
  return reply.type(entry.type).send(entry.body);
}
