import type { IsoDateTime } from './common.js';
import type { Message } from './messages.js';
import type { TicketStatus } from './tickets.js';

/** The Socket.IO namespace of customers' chats: staff sockets use the default one. */
export const CHAT_NAMESPACE = '/chat';

/** Longest name, e-mail, phone and subject a customer may give, in characters. */
export const CHAT_NAME_MAX = 120;
export const CHAT_SUBJECT_MAX = 200;

/** `POST /api/chat/sessions` (public): a customer opens a conversation with its first message. */
export interface CreateChatSessionRequest {
  queue: string;
  subject?: string;
  message: string;
  customer: { name?: string; email?: string; phone?: string };
}

export interface CreateChatSessionResponse {
  ticketId: string;
  /** Bearer token of `/api/chat/*` and the chat socket's `auth: { customerToken }`; this conversation only. */
  customerToken: string;
  position: number;
  estimatedWaitSeconds: number;
}

/** `GET /api/chat/session`: where the conversation stands, for a page that reloads. */
export interface ChatSessionState {
  ticketId: string;
  status: TicketStatus;
  /** waiting: in the queue; active: an agent is on it; ended: resolved, abandoned or left. */
  phase: ChatPhase;
  queue: { key: string; name: string };
  customer: { name: string | null };
  agent: { name: string } | null;
  position: number;
  estimatedWaitSeconds: number;
  /** The newest message's `seq`: a client that has it is up to date. */
  lastSeq: number;
  endedAt?: IsoDateTime;
  /** Once resolved: the satisfaction survey the customer may still answer (`/survey/:token`). */
  surveyUrl?: string;
}

export const CHAT_PHASES = ['waiting', 'active', 'ended'] as const;
export type ChatPhase = (typeof CHAT_PHASES)[number];

/** `POST /api/chat/messages` with the customer token. */
export interface CreateChatMessageRequest {
  body: string;
}

/** Events the server sends to a customer's chat socket (namespace `/chat`). */
export interface ChatServerToClientEvents {
  /** A public message of the conversation (the customer's own too, for their other tabs). */
  'chat.message': (payload: { message: Message }) => void;
  'chat.position': (payload: { position: number; estimatedWaitSeconds: number }) => void;
  /** An agent joined the conversation. */
  'chat.agent': (payload: { name: string }) => void;
  'chat.typing': (payload: { typing: boolean }) => void;
  /** The agent read the customer's messages up to `seq`. */
  'chat.read': (payload: { seq: number; at: IsoDateTime }) => void;
  'chat.ended': (payload: { reason: ChatEndReason; surveyUrl?: string }) => void;
}

export const CHAT_END_REASONS = ['resolved', 'abandoned', 'left', 'ended-by-agent'] as const;
export type ChatEndReason = (typeof CHAT_END_REASONS)[number];

/** Events a customer's chat socket may emit. */
export interface ChatClientToServerEvents {
  'chat.typing': (payload: { typing: boolean }) => void;
  /** The customer has seen the agent's messages up to `seq`. */
  'chat.read': (payload: { seq: number }) => void;
}

/** Chat socket handshake: `io('/chat', { auth: { customerToken } })`. */
export interface ChatSocketAuth {
  customerToken: string;
}

/** To the agent: the customer is typing (or stopped). */
export interface CustomerTypingEvent {
  ticketId: string;
  typing: boolean;
}

/** To the agent: the customer read the agent's messages up to `seq`. */
export interface MessagesReadEvent {
  ticketId: string;
  seq: number;
  at: IsoDateTime;
}

export const SURVEY_STATUSES = ['open', 'answered', 'expired', 'cancelled'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** `GET /api/surveys/:token`: what the survey page shows. */
export interface SurveyView {
  status: SurveyStatus;
  queue: string;
  subject: string;
  expiresAt: IsoDateTime;
  /** The answer given, once answered. */
  score?: number;
}

/** `POST /api/surveys/:token`: once per survey. */
export interface SurveyAnswerRequest {
  score: number;
  comment?: string;
}
