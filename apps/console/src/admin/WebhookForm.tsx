import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { DialogActions } from './DialogActions.js';
import { useAdminMutation } from './queries.js';
import { WebhookSecret } from './WebhookSecret.js';
import {
  newSigningSecret,
  splitWebhookError,
  WEBHOOK_EVENTS,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type Webhook,
  type WebhookEvent,
} from './webhooks.js';

interface Draft {
  url: string;
  events: WebhookEvent[];
  description: string;
  /** New webhooks only: empty has the console generate a strong one. */
  secret: string;
}

/**
 * A new webhook (`webhook` null) or a change to one: URL, events, description. A new one's
 * signing secret is shown once after it is created, with how receivers check it.
 */
export function WebhookForm({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>({
    url: webhook?.url ?? '',
    events: webhook?.events ?? [],
    description: webhook?.description ?? '',
    secret: '',
  });
  const [shownSecret, setShownSecret] = useState<string | null>(null);
  const save = useAdminMutation((body: CreateWebhookRequest | UpdateWebhookRequest) =>
    webhook
      ? api<Webhook>('PATCH', `/api/webhooks/${encodeURIComponent(webhook.id)}`, body)
      : api<Webhook>('POST', '/api/webhooks', body),
  );
  const { fields, rest } = splitWebhookError(save.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Events in the API's order, whatever order they were ticked in.
    const events = WEBHOOK_EVENTS.filter((ev) => draft.events.includes(ev));
    const description = draft.description.trim();
    if (webhook) {
      save.mutate(
        {
          ...(draft.url !== webhook.url ? { url: draft.url } : {}),
          ...(events.join() !== webhook.events.join() ? { events } : {}),
          ...(description !== (webhook.description ?? '') ? { description } : {}),
        },
        { onSuccess: onClose },
      );
      return;
    }
    const secret = draft.secret || newSigningSecret();
    save.mutate(
      { url: draft.url.trim(), events, secret, ...(description ? { description } : {}) },
      { onSuccess: () => setShownSecret(secret) },
    );
  };

  const created = save.data;
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('admin.close') }}
      opened
      onClose={onClose}
      title={webhook ? t('admin.webhooks.editTitle') : t('admin.webhooks.newTitle')}
      size="lg"
    >
      {created && shownSecret ? (
        <Stack>
          <Text role="status" style={{ overflowWrap: 'anywhere' }}>
            {t('admin.webhooks.created', { url: created.url })}
          </Text>
          <WebhookSecret secret={shownSecret} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('admin.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t('admin.webhooks.url')}
              description={t('admin.webhooks.urlHint')}
              type="url"
              dir="ltr"
              required
              maxLength={2000}
              autoComplete="off"
              value={draft.url}
              error={fields.url}
              onChange={(e) => setDraft({ ...draft, url: e.currentTarget.value })}
            />
            <Checkbox.Group
              label={t('admin.webhooks.events')}
              description={t('admin.webhooks.eventsHint')}
              value={draft.events}
              error={fields.events}
              onChange={(value) => setDraft({ ...draft, events: value as WebhookEvent[] })}
            >
              <Stack gap="xs" mt="xs">
                {WEBHOOK_EVENTS.map((ev) => (
                  <Checkbox
                    key={ev}
                    value={ev}
                    label={t(`admin.webhooks.eventNames.${ev}`)}
                    description={<span dir="ltr">{ev}</span>}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            <TextInput
              label={t('admin.webhooks.description')}
              maxLength={200}
              value={draft.description}
              error={fields.description}
              onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
            />
            {!webhook && (
              <TextInput
                label={t('admin.webhooks.secret')}
                description={t('admin.webhooks.secretHint')}
                dir="ltr"
                autoComplete="off"
                maxLength={200}
                value={draft.secret}
                error={fields.secret}
                onChange={(e) => setDraft({ ...draft, secret: e.currentTarget.value })}
              />
            )}
            <DialogActions
              error={rest}
              busy={save.isPending}
              submitLabel={webhook ? t('common.save') : t('admin.webhooks.create')}
              onCancel={onClose}
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
