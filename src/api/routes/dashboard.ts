import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

const require = createRequire(import.meta.url);
const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

/** The browser builds the dashboard loads, by the name it asks for under /vendor/ (from node_modules, never a CDN). */
const VENDOR: Record<string, { pkg: string; file: string }> = {
  'vega.min.js': { pkg: 'vega', file: 'build/vega.min.js' },
  'vega-lite.min.js': { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  'vega-embed.min.js': { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
};

/** The folder of an installed package (its package.json may be hidden by "exports", so resolve its main file and walk up). */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!dir.endsWith(join('node_modules', pkg))) dir = dirname(dir);
  return dir;
}

// vega-embed adds a style element; vega itself needs no eval because the page asks for the AST interpreter.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The planners' dashboard: `/` and its static files from web/, plus the vega, vega-lite and vega-embed
 * browser builds under /vendor/. Reading needs no key here; the page sends its key to the API itself.
 */
const dashboardRoutes: FastifyPluginAsync = async (app) => {
  // Encapsulated (no fastify-plugin): these headers reach the dashboard's files only, not the API.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff');
    return payload;
  });
  await app.register(fastifyStatic, {
    root: WEB_DIR,
    prefix: '/',
    index: 'index.html',
    wildcard: false,
    cacheControl: true,
    maxAge: 0,
  });

  const vendorFiles = Object.fromEntries(
    Object.entries(VENDOR).map(([name, { pkg, file }]) => [name, join(packageDir(pkg), file)]),
  );
  app.get<{ Params: { file: string } }>('/vendor/:file', { schema: { hide: true } }, async (request, reply) => {
    const path = vendorFiles[request.params.file];
    if (!path) throw app.httpErrors.notFound(`No vendor file ${request.params.file}; there are ${Object.keys(VENDOR).join(', ')}.`);
    // The versions are pinned in package.json and the page names them in the URL, so a day's caching is safe.
    return reply.header('cache-control', 'public, max-age=86400').sendFile(request.params.file, dirname(path));
  });
};

export default dashboardRoutes;
