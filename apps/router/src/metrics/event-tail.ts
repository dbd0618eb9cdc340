/**
 * Which ticket_events ids the live engine has applied. Ids come from a sequence at insert time,
 * so a transaction still open can commit a lower id after higher ones are visible: the tail
 * reads everything above a low watermark, applies each id once, and lets the watermark pass a
 * missing id only after `gapGraceMs` (a rolled-back insert leaves a hole that never fills).
 */
export class EventTail {
  private seen = new Set<number>();
  private readonly gapSince = new Map<number, number>();
  private highest: number;

  constructor(
    private watermark: number,
    private readonly gapGraceMs: number,
  ) {
    this.highest = watermark;
  }

  /** Ids above this may still arrive. */
  get after(): number {
    return this.watermark;
  }

  /** True the first time an id is offered: apply the event then. */
  accept(id: number): boolean {
    if (id <= this.watermark || this.seen.has(id)) return false;
    this.seen.add(id);
    if (id > this.highest) this.highest = id;
    return true;
  }

  /** Moves the watermark over applied ids, and over holes older than the grace period. */
  settle(nowMs: number): void {
    while (this.watermark < this.highest) {
      const next = this.watermark + 1;
      if (this.seen.delete(next)) {
        this.gapSince.delete(next);
        this.watermark = next;
        continue;
      }
      const since = this.gapSince.get(next) ?? nowMs;
      this.gapSince.set(next, since);
      if (nowMs - since < this.gapGraceMs) break;
      this.gapSince.delete(next);
      this.watermark = next;
    }
  }

  /** Ids held above the watermark (applied, waiting for a hole below them to settle). */
  get pending(): number {
    return this.seen.size;
  }
}
