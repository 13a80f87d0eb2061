/**
 * Per-city values that are read on every request but change rarely (units, the catalogue, the
 * calendar, the case policy). A value is reloaded after `ttlMs`, so that a change made by another
 * process is seen within that time; a change made in this process calls `invalidate` at once.
 */
export class CityCache {
  private readonly entries = new Map<string, { loadedAtMs: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs = 5_000) {}

  get<T>(cityId: string, name: string, load: () => Promise<T>): Promise<T> {
    const key = `${cityId}:${name}`;
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.loadedAtMs < this.ttlMs) return entry.value as Promise<T>;
    const value = load();
    this.entries.set(key, { loadedAtMs: Date.now(), value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** Forgets one value, or every value of the city. */
  invalidate(cityId: string, name?: string): void {
    for (const key of [...this.entries.keys()]) {
      if (name === undefined ? key.startsWith(`${cityId}:`) : key === `${cityId}:${name}`) this.entries.delete(key);
    }
  }
}
