import { Alert, Badge, Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import type { QueueResponse } from '@switchboard/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useAdminMutation, useAgents, useAllQueues } from './queries.js';
import { QueueForm } from './QueueForm.js';

/** The form open: a queue to edit, or null for a new one. */
type Editing = { queue: QueueResponse | null } | null;

/** Queues in service (and, on request, retired ones): create, edit every setting, retire, restore. */
export function QueuesAdmin() {
  const { t } = useTranslation();
  const queues = useAllQueues();
  const agents = useAgents();
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [retiring, setRetiring] = useState<QueueResponse | null>(null);
  const all = useMemo(() => queues.data ?? [], [queues.data]);
  const shown = all.filter((q) => showRetired || !q.retiredAt);
  const skills = useMemo(
    () =>
      [
        ...new Set([
          ...all.flatMap((q) => q.requiredSkills.map((s) => s.skill)),
          ...(agents.data ?? []).flatMap((a) => a.skills.map((s) => s.skill)),
        ]),
      ].sort(),
    [all, agents.data],
  );
  const retire = useAdminMutation((key: string) =>
    api<QueueResponse>('DELETE', `/api/queues/${encodeURIComponent(key)}`),
  );
  const restore = useAdminMutation((key: string) =>
    api<QueueResponse>('PATCH', `/api/queues/${encodeURIComponent(key)}`, { retired: false }),
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('admin.tabs.queues')}
        </Title>
        <Button onClick={() => setEditing({ queue: null })}>{t('admin.queues.new')}</Button>
      </Group>
      <Switch
        label={t('admin.queues.showRetired')}
        checked={showRetired}
        onChange={(e) => setShowRetired(e.currentTarget.checked)}
      />
      {queues.isError && <Alert color="red">{t('common.error', { message: queues.error.message })}</Alert>}
      {restore.error && (
        <Alert color="red" role="alert">
          {restore.error.message}
        </Alert>
      )}
      {queues.isPending ? (
        <Text>{t('common.loading')}</Text>
      ) : (
        <Table striped data-testid="queues-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.queues.name')}</Table.Th>
              <Table.Th>{t('admin.email.address')}</Table.Th>
              <Table.Th>{t('admin.queues.serviceLevel')}</Table.Th>
              <Table.Th>{t('admin.queues.timers')}</Table.Th>
              <Table.Th>{t('admin.queues.strategy')}</Table.Th>
              <Table.Th>{t('admin.queues.requiredSkills')}</Table.Th>
              <Table.Th>{t('admin.overflow.legend')}</Table.Th>
              <Table.Th>{t('admin.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((q) => (
              <Table.Tr key={q.key} data-testid={`queue-${q.key}`}>
                <Table.Td>
                  <Text fw={600}>{q.name}</Text>
                  <Text size="sm" c="dimmed">
                    {q.key}
                  </Text>
                  {q.retiredAt && <Badge color="gray">{t('admin.queues.retired')}</Badge>}
                </Table.Td>
                <Table.Td data-testid="queue-email">
                  {q.email ? (
                    <>
                      <Text size="sm" dir="ltr" style={{ overflowWrap: 'anywhere' }}>
                        {q.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {q.emailAcknowledgement.enabled
                          ? t('admin.email.acknowledged')
                          : t('admin.email.notAcknowledged')}
                      </Text>
                    </>
                  ) : (
                    t('common.none')
                  )}
                </Table.Td>
                <Table.Td>
                  {t('admin.queues.serviceLevelValue', {
                    target: q.serviceLevel.targetPercent,
                    seconds: q.serviceLevel.thresholdSeconds,
                  })}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t('admin.queues.offerValue', { seconds: q.offerTimeoutSeconds })}</Text>
                  <Text size="sm">{t('admin.queues.wrapUpValue', { seconds: q.wrapUpSeconds })}</Text>
                  <Text size="sm">{t('admin.queues.priorityValue', { priority: q.basePriority })}</Text>
                </Table.Td>
                <Table.Td>{t(`admin.strategies.${q.strategy}`)}</Table.Td>
                <Table.Td>
                  {q.requiredSkills
                    .map((s) => t('admin.skills.atLeast', { skill: s.skill, level: s.minLevel }))
                    .join(', ') || t('common.none')}
                </Table.Td>
                <Table.Td>
                  {q.overflow
                    .map((o) =>
                      o.queue
                        ? t('admin.overflow.describeQueue', { seconds: o.afterSeconds, queue: o.queue })
                        : t('admin.overflow.describeRelax', { seconds: o.afterSeconds, levels: o.relaxSkillLevelsBy }),
                    )
                    .join('; ') || t('common.none')}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('admin.editNamed', { name: q.key })}
                      onClick={() => setEditing({ queue: q })}
                    >
                      {t('admin.edit')}
                    </Button>
                    {q.retiredAt ? (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('admin.queues.restoreNamed', { key: q.key })}
                        loading={restore.isPending && restore.variables === q.key}
                        onClick={() => restore.mutate(q.key)}
                      >
                        {t('admin.queues.restore')}
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        aria-label={t('admin.queues.retireNamed', { key: q.key })}
                        onClick={() => {
                          retire.reset();
                          setRetiring(q);
                        }}
                      >
                        {t('admin.queues.retire')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <QueueForm queue={editing.queue} queues={all} skillSuggestions={skills} onClose={() => setEditing(null)} />
      )}
      {retiring && (
        <ConfirmDialog
          title={t('admin.queues.retireTitle', { key: retiring.key })}
          confirmLabel={t('admin.queues.retire')}
          danger
          busy={retire.isPending}
          error={retire.error?.message ?? null}
          onConfirm={() => retire.mutate(retiring.key, { onSuccess: () => setRetiring(null) })}
          onClose={() => setRetiring(null)}
        >
          <Text>{t('admin.queues.retireText')}</Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
