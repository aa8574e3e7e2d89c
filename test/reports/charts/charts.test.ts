import { configuredChartFonts } from '../../../src/config.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import {
  buildChart, chartMessages, charts, compileSpec, forecastChart, isChartName, renderPng, renderSvg,
  resolveFontFiles, type ChartName, type Lang,
} from '../../../src/reports/charts/index.js';
import { calendarCells } from '../../../src/reports/charts/calendar.js';
import { overviewBands, overviewHeatmap } from '../../../src/reports/charts/overview.js';
import { weekdayIndex } from '../../../src/reports/charts/common.js';
import { preferredFamily } from '../../../src/reports/charts/fonts.js';
import { sampleInputs } from './fixtures.js';
import { decodePng, inkShare, pngSignature } from './png.js';

const outDir = '.tmp/charts';
const names = Object.keys(charts) as ChartName[];
const langs: Lang[] = ['en', 'zh', 'zh-Hant'];

// What each chart must draw, and a port name its text must contain.
const expected: Record<ChartName, { marks: string[]; text: Record<Lang, string> }> = {
  forecast: { marks: ['mark-area', 'mark-line', 'mark-symbol', 'mark-rule'], text: { en: 'Lo Wu', zh: '罗湖', 'zh-Hant': '羅湖' } },
  history: { marks: ['mark-line'], text: { en: 'Lo Wu', zh: '罗湖', 'zh-Hant': '羅湖' } },
  calendar: { marks: ['mark-rect'], text: { en: 'Lo Wu', zh: '罗湖', 'zh-Hant': '羅湖' } },
  weekday: { marks: ['mark-rect'], text: { en: 'Shenzhen Bay', zh: '深圳湾', 'zh-Hant': '深圳灣' } },
  ports: { marks: ['mark-rect', 'mark-text'], text: { en: 'Lok Ma Chau', zh: '落马洲', 'zh-Hant': '落馬洲' } },
  overview: { marks: ['mark-rect', 'mark-text'], text: { en: 'Shenzhen Bay', zh: '深圳湾', 'zh-Hant': '深圳灣' } },
};

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
const svgSize = (svg: string) => {
  const m = /<svg[^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
};

describe('chart registry', () => {
  it('names every chart the API serves', () => {
    expect(names).toEqual(['forecast', 'history', 'calendar', 'weekday', 'ports', 'overview']);
    expect(isChartName('forecast')).toBe(true);
    expect(isChartName('toString')).toBe(false);
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => buildChart('pie' as ChartName, {} as never)).toThrow(chartMessages.unknownChart('pie', names));
  });
});

describe.each(langs)('charts in %s', (lang) => {
  let inputs: ReturnType<typeof sampleInputs>;
  beforeAll(() => {
    inputs = sampleInputs(lang);
    mkdirSync(outDir, { recursive: true });
  });

  describe.each(names)('%s', (name) => {
    const spec = (): TopLevelSpec => buildChart(name, inputs[name] as never);

    it('compiles with no warnings and loads nothing from a URL', () => {
      const { spec: vg, warnings } = compileSpec(spec());
      expect(warnings).toEqual([]);
      expect(JSON.stringify(vg.data ?? [])).not.toMatch(/"url"/);
    });

    it('renders SVG with the expected marks and port name', async () => {
      const svg = await renderSvg(spec());
      expect(svg.startsWith('<svg')).toBe(true);
      for (const mark of expected[name].marks) expect(svg).toContain(mark);
      expect(texts(svg).join('\n')).toContain(expected[name].text[lang]);
      if (lang !== 'en') expect(texts(svg).some((t) => /[\u4e00-\u9fff]/.test(t))).toBe(true);
      else expect(texts(svg).some((t) => /[\u4e00-\u9fff]/.test(t))).toBe(false);
    });

    it('renders a PNG of the SVG size times the scale, not blank', async () => {
      const s = spec();
      const { width, height } = svgSize(await renderSvg(s));
      const png = await renderPng(s, { scale: 1.5 });
      writeFileSync(`${outDir}/${name}-${lang}.png`, png);
      expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
      const img = decodePng(png);
      expect(img.width).toBe(Math.round(width * 1.5));
      expect(img.height).toBe(Math.round(height * 1.5));
      expect(inkShare(img.pixels)).toBeGreaterThan(0.02);
    });
  });
});

describe('Chinese text in PNG', () => {
  const titled = (text: string): TopLevelSpec => ({
    title: { text, fontSize: 40 },
    width: 10,
    height: 10,
    config: { font: '"Noto Sans CJK SC", sans-serif', view: { stroke: null } },
    data: { values: [] },
    mark: 'point',
  });

  it('draws different glyphs for different characters (tofu boxes would be identical)', async () => {
    const a = decodePng(await renderPng(titled('罗湖')));
    const b = decodePng(await renderPng(titled('深圳')));
    expect(a.width).toBe(b.width);
    expect(inkShare(a.pixels)).toBeGreaterThan(0.01);
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(false);
  });

  it('uses the Simplified Chinese face of the configured font', () => {
    expect(preferredFamily(resolveFontFiles())).toMatch(/CJK SC|Micro Hei/);
  });

  it('says what to install when no CJK font exists', () => {
    expect(() => resolveFontFiles(undefined, undefined, ['/nonexistent/a.ttc'])).toThrow(chartMessages.noCjkFont(['/nonexistent/a.ttc']));
  });

  it('says which configured font path is wrong', () => {
    expect(() => resolveFontFiles(undefined, configuredChartFonts({ CROSSINGS_CHART_FONT: '/nope.ttc' }))).toThrow(chartMessages.fontNotFound('/nope.ttc'));
  });
});

describe('inputs', () => {
  const fc = [{ date: '2025-12-01', mean: 10, lo80: 8, hi80: 12, lo95: 6, hi95: 14 }];

  it('refuses an empty forecast', () => {
    expect(() => forecastChart({ actuals: [], forecast: [], port: 'Lo Wu', direction: 'arrival' })).toThrow(chartMessages.noRows('forecast'));
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => forecastChart({ actuals: [{ date: '01-12-2025', count: 1 }], forecast: fc, port: 'Lo Wu', direction: 'arrival' })).toThrow(chartMessages.badDate('01-12-2025'));
  });

  it('refuses a negative count, naming the row', () => {
    expect(() => forecastChart({ actuals: [], forecast: [{ ...fc[0]!, lo95: -1 }], port: 'Lo Wu', direction: 'arrival' })).toThrow(chartMessages.badCount('forecast', 0, 'lo95', '-1'));
  });

  it('never fetches: a spec with a URL fails with a clear message', async () => {
    const spec: TopLevelSpec = { data: { url: 'https://example.com/x.csv' }, mark: 'point' };
    await expect(renderSvg(spec)).rejects.toThrow(chartMessages.networkRefused('https://example.com/x.csv'));
  });

  it('places days in a Monday-first month grid whatever the time zone', () => {
    expect(weekdayIndex('2025-12-01')).toBe(0);
    expect(weekdayIndex('2025-12-07')).toBe(6);
    const cells = calendarCells([{ date: '2025-02-01', count: 1 }, { date: '2025-02-03', count: 2 }], [{ date: '2025-02-03', name: 'x', region: 'HK' }], 'zh');
    expect(cells.map((c) => [c.weekday, c.week, c.holiday, c.region])).toEqual([['周六', 0, '', ''], ['周一', 1, 'x', '香港']]);
  });

  it('says which holidays are projected (the mainland\'s years not published yet), in the chart\'s language', () => {
    const rows = [{ date: '2027-02-05', count: 1 }, { date: '2027-02-06', count: 1 }];
    const holidays = [
      { date: '2027-02-05', name: 'Spring Festival 春节', region: 'CN', projected: true },
      { date: '2027-02-06', name: 'Lunar New Year’s Day', region: 'HK', projected: false },
    ];
    expect(calendarCells(rows, holidays, 'en').map((c) => c.holiday)).toEqual(['Spring Festival 春节 (dates projected)', 'Lunar New Year’s Day']);
    expect(calendarCells(rows, holidays, 'zh')[0]!.holiday).toBe('Spring Festival 春节（日期为推算）');
    const overview = JSON.stringify(overviewHeatmap({ rows: rows.map((r) => ({ port: 'Lo Wu', date: r.date, mean: 1, peak: false })), holidays, lang: 'en' }));
    expect(overview).toContain('Spring Festival (dates projected)');
  });
});

describe('holiday bands on the forecast chart', () => {
  it('one named band per holiday, its days joined and the same name in two regions merged', async () => {
    const { holidayBands } = await import('../../../src/reports/charts/forecast.js');
    const bands = holidayBands([
      { date: '2026-01-01', name: 'The first day of January', region: 'HK' },
      { date: '2026-01-01', name: "New Year's Day 元旦", region: 'CN' },
      { date: '2026-02-17', name: "Lunar New Year's Day", region: 'HK' },
      { date: '2026-02-18', name: 'The second day of Lunar New Year', region: 'HK' },
      { date: '2026-02-19', name: 'The third day of Lunar New Year', region: 'HK' },
    ], 'en');
    expect(bands).toEqual([
      { start: '2026-01-01', end: '2026-01-02', name: "New Year's Day", region: '*' },
      { start: '2026-02-17', end: '2026-02-20', name: 'Lunar New Year', region: 'HK' },
    ]);
    expect(holidayBands([{ date: '2026-02-17', name: "Lunar New Year's Day", region: 'HK' }], 'zh-Hant')[0]!.name).toBe('農曆新年');
  });
});

describe('the overview over any range', () => {
  const row = (date: string, actual: boolean) => ({
    port: 'Lo Wu', port_zh: '罗湖', date, mean: 3, peak: false, actual,
    directions: [{ direction: 'arrival' as const, mean: 1, lo80: actual ? null : 0.5, hi80: actual ? null : 1.5 }, { direction: 'departure' as const, mean: 2 }],
  });

  it('names counted days and forecast days, with the full date and each direction in the tooltip', () => {
    const spec = JSON.stringify(overviewHeatmap({ rows: [row('2025-12-31', true), row('2026-01-01', false)], lang: 'en' }));
    expect(spec).toContain('Travellers per day: actuals, then forecasts');
    expect(spec).toContain('"day":"Wed 31 Dec 2025"');
    expect(spec).toContain('"arrival":"1 (80%: 1 – 2)"'); // whole travellers
    expect(spec).toContain('"kind":"Actual"');
    expect(JSON.stringify(overviewHeatmap({ rows: [row('2025-12-31', true)], lang: 'zh-Hant' }))).toContain('"day":"2025年12月31日（週三）"');
  });

  it('draws each holiday as one named band across its days, merged over regions', () => {
    const holidays = [
      { date: '2026-02-17', name: 'Lunar New Year’s Day', region: 'HK' },
      { date: '2026-02-18', name: 'The second day of Lunar New Year', region: 'HK' },
      { date: '2026-02-17', name: 'Spring Festival 春节', region: 'CN' },
    ];
    expect(overviewBands(holidays, 'en')).toEqual([
      { start: '2026-02-17', end: '2026-02-17', name: 'Spring Festival', region: 'CN' },
      { start: '2026-02-17', end: '2026-02-18', name: 'Lunar New Year', region: 'HK' },
    ]);
    expect(overviewBands(holidays, 'zh-Hant').map((b) => b.name)).toEqual(['春節', '農曆新年']);
  });
});
