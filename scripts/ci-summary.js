// Prints the line CI reads, "tests: N passed, N failed", from one or more of jest's --json reports (summed).
// A missing or unreadable report counts as a failure: a run that proved nothing must not pass.
const fs = require('fs');

const files = process.argv.length > 2 ? process.argv.slice(2) : ['.tmp/jest.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
let success = true;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    failed += 1;
    success = false;
    continue;
  }
  const failedSuites = (report.testResults || []).filter(
    (r) => r.status === 'failed' && (r.assertionResults || []).length === 0,
  ).length;
  passed += report.numPassedTests || 0;
  failed += (report.numFailedTests || 0) + failedSuites;
  skipped += (report.numPendingTests || 0) + (report.numTodoTests || 0);
  success = success && report.success === true && (report.numPassedTests || 0) > 0;
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || skipped > 0 || passed === 0 || !success ? 1 : 0);
