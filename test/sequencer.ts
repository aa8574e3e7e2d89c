/**
 * Test files in an order that keeps both workers busy to the end: the files that take longest (a browser, child
 * processes, signals) start first, so no long file begins while the other worker runs out of work. On a fresh
 * clone vitest has no durations cached and would start them in any order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  'test/e2e/dashboard.test.ts', 'test/ingest/atomic.test.ts', 'test/sql/readonly.test.ts', 'test/sql/sql.test.ts',
  'test/reports/charts/charts.test.ts', 'test/ingest/runs.test.ts', 'test/ingest/ingest.test.ts', 'test/api/fuzz.test.ts',
  'test/ingest/plausible.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projectOrder = new Map<string, number>();
    for (const f of sorted) if (!projectOrder.has(f.project.name)) projectOrder.set(f.project.name, projectOrder.size);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => projectOrder.get(a.file.project.name)! - projectOrder.get(b.file.project.name)! || rank(a.file) - rank(b.file) || a.index - b.index)
      .map((x) => x.file);
  }
}
