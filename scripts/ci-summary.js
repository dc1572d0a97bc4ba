// Prints the line CI reads, "tests: N passed, N failed", from jest's --json output.
// A missing or unreadable report counts as a failure: a run that proved nothing must not pass.
const fs = require('fs');

const file = process.argv[2] || '.tmp/jest.json';
let report;
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  process.stdout.write('tests: 0 passed, 1 failed\n');
  process.exit(1);
}
const passed = report.numPassedTests || 0;
const failedSuites = (report.testResults || []).filter((r) => r.status === 'failed' && (r.assertionResults || []).length === 0).length;
const failed = (report.numFailedTests || 0) + failedSuites;
const skipped = (report.numPendingTests || 0) + (report.numTodoTests || 0);
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || skipped > 0 || passed === 0 || !report.success ? 1 : 0);
