import { Badge, Group, Text } from '@mantine/core';
import type { TicketEventView } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';

/** What an event says beyond its type, in a line: the note, the code, the queues, the routing reason. */
function detail(e: TicketEventView): string | null {
  const d = e.data;
  const parts: string[] = [];
  const add = (label: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '')
      parts.push(`${label}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  };
  switch (e.type) {
    case 'ticket.note_added':
      return typeof d.body === 'string' ? d.body : null;
    case 'ticket.message_added': {
      // Who wrote it and its number; the text is the conversation's (GET /api/tickets/:id/messages).
      const author = (d.author ?? {}) as Record<string, unknown>;
      add('from', author.name);
      add('#', d.seq);
      break;
    }
    case 'ticket.resolved':
      add('code', d.resolutionCode);
      add('note', d.note);
      add('handle s', d.handleSeconds);
      break;
    case 'ticket.transferred':
      add('from', d.fromQueue);
      add('to', d.toQueue ?? d.toAgentId);
      add('note', d.note);
      break;
    case 'ticket.offered': {
      // The routing reason: which strategy chose this agent, from where, among how many.
      const r = (d.routing ?? {}) as Record<string, unknown>;
      add('agent', d.agentId);
      add('strategy', r.strategy);
      add('path', r.path);
      add('target', r.target);
      if (Array.isArray(r.candidates)) add('candidates', r.candidates.length);
      break;
    }
    case 'ticket.queued':
    case 'ticket.abandoned':
      add('queue', d.queue);
      add('reason', d.reason);
      add('waited s', d.waitedSeconds);
      break;
    case 'ticket.csat_recorded':
      add('score', d.score);
      add('comment', d.comment);
      add('by', d.source === 'survey' ? 'survey' : null);
      break;
    case 'ticket.survey_offered':
      add('in', d.channel);
      break;
    default:
      add('reason', d.reason);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Every event of a ticket, in order, with who did it and when. */
export function Timeline({ events }: { events: TicketEventView[] }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <ol aria-label={t('ticket.timeline')} style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="timeline">
      {events.map((e, i) => {
        const text = detail(e);
        return (
          <li key={i} className="timeline-item" data-event={e.type}>
            <Group gap="xs" wrap="wrap">
              <Badge variant="light">{t(`events.${e.type}`)}</Badge>
              <Text size="sm" c="dimmed">
                <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
                {e.actor ? ` · ${e.actor.name}` : ''}
              </Text>
            </Group>
            {text && (
              <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {text}
              </Text>
            )}
          </li>
        );
      })}
    </ol>
  );
}
