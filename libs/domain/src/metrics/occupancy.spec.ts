import { occupancy, type TimeInterval, type WorkInterval } from './occupancy.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
/** [T0 + from s, T0 + to s), or still running when `to` is null. */
const span = (from: number, to: number | null): TimeInterval => ({
  startMs: T0 + from * 1000,
  endMs: to === null ? null : T0 + to * 1000,
});
const work = (from: number, to: number | null, weight = 1): WorkInterval => ({ ...span(from, to), weight });

describe('occupancy over [T0, T0 + 120 s)', () => {
  const over = (available: TimeInterval[], handled: WorkInterval[]) => occupancy(T0, T0 + 120_000, available, handled);

  it.each<[string, TimeInterval[], WorkInterval[], number, number, number | null]>([
    // name, available, work, busy ms, staffed ms, occupancy %
    ['one 60 s voice call while available throughout', [span(0, 120)], [work(30, 90)], 60_000, 120_000, 50],
    [
      'one chat of three (weight 1/3) for the whole window',
      [span(0, 120)],
      [work(0, 120, 1 / 3)],
      40_000,
      120_000,
      33.33,
    ],
    ['available throughout, no work', [span(0, 120)], [], 0, 120_000, 0],
    ['no available time and no work', [], [], 0, 0, null],
    // Available 0–60 s, a call 30–90 s: 0–30 idle (staffed 30), 30–60 busy (30/30), 60–90 busy while away (30/30).
    ['a call that runs on after going away', [span(0, 60)], [work(30, 90)], 60_000, 90_000, 66.67],
    // Away throughout, a call 30–90 s: away work counts in both numerator and denominator.
    ['work while away only', [], [work(30, 90)], 60_000, 60_000, 100],
    // A chat (1/3) 30–90 s, available 0–60 s: busy 10 + 10 s; staffed 60 s available + 10 s of load while away.
    ['a chat that runs on after going away', [span(0, 60)], [work(30, 90, 1 / 3)], 20_000, 70_000, 28.57],
    // Two calls 0–60 and 30–90 s: load 1, 2 (capped at 1), 1, then 0 → busy 90 s.
    ['overlapping calls, load capped at 1', [span(0, 120)], [work(0, 60), work(30, 90)], 90_000, 120_000, 75],
    // Four chats of 1/3 all window: load 4/3, capped at 1.
    ['four chats of three', [span(0, 120)], [1, 2, 3, 4].map(() => work(0, 120, 1 / 3)), 120_000, 120_000, 100],
    // Three chats of 1/3: load exactly 1.
    ['three chats of three', [span(0, 120)], [1, 2, 3].map(() => work(0, 120, 1 / 3)), 120_000, 120_000, 100],
    // Overlapping availability intervals are still one agent's time.
    ['overlapping available intervals', [span(0, 90), span(30, 120)], [work(0, 60)], 60_000, 120_000, 50],
  ])('%s', (_name, available, handled, busyMs, staffedMs, percent) => {
    expect(over(available, handled)).toEqual({ busyMs, staffedMs, occupancyPercent: percent });
  });

  it('clips intervals to the window and runs open ones to its end', () => {
    // Available since 60 s before the window and still; a call since 30 s before and still running: busy all
    // 120 s. A call wholly before the window and one wholly after do not count.
    expect(over([span(-60, null)], [work(-30, null), work(-100, -50), work(120, 200)])).toEqual({
      busyMs: 120_000,
      staffedMs: 120_000,
      occupancyPercent: 100,
    });
    // Available from 90 s on, one call 100–130 s: 90–100 idle, 100–120 busy → 20 / 30 s.
    expect(over([span(90, null)], [work(100, 130)])).toEqual({
      busyMs: 20_000,
      staffedMs: 30_000,
      occupancyPercent: 66.67,
    });
  });

  it('ignores an empty interval', () => {
    expect(over([span(10, 10)], [work(20, 20)])).toEqual({ busyMs: 0, staffedMs: 0, occupancyPercent: null });
  });
});
