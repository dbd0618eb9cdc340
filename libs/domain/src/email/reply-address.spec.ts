import { newThreadToken, parseAddress, replyAddress } from './reply-address.js';

const TOKEN = 'k7d2m4q9x3b5n8p1w6z0c2v4';

describe('reply addresses: the thread token after the +', () => {
  it.each([
    ['complaints@acme.test', 'abc', 'complaints+abc@acme.test'],
    ['complaints@acme.test', 'abcdefghij234567', 'complaints+abcdefghij234567@acme.test'],
    ['Billing@Acme.test', TOKEN, `Billing+${TOKEN}@Acme.test`],
    ['"odd@local"@acme.test', TOKEN, `"odd@local"+${TOKEN}@acme.test`],
  ])('replyAddress(%s, %s) is %s', (queue, token, expected) => {
    expect(replyAddress(queue, token)).toBe(expected);
  });

  it.each([
    ['no @', 'complaints'],
    ['an empty local part', '@acme.test'],
    ['an empty domain', 'complaints@'],
  ])('replyAddress refuses a queue address with %s', (_name, queue) => {
    expect(() => replyAddress(queue, TOKEN)).toThrow('is not an e-mail address');
  });

  it.each([
    [`complaints+${TOKEN}@acme.test`, { base: 'complaints@acme.test', token: TOKEN }],
    [`Complaints+${TOKEN.toUpperCase()}@ACME.test`, { base: 'complaints@acme.test', token: TOKEN }],
    ['complaints@acme.test', { base: 'complaints@acme.test', token: null }],
    ['a+news@x.test', { base: 'a+news@x.test', token: null }],
    [`a+${TOKEN}+more@x.test`, { base: `a+${TOKEN}+more@x.test`, token: null }],
    [`+${TOKEN}@x.test`, { base: `+${TOKEN}@x.test`, token: null }],
    [`a+${'b'.repeat(65)}@x.test`, { base: `a+${'b'.repeat(65)}@x.test`, token: null }],
    [`"a@b"+${TOKEN}@x.test`, { base: '"a@b"@x.test', token: TOKEN }],
    ['no-at-sign', null],
    ['@x.test', null],
    ['a@', null],
    ['', null],
    ['a b@x.test', null],
    [' a@x.test', null],
    [`${'a'.repeat(64)}@${'b'.repeat(256)}`, null],
  ])('parseAddress(%s)', (address, expected) => {
    expect(parseAddress(address)).toEqual(expected);
  });

  it('makes 32-character lower-case base32 tokens that differ and come back from their address', () => {
    const tokens = Array.from({ length: 1000 }, () => newThreadToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(/^[a-z2-7]{32}$/);
      expect(parseAddress(replyAddress('complaints@acme.test', token))).toEqual({
        base: 'complaints@acme.test',
        token,
      });
    }
    // 32,000 random characters use the whole alphabet.
    expect(new Set(tokens.join('')).size).toBe(32);
  });
});
