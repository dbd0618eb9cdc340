import { effectivePriority } from '../priority.js';

export interface WaitingTicket {
  id: string;
  priority: number;
  enqueuedAt: Date;
}

/**
 * Orders waiting tickets: highest effective priority (intake priority plus ageing) first, then
 * earliest enqueue, then id so the order is total and repeatable.
 */
export function compareWaiting(now: Date, secondsPerPoint = 60) {
  return (a: WaitingTicket, b: WaitingTicket): number => {
    const pa = effectivePriority(a.priority, a.enqueuedAt, now, secondsPerPoint);
    const pb = effectivePriority(b.priority, b.enqueuedAt, now, secondsPerPoint);
    if (pa !== pb) return pb - pa;
    const ta = a.enqueuedAt.getTime();
    const tb = b.enqueuedAt.getTime();
    if (ta !== tb) return ta - tb;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

export function orderWaiting<T extends WaitingTicket>(tickets: readonly T[], now: Date, secondsPerPoint = 60): T[] {
  return [...tickets].sort(compareWaiting(now, secondsPerPoint));
}
