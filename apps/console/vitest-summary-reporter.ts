// Writes the unit tests' totals to tmp/test-results/apps_console_unit.json for `.ci/run`'s closing line,
// as tools/jest/summary-reporter.js does for jest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0, failed = 0, skipped = 0, failedSuites = 0;
    for (const m of modules) {
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failedSuites++;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
    }
    const dir = fileURLToPath(new URL('../../tmp/test-results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}apps_console_unit.json`, JSON.stringify({ passed, failed, skipped, failedSuites }));
  }
}
