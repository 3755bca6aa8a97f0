/**
 * Reads kept for a while, by key: a read's promise is kept `ms` milliseconds and shared while in
 * flight, so a lapsed entry under load costs one read, not one per concurrent request (at 1M postings
 * a lapsed health count cache let 50 clients start 50 exact counts). A read that fails is forgotten,
 * so the next caller tries again. Expired entries are dropped when a new one is stored.
 */
export class KeptReads {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ms: number) {}

  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ms) return hit.value as Promise<T>;
    for (const [k, e] of this.entries) if (now - e.at >= this.ms) this.entries.delete(k);
    const entry = { at: now, value: read() };
    this.entries.set(key, entry);
    entry.value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}
