/**
 * The dashboard in a real browser (Debian's chromium via playwright-core) against the real server on a
 * temporary DuckDB file loaded from data/sample with a forecast and a backtest run. Skipped when
 * /usr/bin/chromium is missing (`apt-get install -y chromium`).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { E2E_KEYS, startDashboardServer, type DashboardServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium).`);

const SCREENS = new URL('../../.tmp/screens/', import.meta.url).pathname;
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let server: DashboardServer;
let browser: Browser;
/** Every URL any page of the run asked for: none may leave 127.0.0.1. */
const requested: string[] = [];
/** Per page, the requests that failed or answered with an error status ("404 /api/..."), for failure messages. */
const failedResponses = new WeakMap<Page, string[]>();

/** Records a page's failed requests and error answers in failedResponses. */
function recordFailures(page: Page): void {
  const failed: string[] = [];
  failedResponses.set(page, failed);
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  page.on('requestfailed', (r) => failed.push(`${r.failure()?.errorText ?? 'failed'} ${new URL(r.url()).pathname}`));
}

/** A page with the given key in session storage (none: no key), recording its requests and page errors. */
async function openPage(key: string | null, viewport: { width: number; height: number } = VIEWPORTS.desktop, locale = 'en-GB'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale });
  if (key) await context.addInitScript((k) => sessionStorage.setItem('crossings.apiKey', k), key);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  recordFailures(page);
  return { page, errors };
}

/**
 * Waits until a chart container holds a drawn SVG, or the page shows an error; on an error or after
 * `timeout` it fails with what the page shows and which requests failed, not only "timed out". The first
 * page of a fresh browser on a fresh machine can be slow (fonts, a cold profile): those waits pass FIRST_PAGE.
 */
async function waitForChart(page: Page, id: string, timeout = 30_000): Promise<void> {
  const outcome = await page
    .waitForFunction(
      (chartId) => {
        if (document.querySelector(`#${chartId}[data-rendered="true"] svg`)) return 'drawn';
        return document.querySelector('#main .error') ? 'error' : false;
      },
      id,
      { timeout, polling: 200 },
    )
    .then((handle) => handle.jsonValue() as Promise<string>)
    .catch(() => 'timeout');
  if (outcome === 'drawn') return;
  const shown = await page.locator('#main').textContent().catch(() => '(no #main)');
  const failed = failedResponses.get(page) ?? [];
  throw new Error(`#${id}: ${outcome === 'error' ? 'the page shows an error' : `no chart after ${timeout / 1000} s`}; ` +
    `#main reads ${JSON.stringify(shown?.slice(0, 400))}; failed requests: ${JSON.stringify(failed)}`);
}

/** How long the first page of a fresh browser may take to draw its first chart. */
const FIRST_PAGE = 60_000;

/** Waits for a drawn chart (see waitForChart) and returns how many marks it has. */
async function chartMarks(page: Page, id: string, timeout?: number): Promise<number> {
  await waitForChart(page, id, timeout);
  return page.locator(`#${id} svg .mark-rect path, #${id} svg .mark-line path, #${id} svg .mark-area path, #${id} svg .mark-symbol path`).count();
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}${name}.png`, fullPage: true });
}

describe.skipIf(!hasChromium)('dashboard in chromium', () => {
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

  it('shows the overview: heatmap drawn, totals per direction, peak periods', async () => {
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.goto(`${server.url}/`);
    expect(await chartMarks(page, 'chart-overview', FIRST_PAGE)).toBeGreaterThan(100); // ports × 56 days of cells
    await expect.poll(() => page.locator('#totals tbody tr').count()).toBeGreaterThan(5);
    await page.waitForSelector('#overview-peaks li');
    expect(await page.locator('#cards .card').count()).toBe(3);
    // The count says what it counts; the list under it is ranked by severity, most severe first.
    expect(await page.locator('#peak-count').textContent()).toMatch(/^\d+ peak periods? ≥ 15% above normal in the next 8 weeks$/);
    const severities = (await page.locator('#overview-peaks li').allTextContents()).map((t) => Number(/\(\+(\d+)%\)/.exec(t)?.[1]));
    expect(severities.length).toBeGreaterThan(0);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    // The sample ends on 31 Dec 2025: the stamp says so, amber since daily data a day old is late.
    expect(await page.locator('#data-stamp').textContent()).toMatch(/^Data up to Wed,? 31 Dec 2025 \([\d,]+ days ago\)$/);
    expect(await page.locator('#data-stamp').getAttribute('class')).toContain('stale');
    // Holiday bands named above the ports; a cell's tooltip gives the full date, each direction with its interval.
    const bandNames = await page.locator('#chart-overview svg .mark-text text').allTextContents();
    expect(bandNames).toEqual(expect.arrayContaining(['Spring Festival', 'Lunar New Year']));
    await page.locator('#chart-overview svg .mark-rect path').first().hover({ force: true });
    await expect.poll(() => page.locator('#vg-tooltip-element').textContent()).toMatch(/Thu 1 Jan 2026.*Arrivals[\d,]+ \(80%: [\d,]+ – [\d,]+\)Departures[\d,]+ \(80%/);
    await screenshot(page, 'overview-desktop');

    // Any range on the overview too: a preset reaching back shows counted days, then the forecast, named in the address.
    await page.click('button[data-range="season"]');
    await expect.poll(() => page.url()).toMatch(/#\/overview\?range=season$/);
    await expect.poll(() => page.locator('#range-showing').textContent()).toMatch(/^Mon,? 1 Dec 2025 to Sat,? 28 Feb 2026 \(90 days\)$/);
    await waitForChart(page, 'chart-overview');
    await expect.poll(() => page.locator('#chart-overview').textContent()).toMatch(/Travellers per day: actuals, then forecasts/);
    expect(await page.locator('#chart-overview svg .mark-text text').allTextContents()).toEqual(expect.arrayContaining(['Christmas', 'Spring Festival']));
    expect(await page.locator('#chart-overview svg .mark-rule.role-mark').count()).toBe(1); // where counts end
    await expect.poll(() => page.locator('#totals-note').textContent()).toMatch(/^Counted travellers up to Wed,? 31 Dec 2025, forecast after it\.$/);
    expect(await page.locator('#outlook').count()).toBe(0); // the outlook is of the coming weeks
    expect(await page.locator('#peak-count').textContent()).toMatch(/in these 90 days$/);
    // Its ports link to their view over the same range.
    expect(await page.locator('#totals tbody a').first().getAttribute('href')).toMatch(/^#\/port\/hk-[\w-]+\?range=season$/);
    // A custom range wholly in the past: counted days only, no forecast peaks to list.
    await page.fill('#range-from', '2025-02-01');
    await page.fill('#range-to', '2025-02-14');
    await page.click('#range-form button[type="submit"]');
    await expect.poll(() => page.url()).toMatch(/range=custom&from=2025-02-01&to=2025-02-14$/);
    await waitForChart(page, 'chart-overview');
    await expect.poll(() => page.locator('#chart-overview').textContent()).toMatch(/Travellers per day \(actuals\)/);
    await expect.poll(() => page.locator('#peaks-past').count()).toBe(1);
    // A range longer than a column per day allows is refused in the page, with the reason.
    await page.fill('#range-to', '2025-08-01');
    await page.click('#range-form button[type="submit"]');
    await expect.poll(() => page.locator('#range-problem').textContent()).toMatch(/at most 92 days/);

    // The overview in Traditional and Simplified Chinese: headings, presets, holiday names, cell tooltips.
    await page.goto(`${server.url}/#/overview`);
    await waitForChart(page, 'chart-overview');
    await page.selectOption('#lang', 'zh-Hant');
    await expect.poll(() => page.locator('#main > h2').textContent()).toBe('香港：全部管制站');
    await waitForChart(page, 'chart-overview');
    expect(await page.locator('#range-bar').textContent()).toContain('未來 8 週');
    expect(await page.locator('#chart-overview svg .mark-text text').allTextContents()).toEqual(expect.arrayContaining(['春節', '農曆新年']));
    await page.locator('#chart-overview svg .mark-rect path').first().hover({ force: true });
    await expect.poll(() => page.locator('#vg-tooltip-element').textContent()).toMatch(/2026年1月1日（週四）.*入境/);
    await expect.poll(() => page.locator('#totals thead').textContent()).toContain('入境');
    await page.selectOption('#lang', 'zh-Hans');
    await expect.poll(() => page.locator('#main > h2').textContent()).toBe('香港：全部管制站');
    await waitForChart(page, 'chart-overview');
    expect(await page.locator('#chart-overview svg .mark-text text').allTextContents()).toEqual(expect.arrayContaining(['春节', '农历新年']));
    expect(await page.locator('#range-bar').textContent()).toContain('未来 8 周');
    await page.selectOption('#lang', 'en');
    expect(errors).toEqual([]);
  }, 120_000);

  it('draws the overview when the chart library arrives after the page\'s own script', async () => {
    // main.js is an async module: it can run once the page is parsed, before the deferred vega builds.
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.route('**/vendor/*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.goto(`${server.url}/`, { waitUntil: 'commit' });
    expect(await chartMarks(page, 'chart-overview')).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });

  it('shows a port: forecast with bands, peaks, weekday, accuracy; switches port, direction, language', async () => {
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.goto(`${server.url}/#/port/hk-lo-wu`);
    expect(await chartMarks(page, 'chart-forecast')).toBeGreaterThan(2);
    expect(await page.locator('#chart-forecast svg .mark-area path').count()).toBeGreaterThanOrEqual(2); // 80% and 95% bands
    expect(await chartMarks(page, 'chart-weekday')).toBeGreaterThan(0);
    expect(await chartMarks(page, 'chart-accuracy')).toBeGreaterThan(0);
    await page.waitForSelector('#port-peaks table');
    await screenshot(page, 'port-desktop');

    await page.selectOption('#port-select', 'hk-shenzhen-bay');
    await expect.poll(() => page.locator('h2').textContent()).toBe('Shenzhen Bay');
    await page.waitForSelector('#chart-forecast[data-rendered="true"]');
    expect(await page.locator('#chart-forecast svg').getAttribute('aria-label') ?? await page.locator('#chart-forecast').textContent()).toMatch(/Shenzhen Bay/);
    await page.selectOption('#direction-select', 'departure');
    await page.waitForSelector('#chart-forecast[data-rendered="true"]');
    expect(await page.locator('#chart-forecast').textContent()).toMatch(/departures/i);
    // The Lunar New Year peaks are labelled with their cause, in English here and in Chinese below.
    await expect.poll(() => page.locator('#port-peaks').textContent()).toMatch(/flood/);

    // Language: Traditional and Simplified Chinese names of control points, labels and peak causes follow the menu.
    await page.selectOption('#lang', 'zh-Hant');
    await expect.poll(() => page.locator('h2').textContent()).toBe('深圳灣');
    await page.waitForSelector('#chart-forecast[data-rendered="true"]');
    expect(await page.locator('nav').textContent()).toContain('總覽');
    expect(await page.locator('#port-select option:checked').textContent()).toBe('深圳灣');
    await expect.poll(() => page.locator('#chart-forecast').textContent()).toMatch(/深圳灣.*預測/);
    await expect.poll(() => page.locator('#port-peaks').textContent()).toMatch(/高峯|農曆新年/);
    expect(await page.locator('#port-peaks').textContent()).not.toMatch(/flood|农历/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hant-HK');
    await screenshot(page, 'port-desktop-zh-hant');
    await page.selectOption('#lang', 'zh-Hans');
    await expect.poll(() => page.locator('h2').textContent()).toBe('深圳湾');
    expect(await page.locator('nav').textContent()).toContain('总览');
    await expect.poll(() => page.locator('#port-peaks').textContent()).toMatch(/高峰/);
    await screenshot(page, 'port-desktop-zh');
    await page.selectOption('#lang', 'en');
    await expect.poll(() => page.locator('h2').textContent()).toBe('Shenzhen Bay');
    expect(errors).toEqual([]);
  });

  it('why this forecast: Lo Wu\'s forecast in its parts, peak days naming their largest effects (a holiday among them)', async () => {
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.goto(`${server.url}/#/port/hk-lo-wu`);
    await page.waitForSelector('#direction-select');
    await page.selectOption('#direction-select', 'departure');
    expect(await chartMarks(page, 'chart-components')).toBeGreaterThan(56); // a bar per part and day, the lines, the peak marks
    const chart = page.locator('#chart-components');
    expect(await chart.textContent()).toMatch(/Day of week/);
    expect(await chart.textContent()).toMatch(/Holidays and events/);
    // The peak days in words, the Lunar New Year among their causes, never a developer's column name.
    const list = page.locator('#components-peaks');
    await expect.poll(() => list.textContent()).toMatch(/Lunar New Year[^:]*: [+−]\d+%/);
    expect(await page.locator('#port-components').textContent()).not.toMatch(/hol_|_lead|_lag|calreg|lunar_new_year/);
    // A peak day's tooltip names its largest effects.
    const marks = page.locator('#chart-components svg .mark-symbol.role-mark path');
    const tips: string[] = [];
    for (let i = 0; i < (await marks.count()) && !tips.some((tip) => /Lunar New Year/.test(tip)); i++) {
      await marks.nth(i).hover({ force: true });
      tips.push((await page.locator('#vg-tooltip-element').textContent({ timeout: 5_000 })) ?? '');
    }
    expect(tips.find((tip) => /Lunar New Year/.test(tip))).toMatch(/Peak day.*Largest effects.*Lunar New Year[^:]*: [+−]\d+%/);
    await screenshot(page, 'port-components');

    await page.selectOption('#lang', 'zh-Hant');
    await expect.poll(() => page.locator('#components-peaks').textContent()).toMatch(/農曆新年|除夕|年初/);
    expect(await page.locator('#chart-components').textContent()).toMatch(/假期及活動/);
    await page.selectOption('#lang', 'zh-Hans');
    await expect.poll(() => page.locator('#components-peaks').textContent()).toMatch(/农历新年|除夕|年初/);
    await page.selectOption('#lang', 'en');
    expect(errors).toEqual([]);
  });

  it('any range: a preset goes into the address and a reload restores it; a past range shows the stored forecast, its error and named holidays', async () => {
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.goto(`${server.url}/#/port/hk-lo-wu`);
    await waitForChart(page, 'chart-forecast', FIRST_PAGE);
    await page.click('button[data-range="season"]');
    await expect.poll(() => page.url()).toContain('range=season');
    await expect.poll(() => page.locator('#range-showing').textContent()).toMatch(/^Mon,? 1 Dec 2025 to Sat,? 28 Feb 2026 \(90 days\)$/);
    await page.reload();
    await waitForChart(page, 'chart-forecast');
    expect(await page.locator('button[data-range="season"]').getAttribute('aria-pressed')).toBe('true');
    // A custom past range: the backtest window made with data up to 30 Sep 2025 is the forecast made for it.
    await page.fill('#range-from', '2025-10-01');
    await page.fill('#range-to', '2025-10-28');
    await page.click('#range-form button[type="submit"]');
    await expect.poll(() => page.url()).toMatch(/range=custom&from=2025-10-01&to=2025-10-28$/);
    await expect.poll(() => page.locator('#range-showing').textContent()).toMatch(/28 days/);
    await waitForChart(page, 'chart-forecast');
    await page.check('#overlay');
    await expect.poll(() => page.url()).toMatch(/range=custom&from=2025-10-01&to=2025-10-28&overlay=1$/);
    await expect.poll(() => page.locator('#last-year-note').count()).toBe(1);
    await waitForChart(page, 'chart-forecast');
    expect(await page.locator('#past-error').textContent()).toMatch(/^The forecast made with data up to Tue,? 30 Sept? 2025 \(a backtest.*\) was off by [\d.]+% on average over 28 days of this range, and [\d.]+% too (high|low) overall; \d+ of 28 days fell inside its 80% band\./);
    expect(await page.locator('#last-year-note').textContent()).toMatch(/National Day \(Tue,? 1 Oct 2024\) falls on this year's \(Wed,? 1 Oct 2025\)/);
    const legend = await page.locator('#chart-forecast svg .role-legend-label text').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['Actual', 'Forecast made then', 'Last year', 'Hong Kong']));
    const names = await page.locator('#chart-forecast svg .mark-text text').allTextContents();
    expect(names.some((n) => /National Day/.test(n))).toBe(true);
    await page.reload();
    await waitForChart(page, 'chart-forecast');
    expect(await page.locator('#range-from').inputValue()).toBe('2025-10-01');
    expect(await page.locator('#overlay').isChecked()).toBe(true);
    await screenshot(page, 'port-past-range');
    expect(errors).toEqual([]);
  }, 120_000);

  it('no dead ends: a name in the address is looked up, a wrong one says not found, a port without data says so', async () => {
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.goto(`${server.url}/#/port/${encodeURIComponent('羅湖')}`);
    await expect.poll(() => page.locator('h2').textContent()).toBe('Lo Wu');
    expect(page.url()).toContain('#/port/hk-lo-wu');
    await page.goto(`${server.url}/#/port/Lo%20Wo`);
    await page.waitForSelector('#port-missing');
    expect(await page.locator('#port-missing').textContent()).toMatch(/No control point is called "Lo Wo".*Did you mean:.*Lo Wu/);
    expect(await page.locator('#port-missing').textContent()).not.toMatch(/HTTP|GET \/api/);
    await page.goto(`${server.url}/#/port/hk-tuen-mun-ferry-terminal`);
    await expect.poll(() => page.locator('#port-missing').textContent()).toMatch(/Tuen Mun.*No crossings have been loaded/);
    expect(await page.locator('.error').count()).toBe(0);
    // In the sample, Hung Hom's data stops in July 2024 and Sha Tau Kok reports only zeros.
    await page.goto(`${server.url}/#/port/hk-hung-hom`);
    await expect.poll(() => page.locator('#forecast-notice').textContent()).toMatch(/No data since Tue, 30 Jul 2024, over a year: this control point is not forecast/);
    await waitForChart(page, 'chart-weekday');
    expect(await page.locator('#chart-forecast').count()).toBe(0);
    expect(await page.locator('.error').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/null|HTTP 404/);
    await page.goto(`${server.url}/#/port/hk-sha-tau-kok`);
    await expect.poll(() => page.locator('#forecast-notice').textContent()).toMatch(/taken as closed, forecast as zero/);
    expect(errors).toEqual([]);
  });

  it('a monthly US port is shown by month; the overview switches to the US ports', async () => {
    const { page, errors } = await openPage(E2E_KEYS.planner);
    await page.goto(`${server.url}/#/port/us-2504`);
    await waitForChart(page, 'chart-forecast');
    // The range view by month: presets in months, its last two years with the next 12 months first, a month axis.
    expect(await page.locator('#range-bar button[data-range]').allTextContents()).toEqual(['Last 2 years and next 12 months', 'Next 12 months', 'Same months last year']);
    expect(await page.locator('#range-showing').textContent()).toBe('Jan 2018 to Dec 2020 (36 months)');
    expect(await page.locator('#range-from').getAttribute('type')).toBe('month');
    expect(await page.locator('#chart-forecast').textContent()).toMatch(/Travellers per month/);
    expect(await page.locator('#chart-forecast svg .role-legend-label text').allTextContents()).toEqual(['Actual', 'Forecast', '80% band', '95% band']);
    const tip = page.locator('#chart-forecast svg .mark-rect path').last();
    await tip.hover({ force: true });
    await expect.poll(() => page.locator('#vg-tooltip-element').textContent()).toMatch(/^Dec 2020.*Arrivals.*Forecast[\d,]+80% interval[\d,]+ – [\d,]+/);
    await page.check('#overlay');
    await expect.poll(() => page.url()).toMatch(/range=recent&overlay=1$/);
    await waitForChart(page, 'chart-forecast');
    expect(await page.locator('#chart-forecast svg .role-legend-label text').allTextContents()).toContain('Last year');
    await waitForChart(page, 'chart-weekday');
    expect(await page.locator('#chart-weekday').textContent()).toMatch(/by month of the year/);
    // An arrivals-only port's month-of-year legend names arrivals alone.
    expect(await page.locator('#chart-weekday svg .role-legend-label text').allTextContents()).toEqual(['Arrivals']);
    expect(await page.locator('#direction-select option').allTextContents()).toEqual(['Arrivals']);
    // Why this forecast, by month: month of year instead of weekday (or, for a seasonal naive winner, why there are no parts).
    await page.waitForSelector('#chart-components[data-rendered="true"] svg, #components-none');
    if (await page.locator('#chart-components').count()) {
      const text = await page.locator('#chart-components').textContent();
      expect(text).toMatch(/Month of year/);
      expect(text).not.toMatch(/Day of week/);
    }
    expect(await page.locator('#port-components .error').count()).toBe(0);
    await screenshot(page, 'port-us-monthly');
    // A US port the engine gave to ETS: its chart has the month of year and no weekday.
    const rows = (await server.app.inject({ url: '/api/forecasts?category=personal_vehicle_passengers&levels=none', headers: { 'x-api-key': E2E_KEYS.planner } })).json() as Array<{ port_id: string; model: string }>;
    const etsPort = rows.find((r) => r.port_id.startsWith('us-') && r.model === 'ets')?.port_id;
    expect(etsPort).toBeDefined();
    await page.goto(`${server.url}/#/port/${etsPort}`);
    await waitForChart(page, 'chart-components');
    expect(await page.locator('#chart-components').textContent()).toMatch(/Month of year/);
    expect(await page.locator('#chart-components').textContent()).not.toMatch(/Day of week/);
    // Every bar inside the plot, none cut at the effect axis's end.
    const inside = await page.locator('#chart-components svg').evaluate((svg) => {
      const axis = [...svg.querySelectorAll('.role-axis')].find((a) => /Effects/.test(a.textContent ?? ''));
      const line = axis?.querySelector('.role-axis-domain')?.getBoundingClientRect();
      const bars = [...svg.querySelectorAll('.mark-rect path')].map((b) => b.getBoundingClientRect()).filter((b) => b.height > 0);
      return { bars: bars.length, inside: !!line && bars.every((b) => b.bottom < line.bottom - 0.5 && b.top > line.top + 0.5) };
    });
    expect(inside.bars).toBeGreaterThan(0);
    expect(inside.inside).toBe(true);
    await screenshot(page, 'port-us-components');
    await page.goto(`${server.url}/#/overview`);
    await waitForChart(page, 'chart-overview');
    await page.selectOption('#region-select', 'US');
    await expect.poll(() => page.locator('#main > h2').textContent()).toBe('United States: all ports (monthly counts)');
    await expect.poll(() => page.url()).toMatch(/#\/overview\?region=US$/);
    await waitForChart(page, 'chart-overview');
    expect(await page.locator('#chart-overview').textContent()).toMatch(/per month/);
    expect(await page.locator('#range-showing').textContent()).toBe('Jan 2020 to Dec 2020 (12 months)');
    // The same months a year back are counted months, named so.
    await page.click('button[data-range="last_year"]');
    await expect.poll(() => page.url()).toMatch(/region=US&range=last_year$/);
    await waitForChart(page, 'chart-overview');
    await expect.poll(() => page.locator('#chart-overview').textContent()).toMatch(/Travellers per month \(actuals\)/);
    await page.mouse.move(0, 0);
    await page.locator('#chart-overview svg .mark-rect path').first().hover({ force: true });
    await expect.poll(() => page.locator('#vg-tooltip-element').textContent()).toMatch(/January 2019.*Actual.*Arrivals[\d,]+/);
    await page.click('button[data-range="next12"]');
    await waitForChart(page, 'chart-overview');
    await expect.poll(() => page.locator('#totals tbody tr').count()).toBeGreaterThan(1);
    expect(await page.locator('#totals thead').textContent()).not.toMatch(/Departures/);
    await screenshot(page, 'overview-us');
    expect(errors).toEqual([]);
  });

  it('a browser asking for zh-HK gets Traditional Chinese, zh-CN Simplified', async () => {
    for (const [locale, overview] of [['zh-HK', '總覽'], ['zh-CN', '总览']] as const) {
      const { page, errors } = await openPage(E2E_KEYS.planner, VIEWPORTS.desktop, locale);
      await page.goto(`${server.url}/#/port/hk-lo-wu`);
      await expect.poll(() => page.locator('nav').textContent()).toContain(overview);
      await expect.poll(() => page.locator('h2').textContent()).toBe(locale === 'zh-HK' ? '羅湖' : '罗湖');
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('recomputes the staffing plan when a parameter changes, and downloads every export', async () => {
    const { page, errors } = await openPage(E2E_KEYS.manager);
    await page.goto(`${server.url}/#/staffing/hk-lo-wu`);
    await page.waitForSelector('#plan table');
    expect(await chartMarks(page, 'chart-officers')).toBeGreaterThan(0);
    // The half-hour requirement curve of the busiest day: a line per direction.
    expect(await chartMarks(page, 'chart-curve')).toBeGreaterThan(0);
    expect(await page.locator('#chart-curve svg .mark-line path').count()).toBe(2);
    expect(await page.locator('#chart-curve svg').getAttribute('aria-label')).toContain('busiest day');
    // Only ports with daily data can be staffed: the monthly US ports are not offered here.
    const offered = await page.locator('#port-select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('hk-lo-wu');
    expect(offered.filter((id) => id.startsWith('us-'))).toEqual([]);
    const officers = async () => Number(await page.locator('#plan').getAttribute('data-officers'));
    const before = await officers();
    expect(before).toBeGreaterThan(0);
    await screenshot(page, 'staffing-desktop');

    // Planning for the busy case (upper 80% bound) needs more officers.
    await page.selectOption('#staff-basis', 'hi80');
    await expect.poll(officers).toBeGreaterThan(before);
    const busy = await officers();

    // Shrinkage: the server applies it and the plan grows.
    await page.fill('#param-shrinkage', '45');
    await page.press('#param-shrinkage', 'Enter');
    await expect.poll(officers).toBeGreaterThan(busy);
    expect(await page.locator('#params-note').isVisible()).toBe(false);
    // Shares that do not add up to 100% are refused in the page, with the reason.
    await page.fill('#param-share_egate', '90');
    await page.press('#param-share_egate', 'Enter');
    await expect(page.locator('#params-error').textContent()).resolves.toMatch(/100%/);
    await page.click('#params-form button[type="button"]'); // reset

    const MAGIC: Record<string, (b: Buffer) => boolean> = {
      xlsx: (b) => b.subarray(0, 2).toString('latin1') === 'PK',
      pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
      csv: (b) => /^[\w"]+(,|;)/.test(b.toString('utf8').replace(/^\uFEFF/, '')),
    };
    for (const report of ['staffing', 'peaks']) {
      for (const format of ['xlsx', 'pdf', 'csv']) {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 30_000 }),
          page.click(`button[data-report="${report}"][data-format="${format}"]`),
        ]);
        const bytes = readFileSync((await download.path())!);
        expect(download.suggestedFilename(), `${report} ${format}`).toMatch(new RegExp(`\\.${format}$`));
        expect(bytes.length, `${report} ${format}`).toBeGreaterThan(100);
        expect(MAGIC[format]!(bytes), `${report} ${format} content`).toBe(true);
      }
    }
    // The staffing view in Traditional and Simplified Chinese: heading, charts, the plan's columns.
    for (const [lang, heading, chart, column] of [['zh-Hant', '人手編排計劃', '每班編排人員', '編排人員'], ['zh-Hans', '人手编排计划', '每班编排人员', '编排人员']] as const) {
      await page.selectOption('#lang', lang);
      await expect.poll(() => page.locator('h2').first().textContent()).toBe(heading);
      await waitForChart(page, 'chart-officers');
      await expect.poll(() => page.locator('#chart-officers').textContent()).toContain(chart);
      await expect.poll(() => page.locator('#plan thead').textContent()).toContain(column);
      expect(await page.locator('#port-select option:checked').textContent()).toBe(lang === 'zh-Hant' ? '羅湖' : '罗湖');
    }
    await page.selectOption('#lang', 'en');
    expect(errors).toEqual([]);
  });

  it('says clearly when a key is missing or lacks the manager role', async () => {
    const { page: anon } = await openPage(null);
    await anon.goto(`${server.url}/`);
    await anon.waitForSelector('#notice:not([hidden])');
    expect(await anon.locator('#notice').textContent()).toMatch(/needs an API key/);
    expect(await anon.locator('#key-form').isVisible()).toBe(true);
    await anon.fill('#key-input', E2E_KEYS.planner);
    await anon.press('#key-input', 'Enter');
    await anon.waitForSelector('#chart-overview[data-rendered="true"]');
    expect(await anon.evaluate(() => sessionStorage.getItem('crossings.apiKey'))).toBe(E2E_KEYS.planner);

    await anon.goto(`${server.url}/#/staffing/hk-lo-wu`);
    await anon.waitForSelector('#plan table');
    // A planner key cannot download: the page says so before a click, and the buttons are off.
    expect(await anon.locator('#download-status').textContent()).toMatch(/planner role; downloads need a manager/);
    expect(await anon.locator('button[data-report="staffing"][data-format="pdf"]').isDisabled()).toBe(true);
    expect(await anon.locator('#access-mode').isHidden()).toBe(true);
  });

  it('fits a phone screen: each view without page-wide sideways scrolling', async () => {
    const { page, errors } = await openPage(E2E_KEYS.manager, VIEWPORTS.phone);
    for (const [view, chart] of [['overview', 'chart-overview'], ['port/hk-lo-wu', 'chart-forecast'], ['staffing/hk-lo-wu', 'chart-officers']] as const) {
      await page.goto(`${server.url}/#/${view}`);
      await page.reload();
      expect(await chartMarks(page, chart)).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
      await screenshot(page, `${view.split('/')[0]}-phone`);
    }
    expect(errors).toEqual([]);
  });

  it('sent no request beyond 127.0.0.1', () => {
    expect(requested.length).toBeGreaterThan(20);
    const outside = requested.filter((u) => !/^(http:\/\/127\.0\.0\.1[:/]|blob:http:\/\/127\.0\.0\.1[:/]|data:)/.test(u));
    expect(outside).toEqual([]);
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

describe.skipIf(!hasChromium)('dashboard on a server with no keys', () => {
  it('reads without a key', async () => {
    const open = await startDashboardServer({ keys: false });
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await (await b.newContext({ acceptDownloads: true })).newPage();
      recordFailures(page);
      await page.goto(`${open.url}/`);
      await waitForChart(page, 'chart-overview', FIRST_PAGE);
      expect(await page.locator('#notice').isHidden()).toBe(true);
      // Local mode: shown in the bar, and a manager's download works with no key at all.
      expect(await page.locator('#access-mode').textContent()).toBe('Local mode');
      await page.goto(`${open.url}/#/staffing/hk-lo-wu`);
      await page.waitForSelector('#plan table');
      expect(await page.locator('#download-status').textContent()).not.toMatch(/role/);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.click('button[data-report="staffing"][data-format="xlsx"]'),
      ]);
      expect(download.suggestedFilename()).toMatch(/^staffing-hk-lo-wu-.*\.xlsx$/);
    } finally {
      await b.close();
      await open.close();
    }
  }, 120_000);
});
