import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { FORMATS } from '../../ingest/formats.js';
import { ingestFile } from '../../ingest/ingestFile.js';
import { CrossingsError, messages } from '../../messages.js';
import { requireRole } from '../auth.js';

interface IngestQuery {
  format: string;
  filename?: string;
  max_rejects?: number;
  freq?: 'day' | 'month';
}

/** POST /api/ingest (admin): load an uploaded file with the same rules and summary as `crossings ingest`. */
const ingestRoutes: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'application/vnd.apache.parquet'], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  app.post<{ Querystring: IngestQuery; Body: Buffer }>(
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
          },
        },
      },
      // Checked on request, before the body is read: an unauthorised upload is refused without buffering it.
      onRequest: async (request) => requireRole(app, request, 'admin'),
    },
    async (request, reply) => {
      const q = request.query;
      if (!Buffer.isBuffer(request.body)) throw app.httpErrors.unsupportedMediaType('Send the file as the request body with content-type application/octet-stream or text/csv.');
      const name = uploadName(q.filename);
      if (!name) throw app.httpErrors.badRequest(messages.badUploadName(q.filename ?? ''));
      const dir = mkdtempSync(join(tmpdir(), 'crossings-upload-'));
      const file = join(dir, name);
      try {
        writeFileSync(file, request.body);
        const summary = await app.writeJob((db) =>
          ingestFile(db, file, { format: q.format, ...(q.max_rejects !== undefined ? { maxRejects: q.max_rejects } : {}), ...(q.freq ? { freq: q.freq } : {}) }),
        );
        const status = summary.status === 'refused' ? 422 : 200;
        return reply.status(status).send({ ...summary, file: q.filename ?? 'upload.csv' });
      } catch (err) {
        if (err instanceof CrossingsError) throw app.httpErrors.unprocessableEntity(err.message.replaceAll(file, q.filename ?? 'upload.csv'));
        throw err;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
};
export default ingestRoutes;

/** The upload's own file name, safe to join to a folder: its last path part, control characters out; undefined if none is left. */
export function uploadName(filename: string | undefined): string | undefined {
  if (filename === undefined) return 'upload.csv';
  const base = basename(filename.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '' || base === '.' || base === '..' ? undefined : base;
}
