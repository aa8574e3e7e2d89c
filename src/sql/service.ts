/** The one SnapshotSql of a Fastify app, shared by the SQL and saved-query plugins and closed with the app. */
import type { FastifyInstance } from 'fastify';
import type { SandboxLimits } from './sandbox.js';
import { snapshotSql, type SnapshotSql } from './snapshot.js';

const services = new WeakMap<object, SnapshotSql>();

/** The app's SnapshotSql over its write database (created on first use, closed when the app closes). */
export function sqlService(app: FastifyInstance, limits: Partial<SandboxLimits> = {}): SnapshotSql {
  const key = app.writeDb.instance;
  let service = services.get(key);
  if (!service) {
    service = snapshotSql(app.writeDb.instance, app.writeDb.path, limits);
    services.set(key, service);
    const created = service;
    app.addHook('onClose', async () => {
      services.delete(key);
      await created.close();
    });
  }
  return service;
}
