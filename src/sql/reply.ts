/** Sends a SQL result in the asked format, with headers saying how many rows came and whether it was cut. */
import type { FastifyReply } from 'fastify';
import { MEDIA_TYPES, formatResult, toJsonBody, type SqlFormat } from './formats.js';
import type { SqlResult } from './sandbox.js';

/** Replies with the result: JSON body, CSV text, Arrow IPC stream or Parquet bytes. */
export async function sendSqlResult(reply: FastifyReply, result: SqlResult & { snapshotAt?: Date }, format: SqlFormat): Promise<FastifyReply> {
  reply
    .header('x-row-count', String(result.rowCount))
    .header('x-truncated', String(result.truncated))
    .header('x-elapsed-ms', String(result.elapsedMs));
  if (result.snapshotAt) reply.header('x-snapshot-at', result.snapshotAt.toISOString());
  reply.type(MEDIA_TYPES[format]);
  if (format === 'json') return reply.send({ ...toJsonBody(result), ...(result.snapshotAt ? { snapshot_at: result.snapshotAt.toISOString() } : {}) });
  const body = await formatResult(result, format);
  if (format === 'arrow' || format === 'parquet') reply.header('content-disposition', `attachment; filename="result.${format === 'arrow' ? 'arrows' : 'parquet'}"`);
  return reply.send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}
