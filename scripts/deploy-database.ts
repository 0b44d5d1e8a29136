// Deploys database/ (collections, indexes, security rules) to a real CloudBase env with
// @cloudbase/manager-node; the CloudBase CLI has no command for these (cloudbase-facts.md §6).
//
//   npx tsx scripts/deploy-database.ts --env <envId> [--dry-run]
//   credentials: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (a CAM key with TCB access)
import { parseArgs } from 'util';
import CloudBase from '@cloudbase/manager-node';
import { loadCollectionSpecs } from '../domain/spec';
import { DeployStep, describeStep, planDatabaseDeploy } from './deploy/plan';

type Manager = InstanceType<typeof CloudBase>;

async function existingIndexes(manager: Manager, collections: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const name of collections) {
    const exists = await manager.database.checkCollectionExists(name);
    if (!exists.Exists) continue;
    const info = await manager.database.describeCollection(name);
    result.set(
      name,
      (info.Indexes ?? []).map((i) => i.Name),
    );
  }
  return result;
}

async function perform(manager: Manager, step: DeployStep): Promise<void> {
  switch (step.kind) {
    case 'ensureCollection':
      await manager.database.createCollectionIfNotExists(step.collection);
      return;
    case 'createIndex':
      await manager.database.updateCollection(step.collection, {
        CreateIndexes: [
          {
            IndexName: step.index.name,
            MgoKeySchema: {
              MgoIsUnique: step.index.unique ?? false,
              MgoIndexKeys: step.index.keys.map((k) => ({ Name: k.name, Direction: k.direction })),
            },
          },
        ],
      });
      return;
    case 'dropIndex':
      await manager.database.updateCollection(step.collection, { DropIndexes: [{ IndexName: step.indexName }] });
      return;
    case 'setRules':
      await manager.permission.modifyResourcePermission({
        resourceType: 'collection',
        resource: step.collection,
        permission: 'CUSTOM',
        securityRule: step.securityRule,
      });
      return;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { env: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  const specs = loadCollectionSpecs();
  if (values['dry-run']) {
    console.log(`Plan for ${values.env ?? '<env>'} (dry run: existing indexes unknown, nothing is dropped or changed):`);
    for (const step of planDatabaseDeploy(specs)) console.log(`  - ${describeStep(step)}`);
    return;
  }
  const { TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey } = process.env;
  if (!values.env || !secretId || !secretKey) {
    throw new Error('usage: deploy-database --env <envId> [--dry-run]; set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
  }
  const manager = new CloudBase({ envId: values.env, secretId, secretKey });
  const plan = planDatabaseDeploy(
    specs,
    await existingIndexes(
      manager,
      specs.map((s) => s.collectionName),
    ),
  );
  for (const step of plan) {
    console.log(describeStep(step));
    await perform(manager, step);
  }
  console.log(`deployed ${specs.length} collections to ${values.env}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
