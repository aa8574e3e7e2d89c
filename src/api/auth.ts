import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { accessMode, ROLES, type AccessMode, type Role } from '../config.js';
import { messages } from '../messages.js';

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

// Digests of the configured keys, computed once per key map rather than on every request.
const digests = new WeakMap<ReadonlyMap<string, Role>, [Buffer, Role][]>();

/** The role of a key, comparing against every configured key in constant time. */
export function roleOfKey(keys: ReadonlyMap<string, Role>, key: string): Role | undefined {
  let known = digests.get(keys);
  if (!known) {
    known = [...keys].map(([k, role]) => [digest(k), role]);
    digests.set(keys, known);
  }
  const wanted = digest(key);
  let found: Role | undefined;
  for (const [d, role] of known) if (timingSafeEqual(d, wanted)) found = role;
  return found;
}

/** A short, non-reversible name of a valid key (for rate-limit buckets and logs), or undefined for no or an unknown key. */
export function keyId(keys: ReadonlyMap<string, Role>, request: FastifyRequest): string | undefined {
  const key = requestKey(request);
  if (!key || keys.size === 0 || !roleOfKey(keys, key)) return undefined;
  return digest(key).toString('base64url').slice(0, 16);
}

/**
 * Refuses the request unless its key's role grants `need`: 401 without a valid key, 403 with a key of
 * another role. With no keys configured every role is open in local mode (loopback address) and with
 * CROSSINGS_OPEN=1; otherwise (an app built by hand on another address) only reading is.
 */
export function requireRole(app: FastifyInstance, request: FastifyRequest, need: Role): void {
  const keys = app.config.apiKeys;
  if (keys.size === 0) {
    const mode = accessMode(app.config);
    if (mode === 'local' || mode === 'open' || need === 'planner') return;
    throw app.httpErrors.forbidden(messages.roleClosedWithoutKeys(need, app.config.host));
  }
  const key = requestKey(request);
  if (!key) throw app.httpErrors.unauthorized('Send an API key in the x-api-key header (or Authorization: Bearer KEY).');
  const role = roleOfKey(keys, key);
  if (!role) throw app.httpErrors.unauthorized('The API key is not valid.');
  if (!GRANTS[need].includes(role)) throw app.httpErrors.forbidden(`This needs the ${need} role; your key has the ${role} role.`);
}

/** An onRequest hook that refuses the request unless its key has `need` (runs before the query is even validated). */
export function needs(app: FastifyInstance, need: Role): onRequestAsyncHookHandler {
  return async (request) => requireRole(app, request, need);
}

/** What the caller may do: how the server lets requests in, the role of the request's key, and every role it grants. */
export interface Access {
  mode: AccessMode;
  /** The key's role; null without a (valid) key. */
  role: Role | null;
  /** Roles the request may act as: all of them in local and open mode. */
  roles: Role[];
}

/** The access of one request (never throws: a missing or unknown key just grants nothing). */
export function accessOf(app: FastifyInstance, request: FastifyRequest): Access {
  const mode = accessMode(app.config);
  if (mode === 'local' || mode === 'open') return { mode, role: null, roles: [...ROLES] };
  if (mode === 'closed') return { mode, role: null, roles: ['planner'] };
  const key = requestKey(request);
  const role = key ? roleOfKey(app.config.apiKeys, key) ?? null : null;
  return { mode, role, roles: role ? ROLES.filter((r) => GRANTS[r].includes(role)) : [] };
}
