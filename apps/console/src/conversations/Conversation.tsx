import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type {
  CustomerDetail,
  EmailThread,
  Message,
  MessageEmail,
  MessagePage,
  TicketDetail,
} from '@switchboard/contracts';
import { useQueryClient, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { useSocket, useSocketEvent } from '../socket.js';
import { Composer } from './Composer.js';
import { conversationKeys, replaces, useEmailThread } from './email.js';
import { EmailMessage } from './EmailMessage.js';
import { AttachmentLink, MessageText } from './MessageParts.js';

/** A "customer is typing" line with no news for this long goes away (a lost "stopped"). */
const TYPING_SHOWN_MS = 8_000;

/**
 * The ticket's conversation in the workspace: the transcript (replies, the customer's messages
 * and internal notes, in `seq` order, live), the customer typing, read marks, and one composer
 * that says plainly whether it writes to the customer or a note. An e-mail ticket shows its
 * thread instead: one card per mail, newest last, with each reply's send state kept live.
 */
export function Conversation({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { socket, generation } = useSocket();
  const key = conversationKeys.messages(ticket.id);
  const messages = useQuery({
    queryKey: key,
    queryFn: async () => {
      const all: Message[] = [];
      for (let after = 0; ;) {
        const page = await api<MessagePage>('GET', `/api/tickets/${ticket.id}/messages?after=${after}&limit=200`);
        all.push(...page.items);
        if (!page.nextCursor) return all;
        after = Number(page.nextCursor);
      }
    },
  });
  // A reconnection may have missed pushes: read the conversation again (not on the first connection).
  const seenGeneration = useRef(generation);
  useEffect(() => {
    if (seenGeneration.current === generation) return;
    seenGeneration.current = generation;
    void client.invalidateQueries({ queryKey: conversationKeys.messages(ticket.id) });
    void client.invalidateQueries({ queryKey: conversationKeys.emailThread(ticket.id) });
  }, [client, generation, ticket.id]);

  // `retry`: the answer to a Retry, which may turn a failed mail back into a queued one.
  const merge = useCallback(
    (incoming: Message[], retry = false) =>
      client.setQueryData<Message[]>(key, (old = []) => {
        const bySeq = new Map(old.map((m) => [m.seq, m]));
        for (const m of incoming) {
          const held = bySeq.get(m.seq);
          if (!held || replaces(held, m, retry)) bySeq.set(m.seq, m);
        }
        return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      }),
    [client, ticket.id],
  );
  useSocketEvent('message.created', (event) => {
    if (event.ticketId === ticket.id) merge([event.message]);
  });
  // An e-mail's send state: queued, then sent, failed (with the relay's answer) or kept as a file.
  useSocketEvent('message.updated', (event) => {
    if (event.ticketId === ticket.id) merge([event.message]);
  });
  // The customer's read mark may arrive before the agent's own message does (the socket outruns the answer).
  const [readUpTo, setReadUpTo] = useState(0);
  useSocketEvent('messages.read', (event) => {
    if (event.ticketId === ticket.id) setReadUpTo((seq) => Math.max(seq, event.seq));
  });
  const [customerTyping, setCustomerTyping] = useState(false);
  const typingShown = useRef<ReturnType<typeof setTimeout>>(undefined);
  useSocketEvent('customer.typing', (event) => {
    if (event.ticketId !== ticket.id) return;
    clearTimeout(typingShown.current);
    setCustomerTyping(event.typing);
    if (event.typing) typingShown.current = setTimeout(() => setCustomerTyping(false), TYPING_SHOWN_MS);
  });
  useEffect(() => () => clearTimeout(typingShown.current), []);

  const items = messages.data ?? [];
  const customerWrote = items.some((m) => m.direction === 'inbound');
  const canReply = ticket.status === 'in_progress' && (ticket.channel === 'chat' || customerWrote);

  // The customer's messages count as read once they are on the agent's screen.
  const markedRead = useRef(0);
  const newestInbound = items.reduce((max, m) => (m.direction === 'inbound' ? Math.max(max, m.seq) : max), 0);
  useEffect(() => {
    if (!canReply || newestInbound <= markedRead.current) return;
    const mark = () => {
      if (document.visibilityState !== 'visible' || newestInbound <= markedRead.current) return;
      markedRead.current = newestInbound;
      void api('POST', `/api/tickets/${ticket.id}/messages/read`, { seq: newestInbound }).catch(() => {
        markedRead.current = 0;
      });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [canReply, newestInbound, ticket.id]);

  const isEmail = ticket.channel === 'email';
  const thread = useEmailThread(ticket);
  // A mail thread reads top to bottom, newest last: keep the newest in view as mails arrive.
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (isEmail && log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [isEmail, items.length]);

  // A thread spans days: e-mail tickets show the date with the time.
  const time = new Intl.DateTimeFormat(
    i18n.language,
    isEmail ? { dateStyle: 'medium', timeStyle: 'short' } : { hour: '2-digit', minute: '2-digit' },
  );
  const titleId = `conversation-${ticket.id}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      {isEmail ? (
        <EmailHeading
          id={titleId}
          subject={thread.data?.subject ?? ticket.subject}
          follows={thread.data?.follows}
          customerId={ticket.customer.id}
        />
      ) : (
        <Title order={2} size="h4" id={titleId}>
          {t('conversation.title')}
        </Title>
      )}
      <Stack
        ref={log}
        gap="xs"
        role="log"
        aria-label={isEmail ? t('email.thread') : t('conversation.title')}
        data-testid="transcript"
        tabIndex={0}
        my="xs"
        style={{ maxHeight: isEmail ? '40rem' : '24rem', overflowY: 'auto' }}
      >
        {messages.isError && (
          <Text c="red" role="alert">
            {t('common.error', { message: messages.error.message })}
          </Text>
        )}
        {items.length === 0 && !messages.isPending && (
          <Text size="sm" c="dimmed">
            {t('conversation.empty')}
          </Text>
        )}
        {items.map((m) =>
          isEmail && isMail(m) ? (
            <EmailMessage key={m.seq} message={m} onRetried={(changed) => merge([changed], true)} />
          ) : (
            <Paper
              key={m.seq}
              p="xs"
              radius="md"
              data-testid="transcript-message"
              data-seq={m.seq}
              bg={m.visibility === 'internal' ? 'yellow.0' : m.direction === 'inbound' ? 'gray.0' : 'blue.0'}
              style={{ alignSelf: m.direction === 'inbound' ? 'flex-start' : 'flex-end', maxWidth: '85%' }}
            >
              <Group gap={6}>
                <Text size="xs" fw={600} dir="auto">
                  {m.author.name}
                </Text>
                {m.visibility === 'internal' && (
                  <Badge size="xs" color="yellow" variant="light">
                    {t('conversation.internal')}
                  </Badge>
                )}
                <Text size="xs" c="dimmed" component="time" dateTime={m.at}>
                  {time.format(new Date(m.at))}
                </Text>
                {!isEmail && m.direction === 'outbound' && m.visibility === 'public' && m.author.kind === 'agent' && (
                  <Text size="xs" c="dimmed" data-testid="read-mark">
                    {m.readAt || m.seq <= readUpTo ? t('conversation.read') : t('conversation.sent')}
                  </Text>
                )}
              </Group>
              {m.body && <MessageText text={m.body} />}
              {m.attachments.map((a) => (
                <AttachmentLink key={a.id} attachment={a} />
              ))}
            </Paper>
          ),
        )}
      </Stack>
      {!isEmail && (
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="customer-typing" mih="1.4em">
          {customerTyping
            ? t('conversation.customerTyping', { name: ticket.customer.name ?? t('customer.unknown') })
            : ''}
        </Text>
      )}
      <Composer
        ticket={ticket}
        canReply={canReply}
        onSent={(m) => merge([m])}
        typing={(typing) => socket?.emit('ticket.typing', { ticketId: ticket.id, typing })}
        email={isEmail ? { thread: thread.data, error: thread.error } : undefined}
      />
    </Paper>
  );
}

/** A public message of an e-mail ticket that is a mail (notes and system lines show as before). */
const isMail = (m: Message): m is Message & { email: MessageEmail } =>
  m.email !== undefined && m.visibility === 'public';

/** The thread's subject, and the earlier ticket it continues (a link when the agent may open it). */
function EmailHeading({
  id,
  subject,
  follows,
  customerId,
}: {
  id: string;
  subject: string;
  follows: EmailThread['follows'];
  customerId: string;
}) {
  const { session } = useAuth();
  const isAgent = session?.user.role === 'agent';
  // The same query as the customer panel's: an agent may open only the tickets that were theirs.
  const customer = useQuery({
    queryKey: ['customer', customerId],
    enabled: follows !== undefined && isAgent,
    queryFn: () => api<CustomerDetail>('GET', `/api/customers/${customerId}`),
  });
  const earlier = customer.data?.tickets.find((x) => x.id === follows?.ticketId);
  const canOpen = !isAgent || (earlier !== undefined && earlier.assignedAgent?.id === session?.user.id);
  return (
    <div>
      <Title order={2} size="h4" id={id} dir="auto">
        {subject}
      </Title>
      {follows && (
        <Text size="sm" c="dimmed" data-testid="email-follows">
          <Trans
            i18nKey="email.continues"
            values={{ reference: `SB-${follows.number}` }}
            components={{
              ref: canOpen ? <Anchor component={Link} to={`/tickets/${follows.ticketId}`} inherit /> : <span />,
            }}
          />
        </Text>
      )}
    </div>
  );
}
