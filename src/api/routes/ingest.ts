import { createWriteStream, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { FORMATS } from '../../ingest/formats.js';
import { ingestFile } from '../../ingest/ingestFile.js';
import { CrossingsError, messages } from '../../messages.js';
import { makeTempDir } from '../../tempDirs.js';
import { requireRole } from '../auth.js';

/** Prefix of the upload folders, `crossings-upload-<pid>-XXXXXX` (removed at the next start if a crash left one). */
export const UPLOAD_DIR = 'crossings-upload';

interface IngestQuery {
  format: string;
  filename?: string;
  max_rejects?: number;
  freq?: 'day' | 'month';
  auto_alias?: boolean;
}

/** POST /api/ingest (admin): load an uploaded file with the same rules and summary as `crossings ingest`. */
const ingestRoutes: FastifyPluginAsync = async (app) => {
  // The body stays a stream: the handler writes it to a temporary file, counting bytes against the limit.
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'application/vnd.apache.parquet'], (_req, payload, done) => done(null, payload));
  app.post<{ Querystring: IngestQuery; Body: Readable }>(
    '/ingest',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['format'],
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: Object.keys(FORMATS) },
            filename: { type: 'string', maxLength: 200 },
            max_rejects: { type: 'integer', minimum: 0 },
            freq: { type: 'string', enum: ['day', 'month'] },
            auto_alias: { type: 'boolean', description: 'Take a new port name that continues a stopped port as its rename (default true).' },
          },
        },
      },
      // Checked on request, before the body is read: an unauthorised upload is refused without buffering it.
      onRequest: async (request) => requireRole(app, request, 'admin'),
    },
    async (request, reply) => {
      const q = request.query;
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw app.httpErrors.unsupportedMediaType('Send the file as the request body with content-type application/octet-stream or text/csv.');
      const name = uploadName(q.filename);
      if (!name) throw app.httpErrors.badRequest(messages.badUploadName(q.filename ?? ''));
      const limit = app.config.uploadLimitBytes;
      if (Number(request.headers['content-length'] ?? 0) > limit) throw app.httpErrors.payloadTooLarge(messages.uploadTooLarge(limit));
      const dir = makeTempDir(UPLOAD_DIR);
      const file = join(dir, name);
      try {
        try {
          await saveUpload(app, body, file, limit);
        } catch (err) {
          // The rest of the body is never read: close the connection once the answer is out, or it hangs open.
          reply.header('connection', 'close');
          reply.raw.once('finish', () => request.raw.destroy());
          throw err;
        }
        const summary = await app.writeJob((db) =>
          ingestFile(db, file, { format: q.format, ...(q.max_rejects !== undefined ? { maxRejects: q.max_rejects } : {}), ...(q.freq ? { freq: q.freq } : {}), ...(q.auto_alias === false ? { autoAlias: false } : {}) }),
        );
        const status = summary.status === 'refused' ? 422 : 200;
        return reply.status(status).send({ ...summary, file: q.filename ?? 'upload.csv' });
      } catch (err) {
        // The message names the upload, not the server's temporary copy of it.
        if (err instanceof CrossingsError) throw new CrossingsError(err.message.replaceAll(file, q.filename ?? 'upload.csv'), err.kind);
        throw err;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
};
export default ingestRoutes;

/** Streams the body to `file`; past `limit` bytes, or cut short, it stops with 413 or 400 (the caller removes the file). */
async function saveUpload(app: FastifyInstance, body: Readable, file: string, limit: number): Promise<void> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, next) {
      bytes += chunk.length;
      next(bytes > limit ? app.httpErrors.payloadTooLarge(messages.uploadTooLarge(limit)) : null, chunk);
    },
  });
  try {
    await pipeline(body, counter, createWriteStream(file));
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) throw err;
    throw app.httpErrors.badRequest(messages.uploadCutShort);
  }
}

/** The upload's own file name, safe to join to a folder: its last path part, control characters out; undefined if none is left. */
export function uploadName(filename: string | undefined): string | undefined {
  if (filename === undefined) return 'upload.csv';
  const base = basename(filename.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '' || base === '.' || base === '..' ? undefined : base;
}
