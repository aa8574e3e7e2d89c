/**
 * The outlook card of the overview in a real browser against the real server (see dashboard.test.ts):
 * the coming weeks' figures as the API computes them, a holiday by its Chinese name, Chinese labels.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { E2E_KEYS, startDashboardServer, type DashboardServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium).`);

let server: DashboardServer;
let browser: Browser;

describe.skipIf(!hasChromium)('outlook card in chromium', () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    [server, browser] = await Promise.all([
      startDashboardServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the coming weeks\' total as the API gives it, and a holiday asked in Chinese with Chinese labels', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await context.addInitScript((k) => sessionStorage.setItem('crossings.apiKey', k), E2E_KEYS.planner);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#outlook h3', { timeout: 60_000 });
    const api = await (await fetch(`${server.url}/api/outlook?from=2026-01-01&to=2026-02-25`, { headers: { 'x-api-key': E2E_KEYS.planner } })).json() as { total: { mean: number } };
    expect(await page.locator('#outlook h3').textContent()).toMatch(/^Outlook: Thu,? 1 Jan 2026 – Wed,? 25 Feb 2026, 56 days$/);
    expect(await page.locator('#outlook .card strong').first().textContent()).toBe(api.total.mean.toLocaleString('en-GB'));
    expect(await page.locator('#outlook .card .card-label').allTextContents()).toEqual(expect.arrayContaining(['Land', 'Sea', 'Air']));
    // The overview's arrivals and departures cards and the outlook are one set of numbers.
    await page.waitForSelector('#cards .card:not(.peak) strong');
    const directionCards = (await page.locator('#cards .card:not(.peak) strong').allTextContents()).map((x) => Number(x.replace(/,/g, '')));
    expect(directionCards.reduce((a, b) => a + b, 0)).toBe(api.total.mean);

    await page.selectOption('#lang', 'zh-Hant');
    await page.waitForSelector('#outlook h3:has-text("出入境預測")', { timeout: 30_000 });
    await page.fill('#outlook-holiday', '農曆新年');
    await page.fill('#outlook-year', '2026');
    await page.click('#outlook button[type=submit]');
    await page.waitForSelector('#outlook h3:has-text("農曆新年")', { timeout: 30_000 });
    const text = await page.locator('#outlook').textContent();
    for (const label of ['假期出入境預測', '所有管制站', '陸路', '海路', '空路', '最高峯日', '羅湖']) expect(text).toContain(label);
    expect(errors).toEqual([]);
    await context.close();
  });
});
