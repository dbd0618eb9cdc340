import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import type { AgentStatus, QueueStatsEvent, TicketSummary } from '@switchboard/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { TicketWorkspace } from '../components/TicketWorkspace.js';
import { useSocketEvent } from '../socket.js';
import { MySummary } from '../desk/MySummary.js';
import { RING_KEY, statusInWords } from '../desk/OfferLayer.js';
import { useAgentWork, WORK_KEY } from '../desk/work.js';
import { formatDuration, secondsUntil, useNow } from '../time.js';

const AWAY_REASONS = ['break', 'lunch', 'training', 'meeting', 'coaching'] as const;

/** The agent's screen: status, the incoming offer, the tickets in hand and the wrap-up. */
export function Desk() {
  const { t } = useTranslation();
  const work = useAgentWork();
  const reload = () => void work.refetch();
  const [ring, setRing] = useState(() => localStorage.getItem(RING_KEY) === 'on');
  const [stats, setStats] = useState<Record<string, QueueStatsEvent['queues'][number]>>({});
  useSocketEvent('queue.stats', (event) =>
    setStats((s) => ({ ...s, ...Object.fromEntries(event.queues.map((q) => [q.queue, q])) })),
  );

  if (work.isPending) return <Text>{t('common.loading')}</Text>;
  if (work.isError) return <Alert color="red">{t('common.error', { message: work.error.message })}</Alert>;
  const w = work.data;
  const now = Date.now();
  const liveOffers = w.offers.filter((o) => Date.parse(o.expiresAt) > now);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <StatusControl status={w.agent.status} reason={w.agent.statusReason} since={w.agent.statusSince} />
        <Stack gap={4} align="flex-end">
          <Checkbox
            label={t('offer.ring')}
            checked={ring}
            onChange={(e) => {
              setRing(e.currentTarget.checked);
              localStorage.setItem(RING_KEY, e.currentTarget.checked ? 'on' : 'off');
              // The ring's companion: a notification when an offer arrives while this tab is hidden.
              if (e.currentTarget.checked && 'Notification' in window && Notification.permission === 'default') {
                void Notification.requestPermission();
              }
            }}
          />
          {Object.values(stats).map((q) => (
            <Text key={q.queue} size="sm" c="dimmed" data-testid={`queue-stats-${q.queue}`}>
              {t('desk.queueWaiting', {
                queue: q.queue,
                waiting: q.waiting,
                longest: formatDuration(q.longestWaitSeconds),
              })}
            </Text>
          ))}
        </Stack>
      </Group>

      {w.wrapUp && <WrapUp until={w.wrapUp.until} onDone={reload} />}

      {w.tickets.length > 0 ? (
        <TicketTabs tickets={w.tickets} onChanged={reload} />
      ) : (
        liveOffers.length === 0 &&
        !w.wrapUp && (
          <>
            <Paper withBorder p="lg">
              <Text c="dimmed">{w.agent.status === 'available' ? t('desk.idle') : t('desk.offlineHint')}</Text>
            </Paper>
            <MySummary />
          </>
        )
      )}
    </Stack>
  );
}

function StatusControl({ status, reason, since }: { status: AgentStatus; reason: string | null; since: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const now = useNow();
  // The choice shows at once (set in the click's own render: the mutation's pending state arrives a
  // tick later, and a controlled radio would flick back meanwhile); the server's answer, or its
  // refusal, then settles it.
  const [chosen, setChosen] = useState<AgentStatus | null>(null);
  const set = useMutation({
    mutationFn: (body: { status: AgentStatus; reason?: string }) => api('PUT', '/api/agents/me/status', body),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: WORK_KEY });
      setChosen(null);
    },
  });
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="md">
        <Radio.Group
          label={t('status.label')}
          value={chosen ?? status}
          // One change at a time: two in flight could land in either order.
          readOnly={set.isPending}
          onChange={(value) => {
            setChosen(value as AgentStatus);
            set.mutate(
              value === 'away' ? { status: 'away', reason: reason ?? 'break' } : { status: value as AgentStatus },
            );
          }}
        >
          <Group gap="md" mt={4}>
            <Radio value="available" label={t('status.available')} color="green" />
            <Radio value="away" label={t('status.away')} color="yellow" />
            <Radio value="offline" label={t('status.offline')} color="gray" />
          </Group>
        </Radio.Group>
        {status === 'away' && (
          <NativeSelect
            label={t('status.reason')}
            value={reason ?? 'break'}
            onChange={(e) => set.mutate({ status: 'away', reason: e.currentTarget.value })}
            data={AWAY_REASONS.map((r) => ({ value: r, label: t(`status.reasons.${r}`) }))}
          />
        )}
      </Group>
      <Text size="sm" c="dimmed" data-testid="status-time">
        {statusInWords(t, status, reason)} ·{' '}
        {t('status.since', { duration: formatDuration((now - Date.parse(since)) / 1000) })}
      </Text>
      {set.isError && <Text c="red">{t('common.error', { message: set.error.message })}</Text>}
    </Stack>
  );
}

function WrapUp({ until, onDone }: { until: string; onDone: () => void }) {
  const { t } = useTranslation();
  const now = useNow(250);
  const left = secondsUntil(until, now);
  const done = useMutation({ mutationFn: () => api('POST', '/api/agents/me/wrap-up/complete'), onSettled: onDone });
  // At the deadline the server ends the wrap-up: reload the desk, once a second until it has.
  const ended = left === 0;
  useEffect(() => {
    if (!ended) return;
    onDone();
    const id = setInterval(onDone, 1000);
    return () => clearInterval(id);
  }, [ended]); // onDone is a fresh closure each render: only the deadline passing starts this
  return (
    <Paper withBorder p="md" data-testid="wrap-up">
      <Group justify="space-between">
        <div>
          <Title order={2} size="h4">
            {t('ticket.wrapUp')}
          </Title>
          <Text aria-live="polite">{t('ticket.wrapUpEnds', { seconds: left })}</Text>
        </div>
        <Button onClick={() => done.mutate()} loading={done.isPending}>
          {t('ticket.done')}
        </Button>
      </Group>
    </Paper>
  );
}

/**
 * Several chats or e-mails at once (capacity > 1) are tabs; one ticket shows without tabs. A tab
 * not in view counts the customer's messages that arrived since it was last looked at.
 */
function TicketTabs({ tickets, onChanged }: { tickets: TicketSummary[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const ticketIds = tickets.map((x) => x.id);
  const [active, setActive] = useState<string | null>(ticketIds[0] ?? null);
  const current = active && ticketIds.includes(active) ? active : ticketIds[0]!;
  const [unread, setUnread] = useState<Record<string, number>>({});
  useSocketEvent('message.created', ({ ticketId, message }) => {
    if (ticketId === current || message.direction !== 'inbound') return;
    setUnread((u) => ({ ...u, [ticketId]: (u[ticketId] ?? 0) + 1 }));
  });
  const open = (id: string | null) => {
    setActive(id);
    if (id) setUnread(({ [id]: _seen, ...rest }) => rest);
  };
  if (ticketIds.length === 1) return <TicketWorkspace ticketId={current} onChanged={onChanged} />;
  return (
    <Tabs value={current} onChange={open} keepMounted={false}>
      <Tabs.List aria-label={t('desk.tickets')}>
        {tickets.map((x) => (
          <Tabs.Tab
            key={x.id}
            value={x.id}
            data-testid="ticket-tab"
            rightSection={
              unread[x.id] ? (
                <Badge
                  size="sm"
                  circle
                  color="red"
                  data-testid="unread"
                  aria-label={t('desk.unread', { count: unread[x.id] })}
                >
                  {unread[x.id]}
                </Badge>
              ) : null
            }
          >
            <span dir="auto">{x.customer.name ?? x.subject}</span>
            <Text span size="xs" c="dimmed">
              {' '}
              · {t(`channel.${x.channel}`, { defaultValue: x.channel })}
            </Text>
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {ticketIds.map((id) => (
        <Tabs.Panel key={id} value={id} pt="md">
          <TicketWorkspace ticketId={id} onChanged={onChanged} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
