import { BadRequestException, Injectable } from '@nestjs/common';
import type { CustomerInput } from '@switchboard/contracts';
import { customerLookupKeys } from '@switchboard/domain';
import { CustomerEntity } from '@switchboard/persistence';
import { IsNull, type EntityManager } from 'typeorm';

/**
 * Finds the customer a contact belongs to, or creates one, so a customer's tickets form one
 * history. Runs inside the intake transaction; concurrent contacts for the same customer are
 * serialised by transaction-scoped advisory locks on each lookup key.
 */
@Injectable()
export class CustomersService {
  async findOrCreate(manager: EntityManager, input: CustomerInput): Promise<CustomerEntity> {
    const keys = customerLookupKeys(input);
    const lockKeys = Object.entries(keys)
      .map(([kind, value]) => `customer:${kind}:${value}`)
      .sort();
    if (lockKeys.length === 0) {
      throw new BadRequestException(['customer must have at least one of externalId, phone or email']);
    }
    for (const key of lockKeys) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    }

    const repo = manager.getRepository(CustomerEntity);
    let customer: CustomerEntity | null = null;
    if (keys.externalId) customer = await repo.findOneBy({ externalId: keys.externalId });
    // A customer found by e-mail or phone is the same person only if the CRM has not
    // already told us they are someone else (a different external id).
    const sameOrUnknownExternalId = keys.externalId ? [IsNull(), keys.externalId] : undefined;
    for (const field of ['email', 'phone'] as const) {
      if (customer || !keys[field]) continue;
      const candidates = await repo.find({ where: { [field]: keys[field] }, order: { createdAt: 'ASC' }, take: 5 });
      customer =
        candidates.find((c) => !sameOrUnknownExternalId || c.externalId === null || c.externalId === keys.externalId) ??
        null;
    }

    if (!customer) {
      return repo.save(
        repo.create({
          externalId: keys.externalId ?? null,
          email: keys.email ?? null,
          phone: keys.phone ?? null,
          name: input.name?.trim() || null,
          tier: input.tier ?? 'standard',
        }),
      );
    }

    // Enrich what we know; the connector's tier is authoritative when it sends one.
    const changes: Partial<CustomerEntity> = {};
    if (!customer.externalId && keys.externalId) changes.externalId = keys.externalId;
    if (!customer.email && keys.email) changes.email = keys.email;
    if (!customer.phone && keys.phone) changes.phone = keys.phone;
    if (!customer.name && input.name?.trim()) changes.name = input.name.trim();
    if (input.tier && input.tier !== customer.tier) changes.tier = input.tier;
    if (Object.keys(changes).length > 0) {
      await repo.update({ id: customer.id }, changes);
      Object.assign(customer, changes);
    }
    return customer;
  }
}
