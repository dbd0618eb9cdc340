import type { Message, TicketEventType, TicketEventView } from '@switchboard/contracts';
import type { TFunction } from 'i18next';
import { durationInWords } from './duration.js';

export type TimelineFilter = 'all' | 'messages' | 'routing';

/** How the ticket found its agent: waiting, offers and their answers, transfers, leaving. */
const ROUTING: ReadonlySet<TicketEventType> = new Set<TicketEventType>([
  'ticket.queued',
  'ticket.offered',
  'ticket.offer_declined',
  'ticket.offer_expired',
  'ticket.offer_rescinded',
  'ticket.accepted',
  'ticket.transferred',
  'ticket.callback_scheduled',
  'ticket.abandoned',
]);

/** One line of the timeline: an event in words, or a message of the conversation in place of its event. */
export type TimelineLine =
  | { kind: 'message'; key: string; event: TicketEventView; message: Message }
  | { kind: 'event'; key: string; event: TicketEventView; text: string | null; quote: string | null };

/** What the timeline needs besides the events: the conversation and everyone's names. */
export interface TimelineContext {
  messages: readonly Message[];
  /** Agent and user ids → names (the directory, the events' actors, the ticket's agent). */
  names: ReadonlyMap<string, string>;
  t: TFunction;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** The lines to show for a filter, in the order things happened. */
export function timelineLines(events: readonly TicketEventView[], context: TimelineContext, filter: TimelineFilter) {
  const byMessage = new Map(context.messages.map((m) => [m.id, m]));
  const lines: TimelineLine[] = [];
  events.forEach((event, i) => {
    const key = event.id ?? `${i}`;
    const isMessage = event.type === 'ticket.message_added' || event.type === 'ticket.note_added';
    if (filter === 'messages' && !isMessage) return;
    if (filter === 'routing' && !ROUTING.has(event.type)) return;
    const message = isMessage ? byMessage.get(String(event.data.messageId)) : undefined;
    if (message) lines.push({ kind: 'message', key, event, message });
    else lines.push({ kind: 'event', key, event, ...describe(event, events.slice(0, i), context) });
  });
  return lines;
}

/** An event in the reviewer's words: who, why and how long, never an id. */
function describe(
  event: TicketEventView,
  before: readonly TicketEventView[],
  { names, t }: TimelineContext,
): { text: string | null; quote: string | null } {
  const d = event.data;
  const agent = (id: unknown) => (typeof id === 'string' && names.get(id)) || t('timeline.someAgent');
  const took = (s: number) => durationInWords(s, t);
  const queue = (q: unknown) => text(q) ?? '–';
  const reason = (r: unknown) => {
    const slug = text(r);
    return slug ? t(`timeline.reasons.${slug}`, { defaultValue: slug }) : null;
  };
  const line = (...parts: (string | null)[]) => parts.filter((p): p is string => p !== null).join(' · ');
  // The offer an answer ends: how long the agent took to answer it.
  const offerAge = () => {
    const offered = [...before].reverse().find((e) => e.type === 'ticket.offered' && e.data.offerId === d.offerId);
    return offered ? took(seconds(offered.at, event.at)) : null;
  };

  switch (event.type) {
    case 'ticket.created': {
      const channel = text(d.channel);
      return {
        text: t('timeline.created', { channel: channel ? t(`channel.${channel}`) : '–', queue: queue(d.queue) }),
        quote: null,
      };
    }
    case 'ticket.customer_matched': {
      const by = text(d.by);
      return { text: by ? t('timeline.matched', { by: t(`timeline.matchedBy.${by}`) }) : null, quote: null };
    }
    case 'ticket.queued':
      return { text: d.queue ? t('timeline.queued', { queue: queue(d.queue) }) : null, quote: null };
    case 'ticket.offered':
      return { text: offeredBecause(d, agent, t), quote: null };
    case 'ticket.offer_declined':
      return { text: t('timeline.declined', { agent: agent(d.agentId), duration: offerAge() ?? '–' }), quote: null };
    case 'ticket.offer_expired':
      return { text: t('timeline.expired', { agent: agent(d.agentId), duration: offerAge() ?? '–' }), quote: null };
    case 'ticket.offer_rescinded':
      return {
        text: t('timeline.rescinded', { agent: agent(d.agentId), reason: reason(d.reason) ?? '–' }),
        quote: null,
      };
    case 'ticket.accepted': {
      const waited = num(d.waitSeconds);
      return {
        text: line(
          t('timeline.accepted', { agent: agent(d.agentId ?? event.actor?.id) }),
          waited === null ? null : t('timeline.waited', { duration: took(waited) }),
        ),
        quote: null,
      };
    }
    case 'ticket.note_added':
      return { text: null, quote: text(d.body) };
    case 'ticket.transferred': {
      const from = queue(d.fromQueue);
      return {
        text: d.toAgentId
          ? t('timeline.transferredToAgent', { from, agent: agent(d.toAgentId) })
          : t('timeline.transferredToQueue', { from, to: queue(d.toQueue) }),
        quote: text(d.note),
      };
    }
    case 'ticket.resolved': {
      const code = text(d.resolutionCode);
      const handled = num(d.handleSeconds);
      return {
        text: line(
          t('timeline.resolved', {
            code: code ? t(`codes.${code}`, { defaultValue: code }) : '–',
            agent: agent(d.agentId ?? event.actor?.id),
          }),
          handled === null ? null : t('timeline.handled', { duration: took(handled) }),
        ),
        quote: text(d.note),
      };
    }
    case 'ticket.wrap_up_completed': {
      const resolved = [...before].reverse().find((e) => e.type === 'ticket.resolved');
      return {
        text: line(
          resolved ? t('timeline.wrapUp', { duration: took(seconds(resolved.at, event.at)) }) : null,
          d.manual === true ? t('timeline.wrapUpManual') : d.manual === false ? t('timeline.wrapUpTimer') : null,
        ),
        quote: null,
      };
    }
    case 'ticket.reopened':
      return { text: t('timeline.reopened'), quote: text(d.note) };
    case 'ticket.abandoned':
      return {
        text: line(t('timeline.abandoned', { duration: took(num(d.waitedSeconds) ?? 0) }), reason(d.reason)),
        quote: null,
      };
    case 'ticket.callback_scheduled':
      return { text: t('timeline.callback'), quote: null };
    case 'ticket.repeat_contact': {
      const days = num(d.windowDays);
      return { text: days === null ? null : t('timeline.repeat', { count: days }), quote: null };
    }
    case 'ticket.reconciled':
      return { text: t('timeline.reconciled', { fix: text(d.fix) ?? '–' }), quote: null };
    case 'ticket.csat_recorded':
      return {
        text: t(d.source === 'survey' ? 'timeline.ratedInSurvey' : 'timeline.rated', { score: num(d.score) ?? '–' }),
        quote: text(d.comment),
      };
    case 'ticket.survey_offered': {
      const channel = text(d.channel);
      return { text: channel ? t('timeline.surveyOffered', { channel: t(`channel.${channel}`) }) : null, quote: null };
    }
    case 'ticket.survey_cancelled':
      return { text: t('timeline.surveyCancelled'), quote: null };
    default:
      return { text: null, quote: null };
  }
}

/**
 * The routing reason of an offer in a sentence: "Offered to Agent 1: longest idle of 4 candidates
 * in complaints", with those who could not take it, widened skills, or the transfer that made it.
 */
function offeredBecause(d: Record<string, unknown>, agent: (id: unknown) => string, t: TFunction): string {
  const routing = record(d.routing);
  const name = agent(d.agentId);
  if (routing.path === 'transfer')
    return t('timeline.offeredTransfer', { agent: name, by: agent(routing.requestedBy) });
  const strategy = text(routing.strategy);
  if (!strategy) return t('timeline.offered', { agent: name });
  const target = record(routing.target);
  const where = text(target.overflowQueue)
    ? t('timeline.overflowQueue', { queue: target.overflowQueue })
    : (text(target.queue) ?? '–');
  const how = t(`timeline.strategies.${strategy}`, { defaultValue: strategy });
  const candidates = Array.isArray(routing.candidates) ? routing.candidates.map(record) : null;
  const eligible = candidates?.filter((c) => c.eligible === true).length ?? 0;
  const unable = candidates ? candidates.length - eligible : 0;
  const relaxed = num(routing.relaxSkillLevelsBy) ?? 0;
  const parts = [
    candidates
      ? t('timeline.offeredBecause', { agent: name, strategy: how, count: eligible, queue: where })
      : t('timeline.offeredBy', { agent: name, strategy: how, queue: where }),
    unable > 0 ? t('timeline.unable', { count: unable }) : null,
    relaxed > 0 ? t('timeline.relaxed', { count: relaxed }) : null,
    routing.path === 'agent' ? t('timeline.becameFree', { agent: name }) : null,
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}
