import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../config.js';

/** Which roles may do what a route needs: admin may do everything; planner-level reads are open to every role. */
const GRANTS: Record<Role, readonly Role[]> = {
  planner: ['planner', 'manager', 'analyst', 'admin'],
  manager: ['manager', 'admin'],
  analyst: ['analyst', 'admin'],
  admin: ['admin'],
};

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The key a request carries (x-api-key header, or Authorization: Bearer). */
export function requestKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

/** The role of a key, comparing against every configured key in constant time. */
export function roleOfKey(keys: ReadonlyMap<string, Role>, key: string): Role | undefined {
  const wanted = digest(key);
  let found: Role | undefined;
  for (const [k, role] of keys) if (timingSafeEqual(digest(k), wanted)) found = role;
  return found;
}

/**
 * Refuses the request unless its key's role grants `need`: 401 without a valid key, 403 with a key of
 * another role. With no keys configured, reading is open (local use) and everything else is closed.
 */
export function requireRole(app: FastifyInstance, request: FastifyRequest, need: Role): void {
  const keys = app.config.apiKeys;
  if (keys.size === 0) {
    if (need === 'planner') return;
    throw app.httpErrors.forbidden(`This needs the ${need} role; set CROSSINGS_API_KEYS on the server and send a key in x-api-key.`);
  }
  const key = requestKey(request);
  if (!key) throw app.httpErrors.unauthorized('Send an API key in the x-api-key header (or Authorization: Bearer KEY).');
  const role = roleOfKey(keys, key);
  if (!role) throw app.httpErrors.unauthorized('The API key is not valid.');
  if (!GRANTS[need].includes(role)) throw app.httpErrors.forbidden(`This needs the ${need} role; your key has the ${role} role.`);
}
