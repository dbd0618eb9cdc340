import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useAdminMutation, useWebhookDeliveries, useWebhooks } from './queries.js';
import { DELIVERY_COLORS, useAttemptText, WebhookDeliveries } from './WebhookDeliveries.js';
import { WebhookForm } from './WebhookForm.js';
import type { Webhook } from './webhooks.js';

/** The form open: a webhook to change, or null for a new one. */
type Editing = { webhook: Webhook | null } | null;

/** A webhook's newest delivery: its state and the receiver's last answer. */
function LastDelivery({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const last = useWebhookDeliveries(webhook.id, 1);
  const attemptText = useAttemptText();
  const delivery = last.data?.[0];
  if (!delivery)
    return <Text size="sm">{last.isPending ? t('common.loading') : t('admin.webhooks.noDeliveries')}</Text>;
  const attempt = delivery.log.at(-1);
  return (
    <Stack gap={2} data-testid="webhook-last-delivery" data-status={delivery.status}>
      <Group gap="xs">
        <Badge color={DELIVERY_COLORS[delivery.status]} variant="light">
          {t(`admin.webhooks.status.${delivery.status}`)}
        </Badge>
        <Text size="sm">{t(`admin.webhooks.eventNames.${delivery.event}`)}</Text>
      </Group>
      {attempt && (
        <Text size="xs" c="dimmed">
          {attemptText(attempt)}
        </Text>
      )}
    </Stack>
  );
}

/** Webhooks: where events are POSTed, paused or not, each one's last delivery and its log. */
export function WebhooksAdmin() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const setActive = useAdminMutation(({ id, active }: { id: string; active: boolean }) =>
    api<Webhook>('PATCH', `/api/webhooks/${encodeURIComponent(id)}`, { active }),
  );
  const remove = useAdminMutation((id: string) => api<void>('DELETE', `/api/webhooks/${encodeURIComponent(id)}`));
  const items = webhooks.data ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('admin.tabs.webhooks')}
        </Title>
        <Button onClick={() => setEditing({ webhook: null })}>{t('admin.webhooks.new')}</Button>
      </Group>
      <Text size="sm">{t('admin.webhooks.intro')}</Text>
      {webhooks.isError && <Alert color="red">{t('common.error', { message: webhooks.error.message })}</Alert>}
      {setActive.error && (
        <Alert color="red" role="alert">
          {setActive.error.message}
        </Alert>
      )}
      {webhooks.isPending ? (
        <Text>{t('common.loading')}</Text>
      ) : (
        <Table data-testid="webhooks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.webhooks.url')}</Table.Th>
              <Table.Th>{t('admin.webhooks.events')}</Table.Th>
              <Table.Th>{t('admin.webhooks.state')}</Table.Th>
              <Table.Th>{t('admin.webhooks.lastDelivery')}</Table.Th>
              <Table.Th>{t('admin.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((w) => {
              const expanded = open === w.id;
              const logId = `webhook-log-${w.id}`;
              const name = w.description || w.url;
              return (
                <Fragment key={w.id}>
                  <Table.Tr data-testid="webhook" data-url={w.url}>
                    <Table.Td>
                      <Text size="sm" dir="ltr" style={{ overflowWrap: 'anywhere' }}>
                        {w.url}
                      </Text>
                      {w.description && (
                        <Text size="xs" c="dimmed">
                          {w.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{w.events.map((e) => t(`admin.webhooks.eventNames.${e}`)).join(', ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={w.active ? 'green' : 'gray'} data-testid="webhook-state">
                        {w.active ? t('admin.webhooks.active') : t('admin.webhooks.paused')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <LastDelivery webhook={w} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        <Button
                          size="xs"
                          variant="default"
                          aria-expanded={expanded}
                          aria-controls={expanded ? logId : undefined}
                          aria-label={t(expanded ? 'admin.webhooks.hideLogNamed' : 'admin.webhooks.showLogNamed', {
                            name,
                          })}
                          onClick={() => setOpen(expanded ? null : w.id)}
                        >
                          {expanded ? t('admin.webhooks.hideLog') : t('admin.webhooks.showLog')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t(w.active ? 'admin.webhooks.pauseNamed' : 'admin.webhooks.resumeNamed', {
                            name,
                          })}
                          loading={setActive.isPending && setActive.variables.id === w.id}
                          onClick={() => setActive.mutate({ id: w.id, active: !w.active })}
                        >
                          {w.active ? t('admin.webhooks.pause') : t('admin.webhooks.resume')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('admin.editNamed', { name })}
                          onClick={() => setEditing({ webhook: w })}
                        >
                          {t('admin.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          aria-label={t('admin.webhooks.deleteNamed', { name })}
                          onClick={() => {
                            remove.reset();
                            setDeleting(w);
                          }}
                        >
                          {t('admin.webhooks.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {expanded && (
                    <Table.Tr id={logId}>
                      <Table.Td colSpan={5}>
                        <WebhookDeliveries webhook={w} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {!webhooks.isPending && items.length === 0 && <Text c="dimmed">{t('admin.webhooks.none')}</Text>}
      {editing && <WebhookForm webhook={editing.webhook} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t('admin.webhooks.deleteTitle')}
          confirmLabel={t('admin.webhooks.delete')}
          danger
          busy={remove.isPending}
          error={remove.error?.message ?? null}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                if (open === deleting.id) setOpen(null);
                setDeleting(null);
              },
            })
          }
          onClose={() => setDeleting(null)}
        >
          <Text style={{ overflowWrap: 'anywhere' }}>{t('admin.webhooks.deleteText', { url: deleting.url })}</Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
