import type { AgentStatus } from './agents.js';
import type { TicketDetail } from './tickets.js';

export interface SetAgentStatusRequest {
  status: AgentStatus;
  /** Why the agent is away (e.g. "break", "training"); ignored otherwise. */
  reason?: string;
}

export interface AcceptOfferResponse {
  ticket: TicketDetail;
}

export interface AddNoteRequest {
  body: string;
}

export interface ResolveTicketRequest {
  resolutionCode: string;
  note?: string;
}

/** Exactly one of `queue` (move to that queue) or `agentId` (offer to that agent). */
export interface TransferTicketRequest {
  queue?: string;
  agentId?: string;
  note?: string;
}

export interface ReopenTicketRequest {
  note?: string;
}
