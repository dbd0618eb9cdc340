import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { AgentStatusEvent, OfferCreatedEvent, TicketDetail, TicketEventView } from '@switchboard/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useSocketEvent } from '../socket.js';
import { secondsUntil, useNow } from '../time.js';
import { useAgentWork } from './work.js';

export const RING_KEY = 'switchboard.ring';

/** Whether keys typed now belong to a field the agent is writing in. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const el = target;
  return (
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    el.isContentEditable ||
    el.closest('[role="textbox"]') !== null
  );
}

/**
 * The agent's offers on every page (desk, history, a ticket): the card, the tab's title, the
 * optional ring, and a browser notification while the tab is hidden. Also the status changes a
 * supervisor or Switchboard made, in words. An arriving offer never takes the focus from a
 * field: it is announced instead.
 */
export function OfferLayer() {
  const { t } = useTranslation();
  const work = useAgentWork();
  const now = Date.now();
  const offers = (work.data?.offers ?? []).filter((o) => Date.parse(o.expiresAt) > now);
  const [notice, setNotice] = useState<AgentStatusEvent | null>(null);

  useSocketEvent('offer.created', (offer) => {
    if (localStorage.getItem(RING_KEY) === 'on') playRing();
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      const note = new Notification(t('offer.title'), { body: offer.ticket.subject, tag: offer.offerId });
      note.onclick = () => window.focus();
    }
  });
  useSocketEvent('agent.status', (event) => setNotice(event.changedBy === 'self' ? null : event));

  // The tab's title says an offer waits, whatever page is open.
  useEffect(() => {
    const base = t('app.name');
    document.title = offers.length > 0 ? `(${offers.length}) ${t('offer.title')} · ${base}` : base;
  }, [offers.length, t]);

  return (
    <Stack gap="md" mb={offers.length > 0 || notice ? 'md' : 0}>
      {notice && (
        <Alert
          color={notice.status === 'available' ? 'green' : 'yellow'}
          role="status"
          data-testid="status-notice"
          withCloseButton
          onClose={() => setNotice(null)}
          closeButtonLabel={t('common.dismiss')}
        >
          {t(notice.changedBy === 'supervisor' ? 'status.setBySupervisor' : 'status.setBySystem', {
            status: statusInWords(t, notice.status, notice.reason),
          })}
        </Alert>
      )}
      <div aria-live="assertive" className="visually-hidden">
        {offers.length > 0 ? t('offer.announce', { subject: offers.at(-1)!.ticket.subject }) : ''}
      </div>
      {offers.map((offer) => (
        <OfferCard key={offer.offerId} offer={offer} onGone={() => void work.refetch()} />
      ))}
    </Stack>
  );
}

/** "Away: missed offers in a row": a status and its reason, never a bare key. */
export function statusInWords(
  t: (key: string, options?: Record<string, unknown>) => string,
  status: string,
  reason: string | null,
): string {
  const name = t(`status.${status}`);
  if (status !== 'away' || !reason) return name;
  return `${name}: ${t(`status.reasons.${reason}`, { defaultValue: reason })}`;
}

/**
 * Who handed the ticket on, and what they wrote for the next agent (the latest transfer): from
 * the events given (the workspace has them), or read for an offer (its own query: the
 * workspace's copy of the ticket must not be this earlier, offered one).
 */
function useTransfer(ticketId: string, known?: TicketEventView[]) {
  const detail = useQuery({
    queryKey: ['offered-ticket', ticketId],
    queryFn: () => api<TicketDetail>('GET', `/api/tickets/${ticketId}`),
    enabled: known === undefined,
  });
  const events = known ?? detail.data?.events ?? [];
  const transfer = [...events].reverse().find((e) => e.type === 'ticket.transferred');
  if (!transfer) return null;
  return {
    from: transfer.actor?.name ?? null,
    fromQueue: typeof transfer.data.fromQueue === 'string' ? transfer.data.fromQueue : null,
    note: typeof transfer.data.note === 'string' && transfer.data.note ? transfer.data.note : null,
  };
}

/** "Transferred from Agent 2 (billing): note", on the offer card and in the workspace. */
export function TransferNote({ ticketId, events }: { ticketId: string; events?: TicketEventView[] }) {
  const { t } = useTranslation();
  const transfer = useTransfer(ticketId, events);
  if (!transfer) return null;
  return (
    <Alert
      color="blue"
      variant="light"
      data-testid="transfer-note"
      title={t('offer.transferredFrom', {
        from: transfer.from ?? transfer.fromQueue ?? '—',
        queue: transfer.fromQueue ?? '—',
      })}
    >
      {transfer.note ? (
        <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
          {transfer.note}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {t('offer.noTransferNote')}
        </Text>
      )}
    </Alert>
  );
}

function OfferCard({ offer, onGone }: { offer: OfferCreatedEvent; onGone: () => void }) {
  const { t } = useTranslation();
  const now = useNow(250);
  const left = secondsUntil(offer.expiresAt, now);
  const accept = useMutation({
    mutationFn: () => api('POST', `/api/offers/${offer.offerId}/accept`),
    onSettled: onGone,
  });
  const decline = useMutation({
    mutationFn: () => api('POST', `/api/offers/${offer.offerId}/decline`),
    onSettled: onGone,
  });
  const pending = accept.isPending || decline.isPending;
  const acceptRef = useRef<HTMLButtonElement>(null);
  // Focus goes to Accept only when the agent is not writing: a note in progress keeps its caret.
  useEffect(() => {
    if (!isTyping(document.activeElement)) acceptRef.current?.focus();
  }, []);
  // A and D (by the physical key, so they work on any layout) answer the offer, never while typing.
  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (pending || e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target)) return;
      if (e.code === 'KeyA') accept.mutate();
      if (e.code === 'KeyD') decline.mutate();
    },
    [accept, decline, pending],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);
  // Past its deadline the offer is gone: never show it as live.
  if (left <= 0) return null;
  const c = offer.ticket.customer;
  return (
    <Card
      withBorder
      shadow="md"
      padding="lg"
      role="region"
      aria-labelledby={`offer-${offer.offerId}`}
      style={{ borderWidth: 3, borderColor: 'var(--mantine-color-orange-6)' }}
      data-testid="offer-card"
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id={`offer-${offer.offerId}`}>
          {t('offer.title')}
        </Title>
        <Badge size="xl" color={left <= 5 ? 'red' : 'orange'} data-testid="offer-countdown">
          {t('offer.expiresIn', { seconds: left })}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Field label={t('offer.customer')} value={`${c.name ?? t('customer.unknown')} · ${c.tier}`} />
        <Field label={t('offer.subject')} value={`${offer.ticket.reference} · ${offer.ticket.subject}`} />
        <Field label={t('offer.queue')} value={offer.ticket.queue} />
        <Field
          label={t('offer.channel')}
          value={t(`channel.${offer.ticket.channel}`, { defaultValue: offer.ticket.channel })}
        />
      </SimpleGrid>
      <TransferNote ticketId={offer.ticketId} />
      <Group mt="md">
        <Button ref={acceptRef} color="green" size="md" onClick={() => accept.mutate()} loading={accept.isPending}>
          {t('offer.accept')}
        </Button>
        <Button color="red" variant="outline" size="md" onClick={() => decline.mutate()} loading={decline.isPending}>
          {t('offer.decline')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('offer.shortcuts')}
        </Text>
      </Group>
      {(accept.isError || decline.isError) && (
        <Text c="red" mt="xs" role="alert">
          {t('common.error', { message: (accept.error ?? decline.error)!.message })}
        </Text>
      )}
    </Card>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500} dir="auto">
        {value}
      </Text>
    </div>
  );
}

/** A short two-tone ring from the Web Audio API (no file to download). */
function playRing(): void {
  try {
    const ctx = new AudioContext();
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.value = 0.1;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + i * 0.25);
      osc.stop(ctx.currentTime + i * 0.25 + 0.2);
    }
    setTimeout(() => void ctx.close(), 1000);
  } catch {
    // No audio device: the card itself is the signal.
  }
}
