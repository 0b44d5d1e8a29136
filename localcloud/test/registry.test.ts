// The local cloud composed from its service list: every service registered once, found by name,
// described by getInfo(), started in order and stopped in reverse.
import type { LocalCloud } from '../src/cloud';
import { defineService, ServiceRegistry } from '../src/registry';
import type { ServiceContext } from '../src/server/service';
import { startTestCloud } from './support/cloud';

describe('the local cloud', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(async () => {
    await cloud.stop();
  });

  it('lists its services in start order, each on the one server', () => {
    const info = cloud.services();
    expect(info.map((s) => s.name)).toEqual(['database', 'realtime', 'storage', 'openapi', 'functions', 'console']);
    expect(info.every((s) => s.url === cloud.url && s.serves.length > 0)).toBe(true);
  });

  it('finds a service by name, the same one its shorthand returns', () => {
    expect(cloud.service('functions')).toBe(cloud.functions);
    expect(cloud.service('database')).toBe(cloud.db);
  });
});

describe('ServiceRegistry', () => {
  const ctx = { baseUrl: () => 'http://127.0.0.1:1' } as ServiceContext;
  const events: string[] = [];
  const fake = (name: 'database' | 'realtime') =>
    defineService({
      name,
      serves: name,
      // only the Service part matters here; the fakes stand in for the real services
      create: async () => ({ name, start: async () => void events.push(`start ${name}`), stop: async () => void events.push(`stop ${name}`) }) as never,
    });

  it('starts in registration order, stops in reverse, and refuses duplicates and unknown names', async () => {
    const registry = new ServiceRegistry(ctx);
    await registry.create(fake('database'));
    await registry.create(fake('realtime'));
    await expect(registry.create(fake('database'))).rejects.toThrow('already registered');
    expect(() => registry.get('functions')).toThrow('functions is not registered (registered: database, realtime)');
    expect(registry.getInfo('realtime')).toEqual({ name: 'realtime', url: 'http://127.0.0.1:1', serves: 'realtime' });
    await registry.startAll();
    await registry.stopAll();
    expect(events).toEqual(['start database', 'start realtime', 'stop realtime', 'stop database']);
  });
});
