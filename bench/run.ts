/**
 * `npm run bench`: every benchmark in turn, each in its own process so one cannot slow the next.
 * Each prints its own figures; see the README for what they mean and the targets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHES = ['ingest', 'ingest-paths', 'forecast-speed', 'accuracy', 'outlook', 'monthly', 'holidays', 'staffing', 'charts', 'api', 'refit', 'dashboard', 'sql'];

let failed = 0;
for (const name of BENCHES) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(bench ${name} exited with ${r.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
