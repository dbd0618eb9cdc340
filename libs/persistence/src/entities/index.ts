import { AgentEventEntity } from './agent-event.entity.js';
import { AgentQueueEntity } from './agent-queue.entity.js';
import { AgentSkillEntity } from './agent-skill.entity.js';
import { AgentEntity } from './agent.entity.js';
import { AttachmentEntity } from './attachment.entity.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuthSessionEntity } from './auth-session.entity.js';
import { ChatSessionEntity } from './chat-session.entity.js';
import { CustomerEntity } from './customer.entity.js';
import { MessageEntity } from './message.entity.js';
import { OfferEntity } from './offer.entity.js';
import { QaCalibrationEntity } from './qa-calibration.entity.js';
import { QaEvaluationEntity, QaEvaluationEventEntity, QaEvaluationVersionEntity } from './qa-evaluation.entity.js';
import { QaInboxEntity, QaReviewerGoalEntity, QaSamplingRulesEntity } from './qa-sampling.entity.js';
import { QaScorecardEntity, QaScorecardVersionEntity } from './qa-scorecard.entity.js';
import { QueueSkillEntity } from './queue-skill.entity.js';
import { QueueEntity } from './queue.entity.js';
import { SkillEntity } from './skill.entity.js';
import { SurveyEntity } from './survey.entity.js';
import { TicketEventEntity } from './ticket-event.entity.js';
import { TicketEntity } from './ticket.entity.js';
import { UserEntity } from './user.entity.js';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEntity } from './webhook.entity.js';
import { EmailMessageEntity, EmailThreadEntity } from './email.entity.js';

export {
  AgentEntity,
  AttachmentEntity,
  AuditEntryEntity,
  AuthSessionEntity,
  AgentEventEntity,
  ChatSessionEntity,
  AgentQueueEntity,
  AgentSkillEntity,
  CustomerEntity,
  EmailMessageEntity,
  EmailThreadEntity,
  MessageEntity,
  OfferEntity,
  QaCalibrationEntity,
  QaEvaluationEntity,
  QaEvaluationEventEntity,
  QaEvaluationVersionEntity,
  QaInboxEntity,
  QaReviewerGoalEntity,
  QaSamplingRulesEntity,
  QaScorecardEntity,
  QaScorecardVersionEntity,
  QueueEntity,
  QueueSkillEntity,
  SkillEntity,
  SurveyEntity,
  TicketEntity,
  TicketEventEntity,
  UserEntity,
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
};
export { SESSION_END_REASONS, type SessionEndReason } from './auth-session.entity.js';
export { OFFER_STATUSES, type OfferStatus } from './offer.entity.js';
export { AGENT_EVENT_TYPES, type AgentEventType } from './agent-event.entity.js';

export const ENTITIES = [
  UserEntity,
  AgentEntity,
  AgentSkillEntity,
  AgentQueueEntity,
  SkillEntity,
  QueueEntity,
  QueueSkillEntity,
  CustomerEntity,
  TicketEntity,
  TicketEventEntity,
  MessageEntity,
  AttachmentEntity,
  ChatSessionEntity,
  SurveyEntity,
  OfferEntity,
  AgentEventEntity,
  AuthSessionEntity,
  AuditEntryEntity,
  QaScorecardEntity,
  QaScorecardVersionEntity,
  QaEvaluationEntity,
  QaEvaluationVersionEntity,
  QaEvaluationEventEntity,
  QaSamplingRulesEntity,
  QaInboxEntity,
  QaReviewerGoalEntity,
  QaCalibrationEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
  EmailThreadEntity,
  EmailMessageEntity,
];
