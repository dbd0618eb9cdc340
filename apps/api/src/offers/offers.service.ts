import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { TicketDetail, TicketStatus } from '@switchboard/contracts';
import type { OfferEndCause } from '@switchboard/domain';
import {
  detailOf,
  endOffer,
  lockOffer,
  lockOfferWithTimeline,
  ticketDetail,
  type HeldOffer,
} from '@switchboard/persistence';
import { TicketWork, type WorkTx } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';

/** The agent's answer to an offer: through the offer lifecycle, like every other end of an offer. */
@Injectable()
export class OffersService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
  ) {}

  /** The agent takes the ticket: it is theirs, in progress. Returns it as their desk shows it. */
  async accept(offerId: string, agent: AuthUser): Promise<TicketDetail> {
    const detail = await this.work.run(async (tx) => {
      const held = await lockOfferWithTimeline(tx, offerId);
      if (!held) throw new NotFoundException(`offer ${offerId} does not exist`);
      const before = held.ticket.lastEventSeq;
      this.end(tx, held, agent, 'accept');
      // The timeline was read in the same statement that took the locks; if a change committed
      // just before them is missing from it, the answer reads the ticket again after the commit.
      if (held.timeline.length !== before) return { id: held.ticket.id, detail: null };
      const added = tx.appended(held.ticket.id).map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        actor: e.actorId === agent.id ? { id: agent.id, name: agent.name } : null,
        data: e.data ?? {},
      }));
      return { id: held.ticket.id, detail: detailOf(held.ticket, held.description, [...held.timeline, ...added]) };
    });
    const ticket = detail.detail ?? (await ticketDetail(this.work.sql, detail.id));
    if (!ticket) throw new NotFoundException(`offer ${offerId} does not exist`);
    return ticket;
  }

  /** The agent passes: the ticket goes back to the head of its queue, for someone else. */
  decline(offerId: string, agent: AuthUser): Promise<{ id: string; status: TicketStatus }> {
    return this.work.run(async (tx) => {
      const held = await lockOffer(tx, offerId);
      if (!held) throw new NotFoundException(`offer ${offerId} does not exist`);
      this.end(tx, held, agent, 'decline');
      return { id: held.ticket.id, status: held.ticket.status };
    });
  }

  /** The agent's own answer, through the offer lifecycle: 404 for another's offer, 409 for one no longer open. */
  private end(tx: WorkTx, held: HeldOffer, agent: AuthUser, cause: Extract<OfferEndCause, 'accept' | 'decline'>): void {
    this.access.assertOwnOffer(agent, held.offer);
    const ended = endOffer(tx, held, cause, {
      now: new Date(),
      actorId: agent.id,
      maxMissedOffers: this.work.routing.maxMissedOffers,
    });
    if (ended.kind === 'refused') throw new ConflictException(ended.message);
    if (ended.kind !== 'ended') throw new ConflictException(`offer is ${held.offer.status}, no longer pending`);
    // The customer waiting in the web chat sees who joined.
    if (cause === 'accept' && held.ticket.channel === 'chat')
      tx.effects.chat(held.ticket.id, 'chat.agent', { name: agent.name });
  }
}
