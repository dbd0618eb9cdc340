import { Fieldset, Stack, Switch, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { EMAIL_LANGUAGES } from '@switchboard/contracts';
import type { EmailAcknowledgement, EmailLanguage, EmailTemplate, UpdateQueueRequest } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { LANGUAGES } from '../i18n.js';

/** What the acknowledgement's templates may say; the API fills them in for each new ticket. */
const PLACEHOLDERS = ['{{customerName}}', '{{ticketNumber}}', '{{subject}}', '{{queueName}}'];

export interface EmailDraft {
  address: string;
  acknowledge: boolean;
  /** '' and '': the built-in text of that language. */
  templates: Record<EmailLanguage, EmailTemplate>;
}

export function emailDraftOf(address: string | null | undefined, ack: EmailAcknowledgement | undefined): EmailDraft {
  const empty = { subject: '', body: '' };
  return {
    address: address ?? '',
    acknowledge: ack?.enabled ?? true,
    templates: {
      en: { ...empty, ...ack?.templates?.en },
      tr: { ...empty, ...ack?.templates?.tr },
      fa: { ...empty, ...ack?.templates?.fa },
    },
  };
}

function wireOf(d: EmailDraft): { email: string | null; emailAcknowledgement: EmailAcknowledgement } {
  const templates: Partial<Record<EmailLanguage, EmailTemplate>> = {};
  for (const language of EMAIL_LANGUAGES) {
    const { subject, body } = d.templates[language];
    if (subject.trim() && body.trim()) templates[language] = { subject: subject.trim(), body };
  }
  return {
    email: d.address.trim() === '' ? null : d.address.trim().toLowerCase(),
    emailAcknowledgement: { enabled: d.acknowledge, ...(Object.keys(templates).length > 0 ? { templates } : {}) },
  };
}

/**
 * The queue's e-mail fields for POST (`before` null) or PATCH: an empty address removes it, empty
 * templates are left out (the built-in text), and a PATCH carries only what the admin changed.
 */
export function emailSettingsOf(
  d: EmailDraft,
  before: EmailDraft | null,
): Pick<UpdateQueueRequest, 'email' | 'emailAcknowledgement'> {
  const now = wireOf(d);
  const was = before && wireOf(before);
  return {
    ...(!was || now.email !== was.email ? { email: now.email } : {}),
    ...(!was || JSON.stringify(now.emailAcknowledgement) !== JSON.stringify(was.emailAcknowledgement)
      ? { emailAcknowledgement: now.emailAcknowledgement }
      : {}),
  };
}

/** The first language whose template has a subject without a body or the other way round. */
export function halfTemplate(d: EmailDraft): EmailLanguage | null {
  return EMAIL_LANGUAGES.find((l) => !d.templates[l].subject.trim() !== !d.templates[l].body.trim()) ?? null;
}

/**
 * The API's own words about the address (a 400 naming `email`, or the 409 when another queue has
 * it), for the field; everything else stays for the dialog's foot.
 */
export function splitEmailError(error: Error | null): { address: string | null; rest: string | null } {
  if (!error) return { address: null, rest: null };
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409))
    return { address: null, rest: error.message };
  const parts = error.message.split('; ');
  const about = (part: string) => /^email\b/.test(part);
  const address = parts.filter(about);
  const rest = parts.filter((p) => !about(p));
  return { address: address.join('; ') || null, rest: rest.join('; ') || null };
}

interface QueueEmailSettingsProps {
  draft: EmailDraft;
  onChange: (draft: EmailDraft) => void;
  addressError: string | null;
  language: EmailLanguage;
  onLanguage: (language: EmailLanguage) => void;
}

/** The address mail comes in on, and the acknowledgement a customer gets, per language. */
export function QueueEmailSettings({ draft, onChange, addressError, language, onLanguage }: QueueEmailSettingsProps) {
  const { t } = useTranslation();
  const template = (l: EmailLanguage, change: Partial<EmailTemplate>) =>
    onChange({ ...draft, templates: { ...draft.templates, [l]: { ...draft.templates[l], ...change } } });
  return (
    <Fieldset legend={t('admin.email.legend')} variant="filled">
      <Stack gap="sm">
        <TextInput
          label={t('admin.email.address')}
          description={t('admin.email.addressHint')}
          type="email"
          dir="ltr"
          maxLength={254}
          autoComplete="off"
          value={draft.address}
          error={addressError}
          onChange={(e) => onChange({ ...draft, address: e.currentTarget.value })}
        />
        <Switch
          label={t('admin.email.acknowledge')}
          description={t('admin.email.acknowledgeHint')}
          checked={draft.acknowledge}
          onChange={(e) => onChange({ ...draft, acknowledge: e.currentTarget.checked })}
        />
        {draft.acknowledge && (
          <Stack gap={4}>
            <Text size="sm">{t('admin.email.templates')}</Text>
            <Text size="xs" c="dimmed">
              {t('admin.email.templatesHint')}
            </Text>
            <Tabs value={language} onChange={(v) => v && onLanguage(v as EmailLanguage)}>
              <Tabs.List aria-label={t('admin.email.templates')}>
                {EMAIL_LANGUAGES.map((l) => (
                  <Tabs.Tab key={l} value={l} lang={l}>
                    {LANGUAGES.find((x) => x.code === l)?.label ?? l}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {EMAIL_LANGUAGES.map((l) => {
                const dir = LANGUAGES.find((x) => x.code === l)?.dir ?? 'ltr';
                const name = LANGUAGES.find((x) => x.code === l)?.label ?? l;
                return (
                  <Tabs.Panel key={l} value={l} pt="xs" data-testid={`ack-template-${l}`}>
                    <Stack gap="xs">
                      <TextInput
                        label={t('admin.email.subject', { language: name })}
                        lang={l}
                        dir={dir}
                        description={t('admin.email.placeholders', { list: PLACEHOLDERS.join(' ') })}
                        maxLength={200}
                        value={draft.templates[l].subject}
                        onChange={(e) => template(l, { subject: e.currentTarget.value })}
                      />
                      <Textarea
                        label={t('admin.email.body', { language: name })}
                        lang={l}
                        dir={dir}
                        autosize
                        minRows={4}
                        maxLength={5000}
                        value={draft.templates[l].body}
                        onChange={(e) => template(l, { body: e.currentTarget.value })}
                      />
                    </Stack>
                  </Tabs.Panel>
                );
              })}
            </Tabs>
          </Stack>
        )}
      </Stack>
    </Fieldset>
  );
}
