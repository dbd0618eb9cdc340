import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { lockTicket, ratedSinceResolution } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';

/** A customer's satisfaction rating, from a survey connector: one per resolution, on the ticket's timeline. */
@Injectable()
export class TicketCsatService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
  ) {}

  async record(id: string, score: number, comment: string | undefined, caller: AuthUser): Promise<void> {
    await this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, id);
      if (!ticket || (await this.access.ticketViewIn(tx, caller, ticket)) === 'none') {
        throw new NotFoundException(`ticket ${id} does not exist`);
      }
      if (ticket.status !== 'resolved')
        throw new ConflictException(`ticket is ${ticket.status}; only resolved tickets are rated`);
      if (await ratedSinceResolution(tx, id)) throw new ConflictException('this resolution is already rated');
      tx.append(ticket, [
        { type: 'ticket.csat_recorded', at: new Date(), actorId: caller.id, data: { score, comment: comment ?? null } },
      ]);
    });
  }
}
