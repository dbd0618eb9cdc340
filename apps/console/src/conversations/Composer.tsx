import { Button, FileButton, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import type { EmailThread, Message, TicketDetail } from '@switchboard/contracts';
import { replySubject } from '@switchboard/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useDraft } from './drafts.js';

/** The agent's typing reaches the customer; "stopped" follows this long after the last key. */
const TYPING_IDLE_MS = 3_000;

type Mode = 'reply' | 'note';

interface ComposerProps {
  ticket: TicketDetail;
  canReply: boolean;
  onSent: (message: Message) => void;
  typing: (typing: boolean) => void;
  /** On an e-mail ticket: whom a reply goes to (shown above it); undefined while it loads. */
  email?: { thread: EmailThread | undefined; error: Error | null };
}

/**
 * One composer that says plainly whether it writes to the customer or a note; a draft per mode is
 * kept on the device. In a chat Enter sends and Shift+Enter is a new line; a mail is written in
 * paragraphs, so there Enter is a new line and Ctrl+Enter sends.
 */
export function Composer({ ticket, canReply, onSent, typing, email }: ComposerProps) {
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
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    const sends = email ? event.ctrlKey || event.metaKey : !event.shiftKey;
    if (sends) {
      event.preventDefault();
      submit();
    }
  };
  const onChange = (value: string) => {
    setDraft(value);
    // Nobody watches a mail being typed.
    if (mode !== 'reply' || email) return;
    if (!typingSent.current) {
      typingSent.current = true;
      typing(true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const replyHint = email ? t('email.replyHint') : t('conversation.replyHint');
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
      {email && mode === 'reply' && (
        <ReplyAddresses thread={email.thread} error={email.error} reference={ticket.reference} />
      )}
      <Textarea
        label={mode === 'reply' ? t('conversation.reply') : t('ticket.noteDraft')}
        description={`${mode === 'reply' ? replyHint : t('conversation.noteHint')} · ${t('ticket.draftSaved')}`}
        autosize
        minRows={email && mode === 'reply' ? 5 : 2}
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

/** To, Cc, From and the subject of the mail the reply becomes ("Re: <subject> [SB-<n>]", as the API writes it). */
function ReplyAddresses({
  thread,
  error,
  reference,
}: {
  thread: EmailThread | undefined;
  error: Error | null;
  reference: string;
}) {
  const { t } = useTranslation();
  if (error)
    return (
      <Text size="sm" c="red" role="alert">
        {t('common.error', { message: error.message })}
      </Text>
    );
  if (!thread) return null;
  const number = /(\d+)$/.exec(reference)?.[1];
  const subject = number ? replySubject(thread.subject, Number(number)) : thread.subject;
  const row = (label: string, value: ReactNode, testId: string) => (
    <Group gap={6} wrap="nowrap" data-testid={testId}>
      <Text component="dt" size="sm" c="dimmed" miw="4.5rem">
        {label}:
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </Group>
  );
  return (
    <dl style={{ margin: 0 }} data-testid="reply-addresses">
      {row(t('email.to'), <bdi>{thread.to}</bdi>, 'reply-to')}
      {thread.cc.length > 0 &&
        row(
          t('email.cc'),
          thread.cc.map((address, i) => (
            <span key={address}>
              {i > 0 && ', '}
              <bdi>{address}</bdi>
            </span>
          )),
          'reply-cc',
        )}
      {row(t('email.from'), <bdi>{thread.from}</bdi>, 'reply-from')}
      {row(t('email.subject'), <bdi>{subject}</bdi>, 'reply-subject')}
    </dl>
  );
}
