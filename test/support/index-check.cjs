// Jest's global setup and teardown for the missing-index check (test/support/index-report.ts):
// setup empties the report folder; teardown fails the run when any flow of the app left a report,
// listing each query shape with its sender and an index that would serve it. Plain JS: Jest loads
// global hooks outside the projects' transforms.
const fs = require('fs');
const path = require('path');

const REPORT_DIR = path.resolve(__dirname, '../../test-output/missing-indexes');

function reported() {
  if (!fs.existsSync(REPORT_DIR)) return [];
  const rows = new Set();
  for (const file of fs.readdirSync(REPORT_DIR)) {
    const { testPath, missing } = JSON.parse(fs.readFileSync(path.join(REPORT_DIR, file), 'utf8'));
    for (const m of missing) {
      const sources = m.sources.map((s) => s.source).join(', ');
      const suggested = m.suggested.map((s) => JSON.stringify(s)).join(' | ');
      rows.add(`${m.collection} ${m.operation} ${m.shape} from ${sources} (${testPath}); an index that serves it: ${suggested}`);
    }
  }
  return [...rows];
}

module.exports = {
  setup() {
    fs.rmSync(REPORT_DIR, { recursive: true, force: true });
  },
  teardown() {
    const rows = reported();
    if (rows.length) throw new Error(`queries of the app that no index in database/ serves (a collection scan in production):\n${rows.join('\n')}`);
  },
};
