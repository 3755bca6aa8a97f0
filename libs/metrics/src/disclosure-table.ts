import { applyDisclosure, type DisclosureCell, type DisclosureGroup, type Protected } from './disclosure.js';

/**
 * Collects the people-counting cells of one answer and the sums that tie them, then applies
 * disclosure control once over the whole answer. Cells registered with `published: false` are not
 * in the answer but can be derived from it (e.g. "not employed" = with data - employed): they are
 * protected too, so a small derived cell forces a complement among the published ones.
 */
export class DisclosureTable {
  private readonly cells: DisclosureCell[] = [];
  private readonly published = new Set<string>();
  private readonly groups: DisclosureGroup[] = [];
  private result: Map<string, Protected> | undefined;

  cell(id: string, count: number, published = true): string {
    this.cells.push({ id, count });
    if (published) this.published.add(id);
    return id;
  }

  /** total = sum(parts), as a reader could write it from the answer. */
  sum(total: string, parts: string[]): void {
    this.groups.push({ total, parts });
  }

  apply(k: number): this {
    this.result = applyDisclosure(this.cells, this.groups, k);
    return this;
  }

  get(id: string): Protected {
    const p = this.result?.get(id);
    if (!p) throw new Error(this.result ? `DisclosureTable: no cell "${id}"` : 'DisclosureTable: apply(k) first');
    return p;
  }

  /** Shown value or null. */
  value(id: string): number | null {
    return this.get(id).value;
  }

  /**
   * A count of people as an answer shows it: the value, or null with the reason it is hidden
   * (the PeopleCount of the API).
   */
  people(id: string): Protected {
    const p = this.get(id);
    return p.suppressed ? { value: null, suppressed: true, reason: p.reason } : { value: p.value, suppressed: false };
  }

  /** Published cells hidden by disclosure control (the envelope's suppressedCells). */
  suppressedCount(): number {
    let n = 0;
    for (const id of this.published) if (this.get(id).suppressed) n++;
    return n;
  }
}
