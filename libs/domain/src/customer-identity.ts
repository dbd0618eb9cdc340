/**
 * Customers are recognised across contacts by external id, e-mail or phone, so their
 * tickets form one history. These normalise what connectors send.
 */

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Keeps digits and one leading '+': "+90 (532) 000-11-22" → "+905320001122". */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

export interface CustomerKeys {
  externalId?: string;
  email?: string;
  phone?: string;
}

/** Lookup keys in the order they are trusted: external id, then e-mail, then phone. */
export function customerLookupKeys(input: CustomerKeys): CustomerKeys {
  const keys: CustomerKeys = {};
  if (input.externalId?.trim()) keys.externalId = input.externalId.trim();
  if (input.email?.trim()) keys.email = normalizeEmail(input.email);
  if (input.phone?.trim()) keys.phone = normalizePhone(input.phone);
  return keys;
}
