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

/** Which of a contact's identities the caller vouches for, and whether it may set the tier. */
export interface IdentityTrust {
  externalId: boolean;
  email: boolean;
  phone: boolean;
  /** Only a connector that knows the CRM's segments may set a customer's tier. */
  tier: boolean;
}

/**
 * What a caller is trusted to say about who a customer is. A CRM connector (integration) knows
 * its customers' ids and tiers; a phone number is the PBX's caller id on a voice contact; an
 * e-mail address is the mail gateway's sender on an e-mail contact. Everything else (a web
 * form, a chat, an admin typing) is what the customer claims, which must not attach them to
 * someone else's history or raise their priority.
 */
export function identityTrust(role: string, channel: string): IdentityTrust {
  const integration = role === 'integration';
  return {
    externalId: integration || role === 'admin',
    phone: integration && channel === 'voice',
    email: integration && channel === 'email',
    tier: integration,
  };
}

export interface KnownCustomer {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  /** Some trusted identity has vouched for this customer (it may hold a tier, a history worth protecting). */
  verified: boolean;
}

export interface CustomerMatch {
  customer: KnownCustomer;
  by: 'externalId' | 'email' | 'phone';
}

/**
 * The existing customer a contact belongs to, or null for a new one. Trusted identities may
 * match any customer (external id first, then e-mail, then phone; never one the CRM already
 * knows under another external id). Claimed identities match only customers made from claims
 * alike (unverified): a customer writing in the chat again joins their own earlier chats, but
 * nobody can attach themselves to a verified customer by typing that customer's address.
 * `candidates` are the customers sharing any of the keys, oldest first.
 */
export function matchCustomer(
  keys: CustomerKeys,
  trust: IdentityTrust,
  candidates: readonly KnownCustomer[],
): CustomerMatch | null {
  if (keys.externalId && trust.externalId) {
    const byId = candidates.find((c) => c.externalId === keys.externalId);
    if (byId) return { customer: byId, by: 'externalId' };
  }
  const compatible = (c: KnownCustomer) => !c.externalId || !keys.externalId || c.externalId === keys.externalId;
  for (const field of ['email', 'phone'] as const) {
    const value = keys[field];
    if (!value) continue;
    const trusted = trust[field];
    const found = candidates.find((c) => c[field] === value && compatible(c) && (trusted || !c.verified));
    if (found) return { customer: found, by: field };
  }
  return null;
}
