/** Sends a SQL answer in the asked format, with headers saying how many rows came and whether it was cut. */
import type { FastifyReply } from 'fastify';
import { MEDIA_TYPES } from '../sql/formats.js';
import type { PooledResult } from './sqlService.js';

/** Replies with the answer a worker formatted: JSON body, CSV text, Arrow IPC stream or Parquet bytes. */
export function sendSqlResult(reply: FastifyReply, result: PooledResult): FastifyReply {
  reply
    .header('x-row-count', String(result.rowCount))
    .header('x-truncated', String(result.truncated))
    .header('x-elapsed-ms', String(result.elapsedMs))
    .header('x-snapshot-at', result.snapshotAt.toISOString())
    .type(MEDIA_TYPES[result.format]);
  if (result.format === 'arrow' || result.format === 'parquet') reply.header('content-disposition', `attachment; filename="result.${result.format === 'arrow' ? 'arrows' : 'parquet'}"`);
  return reply.send(result.body);
}
