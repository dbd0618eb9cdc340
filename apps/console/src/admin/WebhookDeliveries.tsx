import { Alert, Badge, Button, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useAdminMutation, useWebhookDeliveries } from './queries.js';
import type { Webhook, WebhookAttempt, WebhookDelivery } from './webhooks.js';

export const DELIVERY_COLORS: Record<WebhookDelivery['status'], string> = {
  delivered: 'green',
  pending: 'yellow',
  failed: 'red',
};

/** One attempt as a person reads it: when, what the receiver answered (or what went wrong), how long it took. */
export function useAttemptText() {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (a: WebhookAttempt) =>
    t('admin.webhooks.attempt', {
      at: time.format(new Date(a.at)),
      answer:
        a.statusCode !== null ? t('admin.webhooks.answered', { code: a.statusCode }) : (a.error ?? t('common.none')),
      ms: a.durationMs,
    });
}

/** A webhook's delivery log, newest first: each delivery's event, state and every attempt, and Send again. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t, i18n } = useTranslation();
  const deliveries = useWebhookDeliveries(webhook.id, 50);
  const attemptText = useAttemptText();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const redeliver = useAdminMutation((deliveryId: string) =>
    api<WebhookDelivery>(
      'POST',
      `/api/webhooks/${encodeURIComponent(webhook.id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
    ),
  );
  const items = deliveries.data ?? [];

  return (
    <Stack gap="xs" data-testid="webhook-deliveries">
      <Title order={3} size="h5">
        {t('admin.webhooks.logTitle')}
      </Title>
      {deliveries.isError && <Alert color="red">{t('common.error', { message: deliveries.error.message })}</Alert>}
      {redeliver.error && (
        <Alert color="red" role="alert">
          {redeliver.error.message}
        </Alert>
      )}
      {deliveries.isPending ? (
        <Text>{t('common.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('admin.webhooks.noDeliveries')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.webhooks.when')}</Table.Th>
              <Table.Th>{t('admin.webhooks.event')}</Table.Th>
              <Table.Th>{t('admin.webhooks.state')}</Table.Th>
              <Table.Th>{t('admin.webhooks.attempts')}</Table.Th>
              <Table.Th>{t('admin.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id} data-testid="webhook-delivery" data-status={d.status}>
                <Table.Td>
                  <Text size="sm">{time.format(new Date(d.createdAt))}</Text>
                  <Text size="xs" c="dimmed">
                    {t('admin.webhooks.deliveryId', { id: d.id })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`admin.webhooks.eventNames.${d.event}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={DELIVERY_COLORS[d.status]} variant="light">
                    {t(`admin.webhooks.status.${d.status}`)}
                  </Badge>
                  {d.nextAttemptAt && (
                    <Text size="xs" c="dimmed">
                      {t('admin.webhooks.nextAttempt', { at: time.format(new Date(d.nextAttemptAt)) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {d.log.length === 0 ? (
                    <Text size="sm">{t('admin.webhooks.noAttempt')}</Text>
                  ) : (
                    <List type="ordered" size="sm" data-testid="webhook-attempts">
                      {d.log.map((a, i) => (
                        <List.Item key={i}>{attemptText(a)}</List.Item>
                      ))}
                    </List>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('admin.webhooks.sendAgainNamed', { id: d.id })}
                    loading={redeliver.isPending && redeliver.variables === d.id}
                    onClick={() => redeliver.mutate(d.id)}
                  >
                    {t('admin.webhooks.sendAgain')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
