import { BadRequestException, Injectable } from '@nestjs/common';
import type { CustomerInput } from '@switchboard/contracts';
import {
  customerLookupKeys,
  matchCustomer,
  type CustomerMatch,
  type IdentityTrust,
  type KnownCustomer,
} from '@switchboard/domain';
import { CustomerEntity } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';

/** What intake learned about the contact's customer, for the ticket's timeline. */
export interface CustomerResolution {
  customer: CustomerEntity;
  /** Set when the contact joined an existing customer: by what, and what it added to them. */
  matched: {
    by: CustomerMatch['by'];
    verified: boolean;
    added: string[];
    tier: { from: string; to: string } | null;
  } | null;
}

interface CandidateRow {
  id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  verified: boolean;
}

/**
 * Finds the customer a contact belongs to, or creates one, so a customer's tickets form one
 * history — matching only on identities the caller is trusted for (libs/domain, identityTrust).
 * Runs inside the intake transaction; concurrent contacts for the same customer are serialised
 * by transaction-scoped advisory locks on each lookup key.
 */
@Injectable()
export class CustomersService {
  async findOrCreate(manager: EntityManager, input: CustomerInput, trust: IdentityTrust): Promise<CustomerResolution> {
    if (input.tier !== undefined && !trust.tier) {
      throw new BadRequestException(['customer.tier may only be set by an integration (a CRM connector)']);
    }
    const keys = customerLookupKeys(input);
    if (keys.externalId && !trust.externalId) delete keys.externalId;
    const lockKeys = Object.entries(keys)
      .map(([kind, value]) => `customer:${kind}:${value}`)
      .sort();
    if (lockKeys.length === 0) {
      throw new BadRequestException(['customer must have at least one of externalId, phone or email']);
    }
    for (const key of lockKeys) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    }

    const rows = (await manager.query(
      `SELECT id, external_id, email, phone, verified FROM customers
        WHERE external_id = $1 OR email = $2 OR phone = $3 ORDER BY created_at, id LIMIT 50`,
      [keys.externalId ?? null, keys.email ?? null, keys.phone ?? null],
    )) as CandidateRow[];
    const candidates: KnownCustomer[] = rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      email: r.email,
      phone: r.phone,
      verified: r.verified,
    }));
    const match = matchCustomer(keys, trust, candidates);
    const vouched =
      (trust.externalId && keys.externalId !== undefined) ||
      (trust.email && keys.email !== undefined) ||
      (trust.phone && keys.phone !== undefined);
    const repo = manager.getRepository(CustomerEntity);

    if (!match) {
      const customer = await repo.save(
        repo.create({
          externalId: keys.externalId ?? null,
          email: keys.email ?? null,
          phone: keys.phone ?? null,
          name: input.name?.trim() || null,
          tier: input.tier ?? 'standard',
          verified: vouched,
        }),
      );
      return { customer, matched: null };
    }

    // What the contact may add to the customer it joined: claimed details only to a customer made
    // of claims; to a verified one, only what the caller vouches for.
    const customer = (await repo.findOneByOrFail({ id: match.customer.id })) as CustomerEntity;
    const mayAdd = (field: 'externalId' | 'email' | 'phone') => trust[field] || !customer.verified;
    const changes: Partial<CustomerEntity> = {};
    if (!customer.externalId && keys.externalId) changes.externalId = keys.externalId;
    if (!customer.email && keys.email && mayAdd('email')) changes.email = keys.email;
    if (!customer.phone && keys.phone && mayAdd('phone')) changes.phone = keys.phone;
    if (!customer.name && input.name?.trim()) changes.name = input.name.trim();
    if (vouched && !customer.verified) changes.verified = true;
    const tier = input.tier && input.tier !== customer.tier ? { from: customer.tier, to: input.tier } : null;
    if (tier) changes.tier = input.tier;
    if (Object.keys(changes).length > 0) {
      await repo.update({ id: customer.id }, changes);
      Object.assign(customer, changes);
    }
    const added = (['externalId', 'email', 'phone', 'name'] as const).filter((f) => changes[f] !== undefined);
    return { customer, matched: { by: match.by, verified: customer.verified, added, tier } };
  }
}
