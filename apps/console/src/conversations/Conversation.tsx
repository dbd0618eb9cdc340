import {
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { Message, MessageAttachment, MessagePage, TicketDetail } from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { messageParts } from '@switchboard/domain';
import { useTranslation } from 'react-i18next';
import { api, fileUrl } from '../api.js';
import { useSocket, useSocketEvent } from '../socket.js';
import { useDraft } from './drafts.js';

/** The agent's typing reaches the customer; "stopped" follows this long after the last key. */
const TYPING_IDLE_MS = 3_000;
/** A "customer is typing" line with no news for this long goes away (a lost "stopped"). */
const TYPING_SHOWN_MS = 8_000;

/** A message as text with safe links (libs/domain's messageParts): nothing else is markup. */
export function MessageText({ text }: { text: string }) {
  return (
    <Text dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {messageParts(text).map((part, i) =>
        'href' in part ? (
          <Anchor key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </Anchor>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </Text>
  );
}

type Mode = 'reply' | 'note';

/** A file on a message: opened (images) or downloaded from the API with the session's token. */
function AttachmentLink({ attachment }: { attachment: MessageAttachment }) {
  const { t, i18n } = useTranslation();
  const [failed, setFailed] = useState(false);
  const size = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const open = () =>
    void fileUrl(`/api/attachments/${attachment.id}`).then(
      (url) => {
        const link = document.createElement('a');
        link.href = url;
        link.download = attachment.name;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      () => setFailed(true),
    );
  return (
    <Group gap={6} data-testid="attachment">
      <Button variant="subtle" size="compact-sm" onClick={open}>
        📎 <span dir="auto">{attachment.name}</span>
      </Button>
      <Text size="xs" c="dimmed">
        {size.format(Math.max(1, Math.round(attachment.size / 1024)))}
      </Text>
      {failed && (
        <Text size="xs" c="red" role="alert">
          {t('conversation.fileFailed')}
        </Text>
      )}
    </Group>
  );
}

/**
 * The ticket's conversation in the workspace: the transcript (replies, the customer's messages
 * and internal notes, in `seq` order, live), the customer typing, read marks, and one composer
 * that says plainly whether it writes to the customer or a note. Enter sends; Shift+Enter is a
 * new line. A draft per mode is kept on the device.
 */
export function Conversation({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { socket, generation } = useSocket();
  const key = ['messages', ticket.id];
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
    void client.invalidateQueries({ queryKey: ['messages', ticket.id] });
  }, [client, generation, ticket.id]);

  const merge = useCallback(
    (incoming: Message[]) =>
      client.setQueryData<Message[]>(key, (old = []) => {
        const bySeq = new Map(old.map((m) => [m.seq, m]));
        for (const m of incoming) bySeq.set(m.seq, m);
        return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      }),
    [client, ticket.id],
  );
  useSocketEvent('message.created', (event) => {
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

  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`conversation-${ticket.id}`}>
      <Title order={2} size="h4" id={`conversation-${ticket.id}`}>
        {t('conversation.title')}
      </Title>
      <Stack
        gap="xs"
        role="log"
        aria-label={t('conversation.title')}
        data-testid="transcript"
        tabIndex={0}
        my="xs"
        style={{ maxHeight: '24rem', overflowY: 'auto' }}
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
        {items.map((m) => (
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
              {m.direction === 'outbound' && m.visibility === 'public' && m.author.kind === 'agent' && (
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
        ))}
      </Stack>
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="customer-typing" mih="1.4em">
        {customerTyping
          ? t('conversation.customerTyping', { name: ticket.customer.name ?? t('customer.unknown') })
          : ''}
      </Text>
      <Composer
        ticket={ticket}
        canReply={canReply}
        onSent={(m) => merge([m])}
        typing={(typing) => socket?.emit('ticket.typing', { ticketId: ticket.id, typing })}
      />
    </Paper>
  );
}

function Composer({
  ticket,
  canReply,
  onSent,
  typing,
}: {
  ticket: TicketDetail;
  canReply: boolean;
  onSent: (message: Message) => void;
  typing: (typing: boolean) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // The choice is kept per ticket with the drafts: a reload never turns a note into a reply.
  const [chosen, setMode] = useDraft(`mode.${ticket.id}`);
  const mode: Mode = canReply ? (chosen === 'note' ? 'note' : 'reply') : 'note';
  const [reply, setReply] = useDraft(`reply.${ticket.id}`);
  const [note, setNote] = useDraft(`note.${ticket.id}`);
  const [draft, setDraft] = mode === 'reply' ? [reply, setReply] : [note, setNote];
  const typingSent = useRef(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const stopTyping = () => {
    clearTimeout(typingTimer.current);
    if (typingSent.current) typing(false);
    typingSent.current = false;
  };
  useEffect(() => stopTyping, []);

  const send = useMutation({
    mutationFn: (body: string) =>
      api<{ message: Message }>('POST', `/api/tickets/${ticket.id}/messages`, {
        body,
        visibility: mode === 'reply' ? 'public' : 'internal',
      }),
    onSuccess: ({ message }) => {
      setDraft('');
      stopTyping();
      onSent(message);
      if (message.visibility === 'internal') void client.invalidateQueries({ queryKey: ['ticket', ticket.id] });
    },
  });
  const submit = () => {
    const body = draft.trim();
    if (body && !send.isPending) send.mutate(body);
  };
  // A file goes with the draft as its text, to the customer or as a note like the composer says.
  const attach = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.set('visibility', mode === 'reply' ? 'public' : 'internal');
      if (draft.trim()) form.set('body', draft.trim());
      form.set('file', file);
      return api<{ message: Message }>('POST', `/api/tickets/${ticket.id}/attachments`, form);
    },
    onSuccess: ({ message }) => {
      setDraft('');
      onSent(message);
    },
  });
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const onChange = (value: string) => {
    setDraft(value);
    if (mode !== 'reply') return;
    if (!typingSent.current) {
      typingSent.current = true;
      typing(true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  return (
    <Stack gap="xs">
      {canReply && (
        <SegmentedControl
          value={mode}
          onChange={(v) => {
            stopTyping();
            setMode(v);
          }}
          data={[
            { value: 'reply', label: t('conversation.toCustomer') },
            { value: 'note', label: t('conversation.asNote') },
          ]}
          aria-label={t('conversation.mode')}
        />
      )}
      <Textarea
        label={mode === 'reply' ? t('conversation.reply') : t('ticket.noteDraft')}
        description={`${mode === 'reply' ? t('conversation.replyHint') : t('conversation.noteHint')} · ${t('ticket.draftSaved')}`}
        autosize
        minRows={2}
        maxLength={10_000}
        value={draft}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        styles={mode === 'note' ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined}
      />
      <Group>
        <Button
          onClick={submit}
          disabled={!draft.trim()}
          loading={send.isPending}
          color={mode === 'note' ? 'yellow.8' : undefined}
        >
          {mode === 'reply' ? t('conversation.send') : t('ticket.addNote')}
        </Button>
        <FileButton
          onChange={(file) => file && attach.mutate(file)}
          accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
        >
          {(props) => (
            <Button {...props} variant="default" loading={attach.isPending}>
              {t('conversation.attach')}
            </Button>
          )}
        </FileButton>
        {(send.isError || attach.isError) && (
          <Text c="red" role="alert">
            {t('common.error', { message: (send.error ?? attach.error)!.message })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
