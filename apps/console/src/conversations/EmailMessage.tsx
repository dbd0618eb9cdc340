import { Anchor, Box, Button, Group, List, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { Message, MessageEmail, RetryEmailResponse } from '@switchboard/contracts';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { AttachmentLink, downloadFile, MessageText } from './MessageParts.js';

type Mail = Message & { email: MessageEmail };

/** An address list as written ("Name <a@b>"), each one isolated so a Persian name never reorders it. */
function Addresses({ list }: { list: string[] }) {
  return list.map((address, i) => (
    <span key={i}>
      {i > 0 && ', '}
      <bdi>{address}</bdi>
    </span>
  ));
}

/**
 * One mail of an e-mail ticket: who wrote to whom, when, the subject, the text (never HTML), the
 * quoted history folded, the files (and those not kept, with why), and for a reply how the send
 * went, with Retry when the relay refused it.
 */
export function EmailMessage({ message, onRetried }: { message: Mail; onRetried: (message: Message) => void }) {
  const { t, i18n } = useTranslation();
  const mail = message.email;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const subjectId = useId();
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="article"
      aria-labelledby={subjectId}
      data-testid="email-message"
      data-seq={message.seq}
      data-state={mail.state}
      bg={message.direction === 'inbound' ? 'gray.0' : 'blue.0'}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="email-addresses">
            <VisuallyHidden>{t('email.from')}: </VisuallyHidden>
            <Text span fw={600} inherit>
              <bdi>{mail.from}</bdi>
            </Text>{' '}
            <span aria-hidden="true">{t('email.arrow')}</span>
            <VisuallyHidden>{t('email.to')}: </VisuallyHidden> <Addresses list={mail.to} />
          </Text>
          {mail.cc.length > 0 && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="email-cc">
              {t('email.cc')}: <Addresses list={mail.cc} />
            </Text>
          )}
        </Stack>
        <Text size="xs" c="dimmed" component="time" dateTime={message.at} style={{ whiteSpace: 'nowrap' }}>
          {when.format(new Date(message.at))}
        </Text>
      </Group>
      <Text fw={600} mt={4} dir="auto" id={subjectId} data-testid="email-subject">
        {mail.subject || t('email.noSubject')}
      </Text>
      {message.body && <MessageText text={message.body} />}
      {mail.quoted && <QuotedText text={mail.quoted} />}
      {message.attachments.map((a) => (
        <AttachmentLink key={a.id} attachment={a} />
      ))}
      {mail.refused && mail.refused.length > 0 && (
        <Box mt={4} data-testid="email-refused">
          <Text size="xs" c="red.9">
            {t('email.refused')}
          </Text>
          <List size="xs" c="red.9">
            {mail.refused.map((file, i) => (
              <List.Item key={i}>{t('email.refusedFile', { name: file.name, reason: file.reason })}</List.Item>
            ))}
          </List>
        </Box>
      )}
      {(message.direction === 'outbound' || mail.hasRaw) && (
        <Group justify="space-between" mt={4} gap="xs">
          {message.direction === 'outbound' ? <SendState message={message} onRetried={onRetried} /> : <span />}
          {mail.hasRaw && <ViewOriginal message={message} />}
        </Group>
      )}
    </Paper>
  );
}

/** The history the customer's mail program quoted under their text: folded until asked for. */
function QuotedText({ text }: { text: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const id = useId();
  return (
    <Box mt={4}>
      <Anchor
        component="button"
        type="button"
        size="xs"
        aria-expanded={shown}
        aria-controls={id}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? t('email.hideQuoted') : t('email.showQuoted')}
      </Anchor>
      <Box
        id={id}
        hidden={!shown}
        data-testid="email-quoted"
        c="dimmed"
        ps="sm"
        style={{ borderInlineStart: '3px solid var(--mantine-color-gray-4)' }}
      >
        <MessageText text={text} />
      </Box>
    </Box>
  );
}

/** How a reply's send went; Retry sends a refused one again (the socket then tells how that went). */
function SendState({ message, onRetried }: { message: Mail; onRetried: (message: Message) => void }) {
  const { t, i18n } = useTranslation();
  const mail = message.email;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const retry = useMutation({
    mutationFn: () => api<RetryEmailResponse>('POST', `/api/tickets/${message.ticketId}/messages/${message.id}/retry`),
    onSuccess: ({ message: changed }) => onRetried(changed),
  });
  const response = mail.response ?? '';
  let text: string;
  // Dark shades only: the text sits on the card's tint and must keep AA contrast.
  let color = 'dimmed';
  switch (mail.state) {
    case 'queued':
      text =
        (mail.attempts ?? 0) > 0
          ? t('email.state.queuedRetrying', { attempt: mail.attempts, response: response || '—' })
          : t('email.state.queued');
      break;
    case 'sent':
      text = t('email.state.sent', { time: mail.sentAt ? when.format(new Date(mail.sentAt)) : '' }).trim();

      break;
    case 'failed':
      text = t('email.state.failed', { response: response || '—' });
      color = 'red.9';
      break;
    case 'not_sent':
      text = t('email.state.notSent');
      color = 'dark.7';
      break;
    default:
      text = '';
  }
  return (
    <Group gap="xs" wrap="wrap" data-testid="email-state" data-state={mail.state}>
      <Text size="xs" c={color} aria-live="polite" style={{ overflowWrap: 'anywhere' }}>
        {text}
      </Text>
      {mail.state === 'failed' && (
        <Button size="compact-xs" color="red" loading={retry.isPending} onClick={() => retry.mutate()}>
          {t('email.retry')}
        </Button>
      )}
      {retry.isError && (
        <Text size="xs" c="red.9" role="alert">
          {t('common.error', { message: retry.error.message })}
        </Text>
      )}
    </Group>
  );
}

/** The mail exactly as received or sent (an .eml file), fetched with the session's token. */
function ViewOriginal({ message }: { message: Mail }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const open = () =>
    void downloadFile(
      `/api/tickets/${message.ticketId}/messages/${message.id}/raw`,
      `${message.email.messageId.replace(/[^\w.@-]+/g, '_')}.eml`,
    ).then(
      () => setFailed(false),
      () => setFailed(true),
    );
  return (
    <Group gap={6}>
      <Anchor component="button" type="button" size="xs" onClick={open}>
        {t('email.viewOriginal')}
      </Anchor>
      {failed && (
        <Text size="xs" c="red.9" role="alert">
          {t('conversation.fileFailed')}
        </Text>
      )}
    </Group>
  );
}
