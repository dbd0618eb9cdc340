import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import type { TicketRecord } from '@switchboard/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { timelineLines, type TimelineFilter, type TimelineLine } from './timeline-lines.js';
import { useTimeline } from './useTimeline.js';
import './locales/index.js';

// Kept while the page stays loaded: a reviewer going through tickets keeps the view they chose.
let rememberedFilter: TimelineFilter = 'all';

const prose = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/**
 * A ticket's whole story for a reviewer, in order: each step in words (who, why it was offered
 * to them, how long each wait, handling and wrap-up took), the conversation's messages in place,
 * and a filter for only the messages or only the routing.
 */
export function Timeline({
  ticket,
  onCite,
}: {
  ticket: TicketRecord;
  /** QA citing evidence: each line offers "Cite this", answering its message or event. */
  onCite?: (ref: { messageId?: string; eventId?: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<TimelineFilter>(rememberedFilter);
  const { messages, names, loading } = useTimeline(ticket);
  const lines = useMemo(
    () => (loading ? [] : timelineLines(ticket.events, { messages, names, t }, filter)),
    // The language is in `t`; listed so a change of language rewrites the lines.
    [loading, ticket.events, messages, names, t, filter, i18n.language],
  );
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const choose = (value: string) => {
    rememberedFilter = value as TimelineFilter;
    setFilter(rememberedFilter);
  };

  return (
    <Stack gap="xs">
      <SegmentedControl
        w="fit-content"
        aria-label={t('timeline.show')}
        value={filter}
        onChange={choose}
        data={(['all', 'messages', 'routing'] as const).map((value) => ({
          value,
          label: t(`timeline.filters.${value}`),
        }))}
      />
      {loading ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : (
        <ol
          aria-label={t('ticket.timeline')}
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="timeline"
          data-filter={filter}
        >
          {lines.map((line) => (
            <li
              key={line.key}
              className="timeline-item"
              data-event={line.event.type}
              data-direction={line.kind === 'message' ? line.message.direction : undefined}
              style={line.kind === 'message' ? messageBorder(line) : undefined}
            >
              <Group gap="xs" wrap="wrap">
                {onCite && (line.kind === 'message' || line.event.id) && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() =>
                      onCite(line.kind === 'message' ? { messageId: line.message.id } : { eventId: line.event.id })
                    }
                  >
                    {t('timeline.cite')}
                  </Button>
                )}
                <Badge variant="light">{t(`events.${line.event.type}`)}</Badge>
                <Text size="sm" c="dimmed">
                  <time dateTime={line.event.at}>{time.format(new Date(line.event.at))}</time>
                  {line.kind === 'event' && line.event.actor ? ` · ${line.event.actor.name}` : ''}
                </Text>
              </Group>
              {line.kind === 'message' ? <MessageText line={line} /> : <EventText line={line} />}
            </li>
          ))}
        </ol>
      )}
      {!loading && lines.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      )}
    </Stack>
  );
}

const messageBorder = (line: Extract<TimelineLine, { kind: 'message' }>) => ({
  borderInlineStartColor:
    line.message.visibility === 'internal' ? 'var(--mantine-color-yellow-5)' : 'var(--mantine-color-teal-4)',
});

function EventText({ line }: { line: Extract<TimelineLine, { kind: 'event' }> }) {
  return (
    <>
      {line.text && (
        <Text size="sm" mt={2} data-testid="timeline-text" style={prose}>
          {line.text}
        </Text>
      )}
      {line.quote && (
        <Text size="sm" mt={2} fs="italic" dir="auto" style={prose}>
          {line.quote}
        </Text>
      )}
    </>
  );
}

/** A message in place of its event: who wrote it (an internal note said so), what, and its files. */
function MessageText({ line: { message } }: { line: Extract<TimelineLine, { kind: 'message' }> }) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm" mt={2} fw={500}>
        {message.visibility === 'internal' ? (
          <Badge size="xs" color="yellow" variant="filled" me={6} component="span">
            {t('timeline.internal')}
          </Badge>
        ) : null}
        {t('timeline.from', { name: message.author.name })}
      </Text>
      <Text size="sm" dir="auto" data-testid="timeline-message" style={prose}>
        {message.body}
      </Text>
      {message.attachments.map((a) => (
        <Text key={a.id} size="xs" c="dimmed" dir="auto">
          {t('timeline.attachment', { name: a.name })}
        </Text>
      ))}
    </>
  );
}
