import type { EntityManager } from 'typeorm';
import { AgentEntity } from './entities/agent.entity.js';
import { TicketEntity } from './entities/ticket.entity.js';
import { appendAgentEvent, appendTicketEvent } from './ticket-events.js';

/**
 * Ends an agent's wrap-up of `ticketId` (timer fired, or the agent pressed Done). Returns false
 * when that wrap-up is not running any more, so a late timer or a second click changes nothing.
 * Lock order: ticket, then agent.
 */
export async function endWrapUp(
  manager: EntityManager,
  agentId: string,
  ticketId: string,
  now: Date,
  actorId: string | null,
): Promise<boolean> {
  const ticket = await manager.findOne(TicketEntity, { where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
  const agent = await manager.findOne(AgentEntity, {
    where: { userId: agentId },
    lock: { mode: 'pessimistic_write' },
    loadEagerRelations: false,
  });
  if (!ticket || !agent || agent.wrapUpTicketId !== ticketId) return false;
  await manager.update(AgentEntity, { userId: agentId }, { wrapUpUntil: null, wrapUpTicketId: null, idleSince: now });
  await appendAgentEvent(manager, agentId, 'agent.wrap_up_ended', now, { ticketId, manual: actorId !== null }, actorId);
  await appendTicketEvent(manager, ticket, {
    type: 'ticket.wrap_up_completed',
    at: now,
    actorId,
    data: { agentId, manual: actorId !== null },
  });
  return true;
}
