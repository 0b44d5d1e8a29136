// Every query the app sends must be served by an index declared in database/ (issue 11). Each test
// file of the app's own flows (everything under test/, whose clouds run in the test's process) leaves
// what its local clouds' index advisors noticed (localcloud/src/db/advisor.ts: a query, count, update,
// remove, watch or leading $match no declared index serves, i.e. a collection scan in production) in
// test-output/missing-indexes/; test/support/index-check.cjs fails the run when any is there. So the
// flows run once, not a second time for this check.
//
// Not counted: the local cloud's own tests (localcloud/**, which query ad hoc collections on purpose)
// and the files listed in DELIBERATE, which send an unindexed query to see it reported.
import fs from 'fs';
import path from 'path';
import { missingIndexesOfProcess } from '../../localcloud/src/db/advisor';

export const REPORT_DIR = path.resolve(__dirname, '../../test-output/missing-indexes');
const DELIBERATE = ['test/preview/cloud.test.ts'];

afterAll(() => {
  const testPath = path.relative(path.resolve(__dirname, '../..'), expect.getState().testPath ?? '');
  if (!testPath.startsWith('test/') || DELIBERATE.includes(testPath)) return;
  const missing = missingIndexesOfProcess();
  if (missing.length === 0) return;
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  fs.writeFileSync(path.join(REPORT_DIR, `${testPath.replace(/[/.]/g, '_')}.json`), JSON.stringify({ testPath, missing }, null, 1));
});
