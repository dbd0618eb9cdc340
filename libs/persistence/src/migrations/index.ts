import { InitialSchema1795430257125 } from './1795430257125-initial-schema.js';
import { RoutingState1795431710537 } from './1795431710537-routing-state.js';
import { OfferTicketIndex1795438936079 } from './1795438936079-offer-ticket-index.js';
import { SecurityAndAdministration1796133453587 } from './1796133453587-security-and-administration.js';
import { AgentWorkCounters1796140000000 } from './1796140000000-agent-work-counters.js';
import { AgentWorkTriggersInline1796143000000 } from './1796143000000-agent-work-triggers-inline.js';
import { Messages1796149128861 } from './1796149128861-messages.js';
import { ChatSessions1796152139664 } from './1796152139664-chat-sessions.js';
import { Surveys1796153749678 } from './1796153749678-surveys.js';
import { Attachments1796155694895 } from './1796155694895-attachments.js';
import { TicketNumbers1796156611132 } from './1796156611132-ticket-numbers.js';
import { TicketSearch1796160000000 } from './1796160000000-ticket-search.js';
import { Quality1796162640197 } from './1796162640197-quality.js';
import { QueueAlerts1796163500000 } from './1796163500000-queue-alerts.js';
import { OneEvaluationPerTicket1796164500000 } from './1796164500000-one-evaluation-per-ticket.js';
import { Webhooks1796166896591 } from './1796166896591-webhooks.js';
import { EmailChannel1796172935859 } from './1796172935859-email-channel.js';

/** Every migration, oldest first. Add new ones here (npm run migration:generate -- <name>). */
export const MIGRATIONS = [
  InitialSchema1795430257125,
  RoutingState1795431710537,
  OfferTicketIndex1795438936079,
  SecurityAndAdministration1796133453587,
  AgentWorkCounters1796140000000,
  AgentWorkTriggersInline1796143000000,
  Messages1796149128861,
  ChatSessions1796152139664,
  Surveys1796153749678,
  Attachments1796155694895,
  TicketNumbers1796156611132,
  TicketSearch1796160000000,
  Quality1796162640197,
  QueueAlerts1796163500000,
  OneEvaluationPerTicket1796164500000,
  Webhooks1796166896591,
  EmailChannel1796172935859,
];
