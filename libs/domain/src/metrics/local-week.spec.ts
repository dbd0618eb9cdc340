import { isTimeZone, localWeekStart } from './local-week.js';

describe('localWeekStart', () => {
  it.each([
    // now, zone, expected (local Monday 00:00)
    ['2026-03-11T15:30:00Z', 'UTC', '2026-03-09T00:00:00.000Z'], // a Wednesday
    ['2026-03-09T00:00:00Z', 'UTC', '2026-03-09T00:00:00.000Z'], // Monday's first instant
    ['2026-03-08T23:59:59Z', 'UTC', '2026-03-02T00:00:00.000Z'], // Sunday's last second: the week before
    ['2026-01-01T12:00:00Z', 'UTC', '2025-12-29T00:00:00.000Z'], // across a year
    // Istanbul (UTC+3): Sunday 22:30Z is already Monday 01:30 there.
    ['2026-03-08T22:30:00Z', 'Europe/Istanbul', '2026-03-08T21:00:00.000Z'],
    ['2026-03-08T20:59:00Z', 'Europe/Istanbul', '2026-03-01T21:00:00.000Z'],
    // Tehran (UTC+3:30, no DST since 2022).
    ['2026-06-17T09:00:00Z', 'Asia/Tehran', '2026-06-14T20:30:00.000Z'],
    // New York: springs forward on Sunday 2026-03-08; Monday the 9th starts in EDT (−4) ...
    ['2026-03-12T12:00:00Z', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    // ... and the week holding that Sunday started in EST (−5).
    ['2026-03-08T12:00:00Z', 'America/New_York', '2026-03-02T05:00:00.000Z'],
    // Falls back on Sunday 2026-11-01: Monday the 2nd starts in EST, the Monday before in EDT.
    ['2026-11-04T12:00:00Z', 'America/New_York', '2026-11-02T05:00:00.000Z'],
    ['2026-11-01T20:00:00Z', 'America/New_York', '2026-10-26T04:00:00.000Z'],
  ])('at %s in %s starts at %s', (now, zone, expected) => {
    expect(localWeekStart(new Date(now), zone).toISOString()).toBe(expected);
  });

  it('is at or before now, less than 8 days before it, and its own week start, every 3 hours for five weeks', () => {
    for (const zone of ['UTC', 'America/New_York', 'Europe/Istanbul', 'Pacific/Auckland']) {
      for (
        let now = Date.parse('2026-03-01T00:00:00Z');
        now < Date.parse('2026-04-05T00:00:00Z');
        now += 3 * 3_600_000
      ) {
        const start = localWeekStart(new Date(now), zone).getTime();
        expect(start).toBeLessThanOrEqual(now);
        expect(now - start).toBeLessThan(8 * 86_400_000);
        expect(localWeekStart(new Date(start), zone).getTime()).toBe(start);
      }
    }
  });
});

describe('isTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Istanbul', true],
    ['Asia/Tehran', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+03:00 or so', false],
  ])('%s → %s', (zone, expected) => {
    expect(isTimeZone(zone)).toBe(expected);
  });
});
