import { Blockquote, Paper, Table, Text, Title } from '@mantine/core';
import type { TicketRecord } from '@switchboard/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localDigits } from '../time.js';
import { durationInWords } from './duration.js';
import './locales/index.js';

/** What a reviewer reads first: who handled the ticket, when, for how long, and what the customer said of it. */
export function TicketFacts({ ticket: d }: { ticket: TicketRecord }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const when = (iso: string | null) => (iso ? date.format(new Date(iso)) : null);
  const took = (seconds: number | null) => (seconds === null ? null : durationInWords(seconds, t));
  const rows: [string, ReactNode][] = [
    [t('review.handledBy'), d.agent?.name ?? null],
    [t('review.createdAt'), when(d.createdAt)],
    [t('review.acceptedAt'), when(d.acceptedAt)],
    [t('review.resolvedAt'), when(d.resolvedAt)],
    [t('review.abandonedAt'), when(d.abandonedAt)],
    [t('review.waited'), took(d.waitedSeconds)],
    [t('review.handled'), took(d.handleSeconds)],
    [t('review.wrapUp'), took(d.wrapUpSeconds)],
    [t('review.transfers'), d.transfers > 0 ? localDigits(String(d.transfers)) : null],
    [t('review.csatScore'), d.csat ? localDigits(t('review.csatOf', { score: d.csat.score })) : t('review.noRating')],
  ];
  return (
    <Paper withBorder p="md" mt="md" data-testid="ticket-facts">
      <Title order={2} size="h4">
        {t('review.facts')}
      </Title>
      <Table variant="vertical" withRowBorders={false}>
        <Table.Tbody>
          {rows
            .filter(([, value]) => value !== null)
            .map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={140}>{label}</Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      {d.csat?.comment && (
        <Blockquote mt="sm" p="sm" cite={t('review.csatComment')}>
          <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {d.csat.comment}
          </Text>
        </Blockquote>
      )}
    </Paper>
  );
}
