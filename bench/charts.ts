/**
 * Time to build and render each chart as SVG and as PNG (median of 20 runs each), on real-looking data
 * from the shared ImmD file. Run: npx tsx bench/charts.ts [runs]
 */
import { buildChart, charts, renderPng, renderSvg, resolveFontFiles, type ChartName } from '../src/reports/charts/index.js';
import { sampleInputs } from '../test/reports/charts/fixtures.js';

const runs = Number(process.argv[2] ?? 20);

/** Median wall time in ms of `runs` calls of an async function (after one warm-up call). */
async function medianMs(f: () => Promise<unknown>): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

console.log(`chart render times, median of ${runs}, Node ${process.version}, font ${resolveFontFiles().join(', ')}`);
console.log('chart      lang  svg ms  png ms  png KB');
for (const lang of ['en', 'zh'] as const) {
  const inputs = sampleInputs(lang);
  for (const name of Object.keys(charts) as ChartName[]) {
    const build = () => buildChart(name, inputs[name] as never);
    const svg = await medianMs(() => renderSvg(build()));
    const png = await medianMs(() => renderPng(build()));
    const kb = (await renderPng(build())).length / 1024;
    console.log(`${name.padEnd(10)} ${lang.padEnd(4)} ${svg.toFixed(0).padStart(6)} ${png.toFixed(0).padStart(7)} ${kb.toFixed(0).padStart(7)}`);
  }
}
