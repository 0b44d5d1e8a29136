// Every query the app sends is served by an index declared in database/ (issue 11). The app's own
// flows — the suites of test/functions, test/communities, test/messaging, test/safety and
// test/security, unchanged — run here once more, each against its local cloud as usual; every
// local cloud's index advisor (localcloud/src/db/advisor.ts) notes each query, count, update, remove
// and leading $match that no declared index serves (a collection scan in production). The last test
// asserts that there are none, listing each with its sender and the index that would serve it.
//
// The suites are required inside describe blocks, so their beforeAll/afterAll hooks stay theirs.
/* eslint-disable @typescript-eslint/no-require-imports -- the flows are other test files, loaded for their tests */
import { missingIndexesOfProcess } from '../../localcloud/src/db/advisor';

const FLOWS = [
  '../functions/messaging.test',
  '../functions/seed.test',
  '../communities/flows.test',
  '../communities/discovery.test',
  '../communities/invitations.test',
  '../communities/matrix.test',
  '../communities/rules.test',
  '../safety/account.test',
  '../safety/moderation.test',
  '../safety/notify.test',
  '../safety/reports.test',
  '../security/holes.test',
  '../messaging/delivery.test',
  '../messaging/gapfill.test',
  '../messaging/history.test',
  '../messaging/loop.test',
  '../messaging/outbox.test',
  '../messaging/rules.test',
  // not ../messaging/fault.test: its 150 s drain adds time and no query the others do not send
];

for (const flow of FLOWS) {
  describe(flow.replace(/^\.\.\//, ''), () => {
    require(flow);
  });
}

describe('indexes', () => {
  it('no query of the app needs an index database/ does not declare', () => {
    // One row per shape; the same shape may come from several of the flows' clouds.
    const byShape = new Map<string, { collection: string; operation: string; shape: string; sources: Set<string>; suggested: string }>();
    for (const m of missingIndexesOfProcess()) {
      const key = `${m.collection} ${m.operation} ${m.shape}`;
      const row = byShape.get(key) ?? { collection: m.collection, operation: m.operation, shape: m.shape, sources: new Set<string>(), suggested: m.suggested.map((s) => JSON.stringify(s)).join(' | ') };
      for (const s of m.sources) row.sources.add(s.source);
      byShape.set(key, row);
    }
    const missing = [...byShape.values()].map((r) => ({ ...r, sources: [...r.sources].join(', ') }));
    expect(missing).toEqual([]);
  });
});
