import { BadRequestException, Injectable } from '@nestjs/common';
import type { CustomerInput } from '@switchboard/contracts';
import {
  customerLookupKeys,
  matchCustomer,
  type CustomerKeys,
  type CustomerMatch,
  type IdentityTrust,
} from '@switchboard/domain';
import type { CustomerRow } from '@switchboard/persistence';
import { randomUUID } from 'node:crypto';

/** What intake learned about the contact's customer, for the ticket's timeline. */
export interface CustomerResolution {
  customer: CustomerRow;
  /** A customer to create (the contact matched nobody). */
  create: boolean;
  /** Columns to change on the customer it joined. */
  changes: Record<string, unknown>;
  /** Set when the contact joined an existing customer: by what, and what it added to them. */
  matched: {
    by: CustomerMatch['by'];
    verified: boolean;
    added: string[];
    tier: { from: string; to: string } | null;
  } | null;
}

/** The identities of a contact the caller may match on, and the advisory-lock keys that serialise them. */
export interface CustomerLookup {
  keys: CustomerKeys;
  lockKeys: string[];
}

/**
 * Finds the customer a contact belongs to, or makes one, so a customer's tickets form one
 * history — matching only on identities the caller is trusted for (libs/domain, identityTrust).
 * Intake takes transaction-scoped advisory locks on `lockKeys` before it reads the candidates,
 * so concurrent contacts for the same customer are serialised.
 */
@Injectable()
export class CustomersService {
  /** `anonymous`: a customer writing in themselves may give no identity (a new customer each time). */
  lookup(input: CustomerInput, trust: IdentityTrust, anonymous = false): CustomerLookup {
    if (input.tier !== undefined && !trust.tier) {
      throw new BadRequestException(['customer.tier may only be set by an integration (a CRM connector)']);
    }
    const keys = customerLookupKeys(input);
    if (keys.externalId && !trust.externalId) delete keys.externalId;
    const lockKeys = Object.entries(keys)
      .map(([kind, value]) => `customer:${kind}:${value}`)
      .sort();
    if (lockKeys.length === 0 && !anonymous) {
      throw new BadRequestException(['customer must have at least one of externalId, phone or email']);
    }
    return { keys, lockKeys };
  }

  /** Decides, from the candidates read under the locks, which customer the contact is and what changes. */
  resolve(
    input: CustomerInput,
    trust: IdentityTrust,
    keys: CustomerKeys,
    candidates: CustomerRow[],
  ): CustomerResolution {
    const match = matchCustomer(keys, trust, candidates);
    const vouched =
      (trust.externalId && keys.externalId !== undefined) ||
      (trust.email && keys.email !== undefined) ||
      (trust.phone && keys.phone !== undefined);

    if (!match) {
      const customer: CustomerRow = {
        id: randomUUID(),
        externalId: keys.externalId ?? null,
        email: keys.email ?? null,
        phone: keys.phone ?? null,
        name: input.name?.trim() || null,
        tier: input.tier ?? 'standard',
        verified: vouched,
      };
      return { customer, create: true, changes: {}, matched: null };
    }

    // What the contact may add to the customer it joined: claimed details only to a customer made
    // of claims; to a verified one, only what the caller vouches for.
    const customer = { ...candidates.find((c) => c.id === match.customer.id)! };
    const mayAdd = (field: 'externalId' | 'email' | 'phone') => trust[field] || !customer.verified;
    const added: string[] = [];
    const changes: Record<string, unknown> = {};
    const add = (field: 'externalId' | 'email' | 'phone' | 'name', column: string, value: string) => {
      changes[column] = value;
      customer[field] = value;
      added.push(field);
    };
    if (!customer.externalId && keys.externalId) add('externalId', 'external_id', keys.externalId);
    if (!customer.email && keys.email && mayAdd('email')) add('email', 'email', keys.email);
    if (!customer.phone && keys.phone && mayAdd('phone')) add('phone', 'phone', keys.phone);
    if (!customer.name && input.name?.trim()) add('name', 'name', input.name.trim());
    if (vouched && !customer.verified) {
      changes.verified = true;
      customer.verified = true;
    }
    const tier = input.tier && input.tier !== customer.tier ? { from: customer.tier, to: input.tier } : null;
    if (tier) {
      changes.tier = tier.to;
      customer.tier = tier.to as CustomerRow['tier'];
    }
    return { customer, create: false, changes, matched: { by: match.by, verified: customer.verified, added, tier } };
  }
}
