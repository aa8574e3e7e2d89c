/**
 * Screenshots of the dashboard's main views for docs/screenshots/, taken in chromium from a running server (one
 * loaded with data/sample, a forecast and a backtest: see the README). Each is cut to the part a reader needs, so
 * the PNGs stay small. Run: npx tsx bench/screenshots.ts [http://localhost:8098] [outDir]
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const base = process.argv[2] ?? 'http://localhost:8098';
const out = process.argv[3] ?? new URL('../docs/screenshots/', import.meta.url).pathname;

interface Shot {
  name: string;
  path: string;
  /** Chart containers that must be drawn before the picture is taken. */
  charts: string[];
  /** Cut from the top of this element to the bottom of the last one (default: the whole page). */
  from?: string;
  to?: string;
  width?: number;
  /** The browser's language (the dashboard follows it): en-GB unless given. */
  locale?: string;
  /** Something to do on the page first (pick a region, hover a cell). */
  before?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: 'overview-hk', path: '#/overview', charts: ['chart-overview'], from: 'h2', to: '#chart-overview' },
  { name: 'overview-hk-season', path: '#/overview?range=season', charts: ['chart-overview'], from: '#range-bar', to: '#chart-overview' },
  { name: 'overview-hk-zh-hant', path: '#/overview?range=season', charts: ['chart-overview'], locale: 'zh-HK', from: '#range-bar', to: '#chart-overview' },
  { name: 'overview-us', path: '#/overview?region=US', charts: ['chart-overview'], from: 'h2', to: '.two' },
  { name: 'port-lo-wu', path: '#/port/hk-lo-wu', charts: ['chart-forecast', 'chart-components'], from: 'h2', to: '#port-components' },
  { name: 'components', path: '#/port/hk-lo-wu?direction=departure', charts: ['chart-components'], from: '#port-components', to: '#port-components' },
  { name: 'port-us-el-paso', path: '#/port/us-2402', charts: ['chart-forecast', 'chart-components', 'chart-weekday'] },
  // Needs a backtest made on 31 Dec 2024 (crossings backtest --origins 2024-12-31 --horizon 56).
  { name: 'port-past-range', path: '#/port/hk-lo-wu?range=custom&from=2025-01-13&to=2025-02-23&overlay=1', charts: ['chart-forecast'], from: '#range-bar', to: '#range-view' },
  // Needs the full HK file (typhoon Saola and the black rainstorm of 2023).
  { name: 'port-typhoon', path: '#/port/hk-lo-wu?range=custom&from=2023-08-15&to=2023-10-15', charts: ['chart-forecast'], from: '#range-bar', to: '#range-view' },
  { name: 'port-kai-tak', path: '#/port/hk-kai-tak-cruise-terminal?range=season', charts: ['chart-forecast'], from: 'h2', to: '#port-components' },
  { name: 'staffing-curve', path: '#/staffing/hk-lo-wu', charts: ['chart-officers', 'chart-curve'], from: 'h2', to: '#chart-curve' },
  { name: 'outlook-card', path: '#/overview', charts: ['chart-overview'], from: '#outlook', to: '#outlook' },
  { name: 'phone-390-overview', path: '#/overview', charts: ['chart-overview'], width: 390, from: 'h2', to: '#chart-overview' },
  { name: 'phone-390-port', path: '#/port/hk-lo-wu', charts: ['chart-forecast'], width: 390, from: 'h2', to: '#port-peaks' },
];

async function take(page: Page, shot: Shot): Promise<void> {
  await page.goto(`${base}/${shot.path}`);
  for (const id of shot.charts) await page.waitForSelector(`#${id}[data-rendered="true"] svg`, { timeout: 60_000 });
  await shot.before?.(page);
  await page.waitForLoadState('networkidle');
  const file = `${out}${shot.name}.png`;
  if (!shot.from) {
    await page.screenshot({ path: file, fullPage: true });
  } else {
    const top = await page.locator(shot.from).first().boundingBox();
    const bottom = await page.locator(shot.to ?? shot.from).last().boundingBox();
    if (!top || !bottom) throw new Error(`${shot.name}: ${shot.from} or ${shot.to} is not on the page`);
    const y = Math.max(0, top.y - 12);
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width: page.viewportSize()!.width, height: bottom.y + bottom.height + 12 - y } });
  }
  console.log(`${file} ${(statSync(file).size / 1024).toFixed(0)} KB`);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const only = process.env['SHOTS']?.split(',');
    for (const shot of SHOTS.filter((s) => !only || only.includes(s.name))) {
      const context = await browser.newContext({ viewport: { width: shot.width ?? 1280, height: 900 }, locale: shot.locale ?? 'en-GB' });
      await take(await context.newPage(), shot);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
