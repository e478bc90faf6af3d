// Writes the browser tests' totals to tmp/test-results/apps_console_e2e.json for `.ci/run`'s closing line.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry < test.retries && result.status !== 'passed') return;
    if (result.status === 'passed') this.passed++;
    else if (result.status === 'skipped') this.skipped++;
    else this.failed++;
  }

  onEnd(result: FullResult): void {
    const dir = join(__dirname, '..', '..', '..', 'tmp', 'test-results');
    mkdirSync(dir, { recursive: true });
    // A setup that failed before any test ran is one failed check, not "0 failed".
    const failedSuites = result.status !== 'passed' && this.failed === 0 ? 1 : 0;
    writeFileSync(join(dir, 'apps_console_e2e.json'), JSON.stringify({ passed: this.passed, failed: this.failed, skipped: this.skipped, failedSuites }));
  }
}
