import { customerLookupKeys, normalizeEmail, normalizePhone } from './customer-identity.js';

describe('customer identity', () => {
  it.each([
    ['+90 (532) 000-11-22', '+905320001122'],
    ['0532 000 11 22', '05320001122'],
    ['  +1-202-555-0143 ', '+12025550143'],
  ])('normalises phone %s', (raw, expected) => expect(normalizePhone(raw)).toBe(expected));

  it('normalises e-mail case and spaces', () => {
    expect(normalizeEmail('  Ayse.Yilmaz@Example.COM ')).toBe('ayse.yilmaz@example.com');
  });

  it('drops blank keys and normalises the rest', () => {
    expect(customerLookupKeys({ externalId: ' crm-1 ', email: '', phone: '+44 20 7946 0000' })).toEqual({
      externalId: 'crm-1',
      phone: '+442079460000',
    });
  });
});
