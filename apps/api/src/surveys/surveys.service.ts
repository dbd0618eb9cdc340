import { randomUUID } from 'node:crypto';
import { ConflictException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import type { SurveyView, TicketStatus } from '@switchboard/contracts';
import {
  answerSurvey,
  cancelSurveys,
  lockSurvey,
  lockTicket,
  offerSurvey,
  openSurveyOfTicket,
  ratedSinceResolution,
  surveyById,
  type SurveyRow,
  type TicketRow,
} from '@switchboard/persistence';
import { TicketWork, type WorkTx } from '@switchboard/work';
import { InjectConfig } from '../common/app-config.js';
import { SurveyLinks } from './survey-links.js';

function statusOf(survey: SurveyRow, now: number): SurveyView['status'] {
  if (survey.answeredAt) return 'answered';
  if (survey.cancelledAt) return 'cancelled';
  return survey.expiresAt.getTime() <= now ? 'expired' : 'open';
}

/**
 * Customer satisfaction surveys (contract: The customer's side, CSAT): offered after a resolution
 * per the queue's policy, answered once through a signed link, cancelled by a reopen. An answer is
 * the ticket's `ticket.csat_recorded` (source "survey"), so the metrics, the timeline and the
 * customer's history read it like any rating.
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly work: TicketWork,
    private readonly links: SurveyLinks,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * In the resolution's unit of work: a survey for this resolution when the queue surveys and the
   * customer had none within its cool-down. Returns the link to give the customer, or null.
   */
  async offer(tx: WorkTx, ticket: TicketRow, channel: 'chat' | 'email', now: Date): Promise<string | null> {
    const offered = await offerSurvey(tx, {
      id: randomUUID(),
      ticketId: ticket.id,
      channel,
      at: now,
      ttlSeconds: this.config.surveyTtlSeconds,
    });
    if (!offered) return null;
    tx.append(ticket, [
      {
        type: 'ticket.survey_offered',
        at: now,
        actorId: null,
        data: { surveyId: offered.id, channel, expiresAt: new Date(offered.expiresAt).toISOString() },
      },
    ]);
    return this.links.url(offered.id);
  }

  /** A reopened ticket: an unanswered survey asks about a resolution that no longer stands. */
  async cancel(tx: WorkTx, ticket: TicketRow, now: Date): Promise<void> {
    const cancelled = await cancelSurveys(tx, ticket.id, now);
    if (cancelled.length > 0) {
      tx.append(
        ticket,
        cancelled.map((surveyId) => ({ type: 'ticket.survey_cancelled', at: now, actorId: null, data: { surveyId } })),
      );
    }
  }

  /** The link of the survey a ticket's customer may still answer (a reloaded chat). */
  async openLink(ticketId: string): Promise<string | null> {
    const id = await openSurveyOfTicket(this.work.sql, ticketId);
    return id ? this.links.url(id) : null;
  }

  async view(token: string): Promise<SurveyView> {
    const survey = await this.find(token);
    return {
      status: statusOf(survey, Date.now()),
      queue: survey.queueName,
      subject: survey.subject,
      expiresAt: survey.expiresAt.toISOString(),
      ...(survey.score !== null ? { score: survey.score } : {}),
    };
  }

  /** Once per survey: 409 after an answer, 410 once expired or cancelled. */
  async answer(
    token: string,
    score: number,
    comment: string | undefined,
  ): Promise<{ id: string; status: TicketStatus }> {
    const found = await this.find(token);
    return this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, found.ticketId);
      const survey = await lockSurvey(tx, found.id);
      if (!ticket || !survey) throw new NotFoundException('this survey does not exist');
      const now = new Date();
      const status = statusOf(survey, now.getTime());
      if (status === 'answered') throw new ConflictException('this survey was already answered');
      if (status === 'expired') throw new GoneException('this survey has expired');
      if (status === 'cancelled') throw new GoneException('this survey was withdrawn: the ticket was reopened');
      if (await ratedSinceResolution(tx, ticket.id)) throw new ConflictException('this resolution is already rated');
      await answerSurvey(tx, survey.id, { at: now, score, comment: comment ?? null });
      tx.append(ticket, [
        {
          type: 'ticket.csat_recorded',
          at: now,
          actorId: null,
          data: { score, comment: comment ?? null, source: 'survey', surveyId: survey.id },
        },
      ]);
      return { id: ticket.id, status: ticket.status };
    });
  }

  private async find(token: string): Promise<SurveyRow> {
    const id = this.links.verify(token);
    const survey = id ? await surveyById(this.work.sql, id) : null;
    if (!survey) throw new NotFoundException('this survey does not exist');
    return survey;
  }
}
