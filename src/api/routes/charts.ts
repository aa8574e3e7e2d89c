import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TopLevelSpec } from 'vega-lite';
import { messages } from '../../messages.js';
import { buildChart, charts, isChartName, renderPng, renderSvg, type ChartName, type Lang } from '../../reports/charts/index.js';
import { CHART_NEEDS, loadChartInput, type ChartOptions } from '../../reports/charts/data.js';
import { needs } from '../auth.js';
import { sendCached, type Produced } from '../cache.js';
import { checkRange, checkRangeLength, forecastRun, resolvePort } from '../lookup.js';
import { categoryParam, dateParam, directionParam, langParam, portParam, query, runParam } from '../schemas/params.js';

type Format = 'json' | 'svg' | 'png';

/** The query a chart is drawn from (dates already checked); the port as the client typed it. */
type ChartQuery = Omit<ChartOptions, 'checkLength'>;

interface ChartsQuery extends Omit<ChartQuery, 'from' | 'to' | 'lang'> {
  lang?: Lang | 'zh-Hans';
  from?: string;
  to?: string;
  format?: Format;
  scale?: 1 | 2;
}

const SUFFIXES: Record<string, Format> = { '.json': 'json', '.svg': 'svg', '.png': 'png' };
const TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
};

/** "forecast.png" → forecast and png; the format comes from the suffix, else format=, else the Accept header. */
function parseName(raw: string, format: Format | undefined, accept: string | undefined): { name: string; format: Format; conflict?: string } {
  const dot = raw.lastIndexOf('.');
  const suffix = dot > 0 ? raw.slice(dot).toLowerCase() : '';
  const fromSuffix = SUFFIXES[suffix];
  const name = fromSuffix ? raw.slice(0, dot) : raw;
  if (fromSuffix && format && format !== fromSuffix) return { name, format: fromSuffix, conflict: suffix };
  const first = (accept ?? '').split(',')[0]?.trim() ?? '';
  const fromAccept: Format | undefined = first.startsWith('image/png') ? 'png' : first.startsWith('image/svg') ? 'svg' : undefined;
  return { name, format: fromSuffix ?? format ?? fromAccept ?? 'json' };
}

/** The Vega-Lite spec of a chart: the port and run resolved (a 400 without a port, 404s), the loader's input, the builder. */
async function chartSpec(app: FastifyInstance, name: ChartName, q: ChartQuery): Promise<TopLevelSpec> {
  const needed = CHART_NEEDS[name];
  if (needed.port && q.port === undefined) throw app.httpErrors.badRequest(messages.chartNeedsPort(name));
  const port = needed.port && q.port !== undefined ? await resolvePort(app, q.port) : undefined;
  const run = needed.run ? await forecastRun(app, q.run) : undefined;
  const input = await loadChartInput(app.readDb, name, {
    ...q, ...(port !== undefined ? { port } : {}), ...(run !== undefined ? { run } : {}),
    checkLength: (from, to, max) => checkRangeLength(app, from, to, max),
  });
  return buildChart(name, input);
}

/**
 * GET /api/charts/{name}[.svg|.png]: a chart as its Vega-Lite spec, or rendered on the server. Each chart is
 * built and rendered once per forecast run (and ingest) and then served from memory with an ETag.
 */
const chartsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { name: string }; Querystring: ChartsQuery }>(
    '/charts/:name',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['charts'],
        summary: `A chart as Vega-Lite JSON, SVG or PNG. Charts: ${Object.keys(charts).join(', ')}.`,
        description:
          'forecast (port, direction, run, from/to, history_days): mean with 80/95% bands over recent actuals; ' +
          'history (port, from/to): daily travellers by direction; calendar (port, direction, from/to): calendar heatmap with holidays; ' +
          'weekday (port, from/to): mean by day of week and direction; ports (country, from/to): all ports compared; ' +
          'overview (run, country, from/to): ports × days of the forecast with peak days outlined. ' +
          'Add .svg or .png to the name (or format=svg|png) for an image; lang=zh-Hant for Traditional, zh-Hans (or zh) for Simplified Chinese labels.',
        params: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['name'] },
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam, from: dateParam('First day'), to: dateParam('Last day'),
          run: runParam, lang: langParam,
          history_days: { type: 'integer', minimum: 0, maximum: 1100, description: 'Days of actuals before the forecast (forecast chart); default 56.' },
          country: { type: 'string', minLength: 1, maxLength: 10, description: 'Only ports of this country code (ports and overview charts), e.g. HK.' },
          format: { type: 'string', enum: ['json', 'svg', 'png'] },
          scale: { type: 'integer', enum: [1, 2], description: 'PNG pixel ratio; default 1.' },
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { name, format, conflict } = parseName(request.params.name, q.format, request.headers.accept);
      if (conflict) throw app.httpErrors.badRequest(messages.chartFormatConflict(conflict, q.format ?? ''));
      if (!isChartName(name)) throw app.httpErrors.notFound(messages.unknownChartName(name, Object.keys(charts)));
      const range = checkRange(app, q.from, q.to);
      if (q.history_days !== undefined && !(Number.isInteger(q.history_days) && q.history_days >= 0 && q.history_days <= 1100)) {
        throw app.httpErrors.badRequest(messages.badQueryInteger('history_days', q.history_days, 0, 1100));
      }
      const input: ChartQuery = {
        ...(q.port !== undefined ? { port: q.port } : {}), ...(q.direction ? { direction: q.direction } : {}),
        ...(q.category !== undefined ? { category: q.category } : {}), ...range, ...(q.run !== undefined ? { run: q.run } : {}),
        ...(q.lang ? { lang: q.lang === 'zh-Hans' ? 'zh' : q.lang } : {}), ...(q.history_days !== undefined ? { history_days: q.history_days } : {}),
        ...(q.country !== undefined ? { country: q.country } : {}),
      };
      const scale = format === 'png' ? (q.scale ?? 1) : 1;
      const specKey = `chart\u0000${name}\u0000${JSON.stringify(input)}`;
      const entry = await app.responseCache.get(`${specKey}\u0000${format}\u0000${scale}`, async (): Promise<Produced> => {
        // The spec is cached on its own too, so the JSON, SVG and PNG of one chart query the database once.
        const specEntry = await app.responseCache.get(`${specKey}\u0000spec`, async () => ({ body: await chartSpec(app, name, input) }));
        if (format === 'json') return { body: specEntry.body, type: TYPES.json };
        const spec = JSON.parse(specEntry.body.toString('utf8')) as TopLevelSpec;
        return format === 'svg' ? { body: await renderSvg(spec), type: TYPES.svg } : { body: await renderPng(spec, { scale }), type: TYPES.png };
      });
      return sendCached(request, reply, entry);
    },
  );
};
export default chartsRoutes;
