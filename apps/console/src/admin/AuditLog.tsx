import { Alert, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditEntry } from '@switchboard/contracts';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditChanges } from './AuditChanges.js';
import { useAuditLog, type AuditFilters } from './queries.js';

/** The actions an admin is most likely to look for (the log holds others too, shown as they are). */
export const AUDIT_ACTIONS = [
  'user.created',
  'user.updated',
  'user.password_reset',
  'queue.created',
  'queue.updated',
  'queue.retired',
  'agent.created',
  'agent.updated',
  'agent.status_set',
  'ticket.transferred',
  'ticket.reopened',
  'ticket.resolved',
  'ticket.note_added',
] as const;
const TARGET_TYPES = ['user', 'queue', 'agent', 'ticket'] as const;

/** Who changed what and when, newest first; each row opens to the fields it changed. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({ action: '', targetType: '' });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const log = useAuditLog(filters);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const actionLabel = (e: AuditEntry) => t(`admin.audit.actions.${e.action}`, { defaultValue: e.action });

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('admin.tabs.audit')}
      </Title>
      <Group role="search" align="flex-end">
        <NativeSelect
          label={t('admin.audit.action')}
          value={filters.action}
          onChange={(e) => setFilters({ ...filters, action: e.currentTarget.value })}
          data={[
            { value: '', label: t('admin.audit.allActions') },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`admin.audit.actions.${a}`) })),
          ]}
        />
        <NativeSelect
          label={t('admin.audit.targetType')}
          value={filters.targetType}
          onChange={(e) => setFilters({ ...filters, targetType: e.currentTarget.value })}
          data={[
            { value: '', label: t('admin.audit.allTargets') },
            ...TARGET_TYPES.map((type) => ({ value: type, label: t(`admin.audit.targets.${type}`) })),
          ]}
        />
      </Group>
      {log.isError && <Alert color="red">{t('common.error', { message: log.error.message })}</Alert>}
      <Text role="status" size="sm">
        {log.isPending ? t('common.loading') : t('admin.audit.count', { count: items.length })}
      </Text>
      <Table data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.audit.when')}</Table.Th>
            <Table.Th>{t('admin.audit.who')}</Table.Th>
            <Table.Th>{t('admin.audit.action')}</Table.Th>
            <Table.Th>{t('admin.audit.target')}</Table.Th>
            <Table.Th>{t('admin.audit.changes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => {
            const expanded = open.has(e.id);
            const detailsId = `audit-${e.id}`;
            return (
              <Fragment key={e.id}>
                <Table.Tr data-testid="audit-entry" data-action={e.action}>
                  <Table.Td>{date.format(new Date(e.at))}</Table.Td>
                  <Table.Td>
                    {e.actor ? `${e.actor.name} (${t(`roles.${e.actor.role}`)})` : t('admin.audit.system')}
                  </Table.Td>
                  <Table.Td>{actionLabel(e)}</Table.Td>
                  <Table.Td>
                    {t(`admin.audit.targets.${e.target.type}`, { defaultValue: e.target.type })}:{' '}
                    {e.target.label ?? e.target.id}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      aria-label={t(expanded ? 'admin.audit.hideNamed' : 'admin.audit.showNamed', {
                        action: actionLabel(e),
                        target: e.target.label ?? e.target.id,
                      })}
                      onClick={() => toggle(e.id)}
                    >
                      {expanded ? t('admin.audit.hide') : t('admin.audit.show')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={detailsId}>
                    <Table.Td colSpan={5}>
                      <AuditChanges before={e.before} after={e.after} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      {!log.isPending && items.length === 0 && <Text c="dimmed">{t('admin.audit.none')}</Text>}
      {log.hasNextPage && (
        <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
          {t('history.more')}
        </Button>
      )}
    </Stack>
  );
}
