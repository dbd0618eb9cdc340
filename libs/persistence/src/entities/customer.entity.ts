import type { CustomerTier } from '@switchboard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The CRM's own id for this customer. */
  @Index('UQ_customers_external_id', { unique: true, where: 'external_id IS NOT NULL' })
  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  /** Normalised: digits with an optional leading '+'. */
  @Index('IDX_customers_phone')
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** Lower-cased. */
  @Index('IDX_customers_email')
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 16, default: 'standard' })
  tier: CustomerTier;

  @Column({ name: 'lifetime_value', type: 'numeric', precision: 14, scale: 2, default: 0 })
  lifetimeValue: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  /**
   * A trusted identity vouched for this customer (a CRM id from a connector, the caller id of a
   * call, the sender of an e-mail). Claimed details (a web form, a chat) never attach a contact
   * to a verified customer.
   */
  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
