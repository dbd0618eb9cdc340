import { identityTrust, matchCustomer, type KnownCustomer } from './customer-identity.js';

const vip: KnownCustomer = {
  id: 'vip',
  externalId: 'crm-1',
  email: 'vip@example.com',
  phone: '+905321112233',
  verified: true,
};
const walkIn: KnownCustomer = {
  id: 'walk-in',
  externalId: null,
  email: 'anon@example.com',
  phone: null,
  verified: false,
};
const other: KnownCustomer = {
  id: 'other',
  externalId: 'crm-2',
  email: 'shared@example.com',
  phone: '+905320000000',
  verified: true,
};
const all = [vip, walkIn, other];

describe('identityTrust', () => {
  it.each([
    ['integration', 'voice', { externalId: true, phone: true, email: false, tier: true }],
    ['integration', 'email', { externalId: true, phone: false, email: true, tier: true }],
    ['integration', 'chat', { externalId: true, phone: false, email: false, tier: true }],
    ['integration', 'web', { externalId: true, phone: false, email: false, tier: true }],
    ['admin', 'voice', { externalId: true, phone: false, email: false, tier: false }],
    ['admin', 'email', { externalId: true, phone: false, email: false, tier: false }],
    ['agent', 'web', { externalId: false, phone: false, email: false, tier: false }],
  ])('%s on %s', (role, channel, expected) => {
    expect(identityTrust(role, channel)).toEqual(expected);
  });
});

describe('matchCustomer', () => {
  const trust = (channel: string, role = 'integration') => identityTrust(role, channel);

  it.each([
    ['a CRM id from the connector', { externalId: 'crm-1' }, trust('web'), 'vip', 'externalId'],
    ['a CRM id from an admin', { externalId: 'crm-1' }, trust('web', 'admin'), 'vip', 'externalId'],
    ['the caller id of a voice contact', { phone: '+905321112233' }, trust('voice'), 'vip', 'phone'],
    ['the sender of an e-mail contact', { email: 'vip@example.com' }, trust('email'), 'vip', 'email'],
    ['a claimed e-mail of an unverified customer', { email: 'anon@example.com' }, trust('web'), 'walk-in', 'email'],
  ])('matches by %s', (_, keys, t, id, by) => {
    expect(matchCustomer(keys, t, all)).toEqual({ customer: all.find((c) => c.id === id), by });
  });

  it.each([
    ["a verified customer's e-mail typed in a web form", { email: 'vip@example.com' }, trust('web')],
    ["a verified customer's e-mail typed by an admin", { email: 'vip@example.com' }, trust('voice', 'admin')],
    ["a verified customer's phone on a chat", { phone: '+905321112233' }, trust('chat')],
    ['a phone on an e-mail contact', { phone: '+905321112233' }, trust('email')],
    ['a CRM id claimed by an agent', { externalId: 'crm-1' }, trust('web', 'agent')],
    [
      'a trusted phone whose customer the CRM knows under another id',
      { phone: '+905320000000', externalId: 'crm-9' },
      trust('voice'),
    ],
    ['nothing known', { email: 'new@example.com' }, trust('email')],
  ])('does not match %s', (_, keys, t) => {
    expect(matchCustomer(keys, t, all)).toBeNull();
  });

  it('tries the CRM id before the e-mail and the e-mail before the phone', () => {
    expect(matchCustomer({ externalId: 'crm-2', email: 'vip@example.com' }, trust('email'), all)?.customer.id).toBe(
      'other',
    );
    expect(
      matchCustomer({ email: 'shared@example.com', phone: '+905321112233' }, { ...trust('email'), phone: true }, all)
        ?.by,
    ).toBe('email');
  });
});
