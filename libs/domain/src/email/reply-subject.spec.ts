import { replySubject, ticketNumberInSubject } from './reply-subject.js';

describe('replySubject', () => {
  it.each([
    ['Order 4711', 'Re: Order 4711 [SB-10482]'],
    ['Re: Order 4711', 'Re: Order 4711 [SB-10482]'],
    ['RE: Fwd: re: FW: Order 4711', 'Re: Order 4711 [SB-10482]'],
    ['Ynt: YNT: Sipariş 4711', 'Re: Sipariş 4711 [SB-10482]'],
    ['İlt: Sipariş', 'Re: Sipariş [SB-10482]'],
    ['پاسخ: سفارش من', 'Re: سفارش من [SB-10482]'],
    ['Aw: Sv: Re[2]: Bestellung', 'Re: Bestellung [SB-10482]'],
    ['Re : Commande', 'Re: Commande [SB-10482]'],
    ['Re: Order 4711 [SB-10482]', 'Re: Order 4711 [SB-10482]'],
    ['Re: [sb-10482] Re: Order 4711', 'Re: Order 4711 [SB-10482]'],
    ['Re: Order [SB-10482] [SB-10482]', 'Re: Order [SB-10482]'],
    ['Merged from [SB-9] Order', 'Re: Merged from [SB-9] Order [SB-10482]'],
    ['  Order\r\n 4711\t  late ', 'Re: Order 4711 late [SB-10482]'],
    ['Recipe for cake', 'Re: Recipe for cake [SB-10482]'],
    ['', 'Re: [SB-10482]'],
    ['Re: ', 'Re: [SB-10482]'],
  ])('%p', (subject, expected) => {
    expect(replySubject(subject, 10482)).toBe(expected);
  });

  it('keeps to 250 characters by cutting the subject, never the tag', () => {
    const subject = replySubject(`Re: ${'word '.repeat(100)}`, 10482);
    expect(subject.length).toBeLessThanOrEqual(250);
    expect(subject).toMatch(/^Re: word word .* \[SB-10482\]$/);
  });

  it('does not cut an emoji in half', () => {
    const subject = replySubject(`${'x'.repeat(236)}😀😀`, 1);
    expect(subject).toBe(`Re: ${'x'.repeat(236)}😀 [SB-1]`);
    expect(subject.length).toBeLessThanOrEqual(250);
  });

  it('strips a hundred thousand stacked prefixes from a hostile subject', () => {
    expect(replySubject(`${'Re: '.repeat(100_000)}Order`, 7)).toBe('Re: Order [SB-7]');
  });
});

describe('ticketNumberInSubject', () => {
  it.each([
    ['Re: Order 4711 [SB-10482]', 10482],
    ['[sb-7] hello', 7],
    ['Re: [SB-12] and [SB-13]', 12],
    ['SB-10482 without brackets', null],
    ['[SB-] [SB-x1]', null],
    ['', null],
  ])('%p is %p', (subject, expected) => {
    expect(ticketNumberInSubject(subject)).toBe(expected);
  });
});
