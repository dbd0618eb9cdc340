import { Alert, Button, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import type { TicketRecord } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAuth } from '../auth.js';
import { api } from '../api.js';
import { Timeline } from '../history/Timeline.js';
import { TicketFacts } from '../history/TicketFacts.js';

/** One ticket for review: its details, how it went (agent, times, CSAT), and the full timeline in order. */
export default function TicketPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const role = useAuth().session?.user.role;
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => api<TicketRecord>('GET', `/api/tickets/${id}`) });
  if (ticket.isPending) return <Text>{t('common.loading')}</Text>;
  if (ticket.isError) return <Alert color="red">{t('common.error', { message: ticket.error.message })}</Alert>;
  const d = ticket.data;
  const c = d.customer;
  return (
    <Stack>
      <Title order={1} size="h2">
        <Text span c="dimmed" inherit data-testid="ticket-reference">
          {d.reference}
        </Text>{' '}
        <span dir="auto">{d.subject}</span>
      </Title>
      {(role === 'qa' || role === 'admin') && d.status === 'resolved' && (
        <Button component={Link} to={`/quality/evaluate/${d.id}`} w="fit-content">
          {t('nav.evaluate')}
        </Button>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md">
            <Text>
              {t('ticket.channel')}: {t(`channel.${d.channel}`, { defaultValue: d.channel })}
            </Text>
            <Text>
              {t('history.queue')}: {d.queue}
            </Text>
            <Text>
              {t('history.code')}:{' '}
              {d.resolutionCode ? t(`codes.${d.resolutionCode}`, { defaultValue: d.resolutionCode }) : '–'}
            </Text>
            <Text>
              {t('customer.title')}: {c.name ?? t('customer.unknown')} ({c.tier})
            </Text>
            {d.description && (
              <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {d.description}
              </Text>
            )}
          </Paper>
          <TicketFacts ticket={d} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4">
              {t('ticket.timeline')}
            </Title>
            <Timeline ticket={d} />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
