import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type {
  AgentDirectoryEntry,
  CustomerDetail,
  CustomerTicket,
  QueueResponse,
  TicketDetail,
} from '@switchboard/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { Conversation } from '../conversations/Conversation.js';
import { TransferNote } from '../desk/OfferLayer.js';
import { hasDraft, useDraft } from '../conversations/drafts.js';

export const RESOLUTION_CODES = ['fixed', 'refunded', 'replaced', 'informed', 'escalated', 'no-fault-found'] as const;

/** One ticket in hand: the customer, the ticket, its notes and timeline; transfer and resolve. */
export function TicketWorkspace({ ticketId, onChanged }: { ticketId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const ticket = useQuery({
    queryKey: ['ticket', ticketId],
    queryFn: () => api<TicketDetail>('GET', `/api/tickets/${ticketId}`),
  });
  if (ticket.isPending) return <Text>{t('common.loading')}</Text>;
  if (ticket.isError) return <Alert color="red">{t('common.error', { message: ticket.error.message })}</Alert>;
  const d = ticket.data;
  return (
    <Grid gap="md" data-testid="ticket-workspace">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <CustomerPanel ticket={d} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="md">
          <Paper withBorder p="md">
            <Title order={2} size="h3" dir="auto">
              {d.subject}
            </Title>
            <Text size="sm" c="dimmed">
              <span data-testid="ticket-reference">{d.reference}</span> · {t('ticket.channel')}:{' '}
              {t(`channel.${d.channel}`, { defaultValue: d.channel })} · {d.queue}
              {d.category ? ` · ${t('ticket.category')}: ${d.category}` : ''}
            </Text>
            {d.description && (
              <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {d.description}
              </Text>
            )}
          </Paper>
          <TransferNote ticketId={d.id} events={d.events} />
          <Conversation ticket={d} />
          <Group align="flex-start" grow>
            <Resolve ticketId={d.id} onDone={onChanged} />
            <Transfer ticket={d} onDone={onChanged} />
          </Group>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function CustomerPanel({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const { session } = useAuth();
  const c = ticket.customer;
  const detail = useQuery({
    queryKey: ['customer', c.id],
    queryFn: () => api<CustomerDetail>('GET', `/api/customers/${c.id}`),
  });
  const d = detail.data;
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const earlier = d?.tickets.filter((x) => x.id !== ticket.id) ?? [];
  // Agents may open only tickets that were theirs; the others are listed without a link.
  const canOpen = (x: CustomerTicket) => session?.user.role !== 'agent' || x.assignedAgent?.id === session.user.id;
  const row = (label: string, value: ReactNode) => (
    <Group key={label} gap={6} wrap="nowrap">
      <Text component="dt" size="sm" c="dimmed">
        {label}:
      </Text>
      <Text component="dd" size="sm" m={0}>
        {value ?? t('common.none')}
      </Text>
    </Group>
  );
  return (
    <Paper withBorder p="md" aria-labelledby="customer-title" data-testid="customer-panel">
      <Title order={2} size="h4" id="customer-title">
        {t('customer.title')}
      </Title>
      <Text fw={600} mt="xs">
        {c.name ?? t('customer.unknown')}
      </Text>
      <dl style={{ margin: 0 }}>
        {row(t('customer.tier'), c.tier)}
        {row(t('customer.lifetimeValue'), d ? number.format(d.customer.lifetimeValue) : null)}
        {row(t('customer.phone'), c.phone)}
        {row(t('customer.email'), c.email)}
        {row(t('customer.language'), d?.customer.language)}
        {row(t('customer.externalId'), c.externalId)}
        {row(t('customer.since'), d ? date.format(new Date(d.customer.createdAt)) : null)}
      </dl>
      {detail.isError && (
        <Text size="sm" c="red" role="alert">
          {t('common.error', { message: detail.error.message })}
        </Text>
      )}
      {d && (
        <>
          <Title order={3} size="h5" mt="md">
            {t('customer.history')}
          </Title>
          <dl style={{ margin: 0 }} data-testid="customer-summary">
            {row(
              t('customer.contacts'),
              d.contacts.map((x) => `${x.channel} ${x.count}`).join(' · ') || t('common.none'),
            )}
            {row(t('customer.counts'), t('customer.countsValue', { ...d.summary }))}
            {row(
              t('customer.fcr'),
              d.summary.firstContactResolutionPercent === null
                ? null
                : `${Math.round(d.summary.firstContactResolutionPercent)} %${d.summary.firstContactResolutionProvisional ? '*' : ''}`,
            )}
            {row(
              t('customer.csat'),
              d.summary.csat.average === null
                ? null
                : t('customer.csatValue', { average: d.summary.csat.average, count: d.summary.csat.responses }),
            )}
          </dl>
          <Title order={3} size="h5" mt="md">
            {t('customer.previous')}
          </Title>
          {earlier.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('customer.none')}
            </Text>
          ) : (
            <ul style={{ paddingInlineStart: '1rem', margin: 0 }} data-testid="customer-tickets">
              {earlier.map((x) => (
                <li key={x.id}>
                  {canOpen(x) ? (
                    <Anchor component={Link} to={`/tickets/${x.id}`} size="sm">
                      {x.subject}
                    </Anchor>
                  ) : (
                    <Text span size="sm">
                      {x.subject}
                    </Text>
                  )}
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {date.format(new Date(x.createdAt))} · {x.channel} · {t(`ticketStatus.${x.status}`)}
                    {x.resolutionCode ? ` · ${t(`codes.${x.resolutionCode}`, { defaultValue: x.resolutionCode })}` : ''}
                    {x.csatRating !== null ? ` · ${t('customer.rating', { rating: x.csatRating })}` : ''}
                    {x.assignedAgent ? ` · ${x.assignedAgent.name}` : ''}
                  </Text>
                </li>
              ))}
            </ul>
          )}
          {d.csat.length > 0 && (
            <>
              <Title order={3} size="h5" mt="md">
                {t('customer.csatHistory')}
              </Title>
              <ul style={{ paddingInlineStart: '1rem', margin: 0 }} data-testid="customer-csat">
                {d.csat.map((a) => (
                  <li key={`${a.ticketId}-${a.at}`}>
                    <Text span size="sm">
                      {t('customer.rating', { rating: a.rating })}
                    </Text>
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {date.format(new Date(a.at))}
                      {a.comment ? ` · “${a.comment}”` : ''}
                    </Text>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Paper>
  );
}

function Resolve({ ticketId, onDone }: { ticketId: string; onDone: () => void }) {
  const { t } = useTranslation();
  // No code is chosen for the agent: one click must not resolve with a code nobody picked.
  const [code, setCode] = useState<string>('');
  const [note, setNote] = useDraft(`resolution.${ticketId}`);
  const resolve = useMutation({
    mutationFn: () =>
      api('POST', `/api/tickets/${ticketId}/resolve`, { resolutionCode: code, ...(note.trim() ? { note } : {}) }),
    onSuccess: () => {
      setNote('');
      onDone();
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`resolve-${ticketId}`}>
      <Title order={2} size="h4" id={`resolve-${ticketId}`}>
        {t('ticket.resolve')}
      </Title>
      <NativeSelect
        label={t('ticket.resolutionCode')}
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        data={[
          { value: '', label: t('ticket.chooseCode'), disabled: true },
          ...RESOLUTION_CODES.map((c) => ({ value: c, label: t(`codes.${c}`) })),
        ]}
      />
      <Textarea label={t('ticket.resolutionNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Button
        mt="sm"
        color="green"
        disabled={!code}
        // An unsent reply or note is not dropped silently.
        onClick={() => {
          const unsent = hasDraft(`reply.${ticketId}`) || hasDraft(`note.${ticketId}`);
          if (unsent && !window.confirm(t('ticket.unsentDraft'))) return;
          resolve.mutate();
        }}
        loading={resolve.isPending}
      >
        {t('ticket.resolve')}
      </Button>
      {resolve.isError && (
        <Text c="red" role="alert">
          {t('common.error', { message: resolve.error.message })}
        </Text>
      )}
    </Paper>
  );
}

function Transfer({ ticket, onDone }: { ticket: TicketDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const [kind, setKind] = useState<'queue' | 'agent'>('queue');
  const queues = useQuery({ queryKey: ['queues'], queryFn: () => api<QueueResponse[]>('GET', '/api/queues') });
  const directory = useQuery({
    queryKey: ['agent-directory'],
    enabled: kind === 'agent',
    queryFn: () => api<AgentDirectoryEntry[]>('GET', '/api/agents/directory'),
  });
  const queueOptions = (queues.data ?? [])
    .filter((q) => q.key !== ticket.queue)
    .map((q) => ({ value: q.key, label: q.name }));
  // Colleagues who are available first: only they can take it now (the API says why otherwise).
  const agentOptions = (directory.data ?? [])
    .filter((a) => a.id !== session?.user.id)
    .sort((a, b) => Number(b.status === 'available') - Number(a.status === 'available'))
    .map((a) => ({ value: a.id, label: `${a.name} (${t(`status.${a.status}`)})` }));
  const options = kind === 'queue' ? queueOptions : agentOptions;
  const [target, setTarget] = useState({ queue: '', agent: '' });
  const chosen = options.some((o) => o.value === target[kind]) ? target[kind] : (options[0]?.value ?? '');
  const [note, setNote] = useState('');
  const transfer = useMutation({
    mutationFn: () =>
      api('POST', `/api/tickets/${ticket.id}/transfer`, {
        ...(kind === 'queue' ? { queue: chosen } : { agentId: chosen }),
        ...(note.trim() ? { note } : {}),
      }),
    onSuccess: onDone,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`transfer-${ticket.id}`}>
      <Title order={2} size="h4" id={`transfer-${ticket.id}`}>
        {t('ticket.transfer')}
      </Title>
      <Radio.Group label={t('ticket.transferKind')} value={kind} onChange={(v) => setKind(v as 'queue' | 'agent')}>
        <Group gap="md" mt={4}>
          <Radio value="queue" label={t('ticket.toQueue')} />
          <Radio value="agent" label={t('ticket.toAgent')} />
        </Group>
      </Radio.Group>
      <NativeSelect
        label={kind === 'queue' ? t('ticket.transferTo') : t('ticket.transferToAgent')}
        value={chosen}
        onChange={(e) => setTarget({ ...target, [kind]: e.currentTarget.value })}
        data={options}
      />
      {kind === 'agent' && directory.isError && (
        <Text c="red" size="sm" role="alert">
          {t('common.error', { message: directory.error.message })}
        </Text>
      )}
      <Textarea label={t('ticket.transferNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Button mt="sm" variant="outline" onClick={() => transfer.mutate()} disabled={!chosen || transfer.isPending}>
        {t('ticket.transfer')}
      </Button>
      {transfer.isError && (
        <Text c="red" role="alert">
          {t('common.error', { message: transfer.error.message })}
        </Text>
      )}
    </Paper>
  );
}
