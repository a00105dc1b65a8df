// Runs every vitest project and ends with one plain line "tests: N passed, N failed, N skipped"
// so CI can read the outcome; exits non-zero when anything failed or nothing ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

mkdirSync('artifacts', { recursive: true });
const report = 'artifacts/vitest-report.json';
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });

let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.log('tests: 0 passed, 1 failed (the test run produced no report)');
  process.exit(1);
}
const passed = summary.numPassedTests;
// A file that fails to load has no failed test of its own: count it once.
const failed = summary.numFailedTests || (summary.numFailedTestSuites > 0 ? 1 : 0);
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
