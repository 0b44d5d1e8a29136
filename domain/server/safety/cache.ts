// A per-instance cache with a time to live. Cloud function instances stay warm between calls, so a
// module-level cache spares a read per message; the TTL bounds how long an admin's edit waits.
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(private readonly ttlMs: number) {}

  async get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = await load();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    return value;
  }
}
