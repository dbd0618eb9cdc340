import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { appendTicketEvent, inTransaction, TicketEntity } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';

/** A customer's satisfaction rating, from a survey connector: one per resolution, on the ticket's timeline. */
@Injectable()
export class TicketCsatService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async record(id: string, score: number, comment: string | undefined, caller: AuthUser): Promise<void> {
    await inTransaction(this.db, async (manager) => {
      const ticket = await manager.findOne(TicketEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!ticket || (await this.access.ticketView(manager, caller, ticket)) === 'none') {
        throw new NotFoundException(`ticket ${id} does not exist`);
      }
      if (ticket.status !== 'resolved')
        throw new ConflictException(`ticket is ${ticket.status}; only resolved tickets are rated`);
      const [rated] = (await manager.query(
        `SELECT 1 FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.csat_recorded'
            AND seq > (SELECT max(seq) FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.resolved')`,
        [id],
      )) as unknown[];
      if (rated) throw new ConflictException('this resolution is already rated');
      await appendTicketEvent(manager, ticket, {
        type: 'ticket.csat_recorded',
        at: new Date(),
        actorId: caller.id,
        data: { score, comment: comment ?? null },
      });
    });
  }
}
