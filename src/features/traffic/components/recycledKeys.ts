/**
 * React keys for the rows of a virtualised list that reuse the DOM of rows
 * that scrolled out for the rows that scroll in. Keyed by item, every row
 * that enters the window is a fresh subtree (created, styled, laid out) and
 * every row that leaves is removed: a fast scroll over a big list spends most
 * of its frame doing that. Keyed by slot, a row that enters takes over the
 * nodes of one that left, and React only changes its text and attributes.
 *
 * An item keeps its slot while it stays rendered, so rows that do not change
 * are not touched (and memoised rows skip rendering).
 */
export class RecycledKeys {
  private slotOf = new Map<number, number>();
  private slots = 0;

  /** One slot per item, in order; distinct within one call. */
  assign(items: readonly number[]): number[] {
    const next = new Map<number, number>();
    for (const item of items) {
      const slot = this.slotOf.get(item);
      if (slot !== undefined) next.set(item, slot);
    }
    const taken = new Set(next.values());
    const free: number[] = [];
    for (const slot of this.slotOf.values()) if (!taken.has(slot)) free.push(slot);
    free.reverse(); // pop() hands out slots in the order they were freed
    const keys = items.map((item) => {
      let slot = next.get(item);
      if (slot === undefined) {
        slot = free.pop() ?? this.slots++;
        next.set(item, slot);
      }
      return slot;
    });
    this.slotOf = next;
    return keys;
  }
}
