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
import type { AgentDirectoryEntry, Page, QueueResponse, TicketDetail, TicketSummary } from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../api.js';
import { useAuth } from '../auth.js';
import { Timeline } from './Timeline.js';

export const RESOLUTION_CODES = ['fixed', 'refunded', 'replaced', 'informed', 'escalated', 'no-fault-found'] as const;

/** A draft note per ticket in localStorage: it survives a reload, a reconnect and a crash of the tab. */
function useDraft(key: string): [string, (v: string) => void] {
  const storageKey = `switchboard.draft.${key}`;
  const [value, setValue] = useState(() => localStorage.getItem(storageKey) ?? '');
  useEffect(() => {
    if (value) localStorage.setItem(storageKey, value);
    else localStorage.removeItem(storageKey);
  }, [storageKey, value]);
  return [value, setValue];
}

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
            <Title order={2} size="h3">
              {d.subject}
            </Title>
            <Text size="sm" c="dimmed">
              {t('ticket.channel')}: {d.channel} · {d.queue}
              {d.category ? ` · ${t('ticket.category')}: ${d.category}` : ''}
            </Text>
            {d.description && (
              <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {d.description}
              </Text>
            )}
          </Paper>
          <Notes ticket={d} />
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
  const { t } = useTranslation();
  const c = ticket.customer;
  const previous = useQuery({
    queryKey: ['customer-tickets', c.id],
    queryFn: () => api<Page<TicketSummary>>('GET', `/api/tickets${query({ customerId: c.id, limit: 10 })}`),
  });
  const earlier = previous.data?.items.filter((x) => x.id !== ticket.id) ?? [];
  return (
    <Paper withBorder p="md" aria-labelledby="customer-title">
      <Title order={2} size="h4" id="customer-title">
        {t('customer.title')}
      </Title>
      <Text fw={600} mt="xs">
        {c.name ?? t('customer.unknown')}
      </Text>
      <dl style={{ margin: 0 }}>
        {(
          [
            ['customer.tier', c.tier],
            ['customer.phone', c.phone],
            ['customer.email', c.email],
            ['customer.externalId', c.externalId],
          ] as const
        ).map(([label, value]) => (
          <Group key={label} gap={6}>
            <Text component="dt" size="sm" c="dimmed">
              {t(label)}:
            </Text>
            <Text component="dd" size="sm" m={0}>
              {value ?? t('common.none')}
            </Text>
          </Group>
        ))}
      </dl>
      <Title order={3} size="h5" mt="md">
        {t('customer.previous')}
      </Title>
      {earlier.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customer.none')}
        </Text>
      ) : (
        <ul style={{ paddingInlineStart: '1rem', margin: 0 }}>
          {earlier.map((x) => (
            <li key={x.id}>
              <Anchor component={Link} to={`/tickets/${x.id}`} size="sm">
                {x.subject}
              </Anchor>
              <Text span size="xs" c="dimmed">
                {' '}
                · {x.status}
                {x.resolutionCode ? ` · ${t(`codes.${x.resolutionCode}`, { defaultValue: x.resolutionCode })}` : ''}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Paper>
  );
}

function Notes({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useDraft(`note.${ticket.id}`);
  const add = useMutation({
    mutationFn: (body: string) => api('POST', `/api/tickets/${ticket.id}/notes`, { body }),
    onSuccess: () => {
      setDraft('');
      void client.invalidateQueries({ queryKey: ['ticket', ticket.id] });
    },
  });
  const notes = ticket.events.filter((e) => e.type === 'ticket.note_added');
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">
        {t('ticket.notes')}
      </Title>
      <Timeline events={notes} />
      <Textarea
        label={t('ticket.noteDraft')}
        description={t('ticket.draftSaved')}
        autosize
        minRows={3}
        maxLength={10_000}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        mt="sm"
      />
      <Group mt="xs">
        <Button onClick={() => add.mutate(draft.trim())} disabled={!draft.trim()} loading={add.isPending}>
          {t('ticket.addNote')}
        </Button>
        {add.isError && (
          <Text c="red" role="alert">
            {t('common.error', { message: add.error.message })}
          </Text>
        )}
      </Group>
    </Paper>
  );
}

function Resolve({ ticketId, onDone }: { ticketId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState<string>(RESOLUTION_CODES[0]);
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
        data={RESOLUTION_CODES.map((c) => ({ value: c, label: t(`codes.${c}`) }))}
      />
      <Textarea label={t('ticket.resolutionNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Button mt="sm" color="green" onClick={() => resolve.mutate()} loading={resolve.isPending}>
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
