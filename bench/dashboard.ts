/**
 * First view interactive: loads the dashboard's overview in chromium against the real server (sample data,
 * a forecast run) and reads the browser's timings — DOMContentLoaded, load, and the page's own
 * "overview-rendered" mark (set when the overview heatmap is drawn). Target: the mark under 1.5 s.
 * Run: npx tsx bench/dashboard.ts [runs]
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { E2E_KEYS, startDashboardServer } from '../test/e2e/server.js';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = Number(process.argv[2] ?? 7);
const TARGET_MS = 1500;

interface Timing { domContentLoaded: number; load: number; overviewRendered: number; transferKb: number }

/** Loads the overview once in a fresh context (cold browser cache) and returns its timings in ms. */
async function measure(browser: import('playwright-core').Browser, url: string): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((k) => sessionStorage.setItem('crossings.apiKey', k), E2E_KEYS.planner);
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.waitForFunction(() => performance.getEntriesByName('overview-rendered').length > 0, undefined, { timeout: 30_000 });
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const bytes = performance.getEntriesByType('resource').reduce((s, r) => s + (r as PerformanceResourceTiming).encodedBodySize, nav.encodedBodySize);
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      overviewRendered: performance.getEntriesByName('overview-rendered')[0]!.startTime,
      transferKb: bytes / 1024,
    };
  });
  await context.close();
  return t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    process.exit(2);
  }
  const server = await startDashboardServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const cold = await measure(browser, server.url); // the server's first answers: nothing cached yet
    const runs: Timing[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, server.url));
    const row = (label: string, f: (t: Timing) => number) =>
      console.log(`${label.padEnd(24)} first ${f(cold).toFixed(0).padStart(6)}   median ${median(runs.map(f)).toFixed(0).padStart(6)}   min ${Math.min(...runs.map(f)).toFixed(0).padStart(6)}   max ${Math.max(...runs.map(f)).toFixed(0).padStart(6)}`);
    console.log(`dashboard first view, ${RUNS} runs after one cold run (ms; fresh browser context each, server cache warm after the first)`);
    row('DOMContentLoaded', (t) => t.domContentLoaded);
    row('load', (t) => t.load);
    row('overview rendered', (t) => t.overviewRendered);
    console.log(`transferred ${median(runs.map((t) => t.transferKb)).toFixed(0)} KiB per load`);
    const m = median(runs.map((t) => t.overviewRendered));
    console.log(`target: overview rendered < ${TARGET_MS} ms — ${m < TARGET_MS && cold.overviewRendered < TARGET_MS ? 'met' : 'NOT met'} (first ${cold.overviewRendered.toFixed(0)}, median ${m.toFixed(0)})`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
