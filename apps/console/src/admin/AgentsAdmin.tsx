import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { CHANNELS, type AgentResponse } from '@switchboard/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentForm } from './AgentForm.js';
import { useAgents, useAllQueues } from './queries.js';
import { warningLines } from './warnings.js';

type Editing = { agent: AgentResponse | null } | null;

/**
 * Agents with their queues, skills, capacity and status. An agent in a queue whose required
 * skills they lack counts as staffed yet never gets its work: that is said in words, on top.
 */
export function AgentsAdmin() {
  const { t } = useTranslation();
  const agents = useAgents();
  const queues = useAllQueues();
  const [editing, setEditing] = useState<Editing>(null);
  const list = useMemo(() => agents.data ?? [], [agents.data]);
  const skills = useMemo(
    () =>
      [
        ...new Set([
          ...(queues.data ?? []).flatMap((q) => q.requiredSkills.map((s) => s.skill)),
          ...list.flatMap((a) => a.skills.map((s) => s.skill)),
        ]),
      ].sort(),
    [queues.data, list],
  );
  const warned = list.filter((a) => a.warnings.length > 0 && !a.disabled);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('admin.tabs.agents')}
        </Title>
        <Button onClick={() => setEditing({ agent: null })} disabled={!queues.data}>
          {t('admin.agents.new')}
        </Button>
      </Group>
      {agents.isError && <Alert color="red">{t('common.error', { message: agents.error.message })}</Alert>}
      {warned.length > 0 && (
        <Alert color="orange" title={t('admin.agents.summary', { count: warned.length })} data-testid="agent-warnings">
          {t('admin.agents.summaryText')}
        </Alert>
      )}
      {agents.isPending ? (
        <Text>{t('common.loading')}</Text>
      ) : (
        <Table striped data-testid="agents-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.users.name')}</Table.Th>
              <Table.Th>{t('admin.agents.queues')}</Table.Th>
              <Table.Th>{t('admin.agents.skills')}</Table.Th>
              <Table.Th>{t('admin.agents.capacity')}</Table.Th>
              <Table.Th>{t('status.label')}</Table.Th>
              <Table.Th>{t('admin.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((a) => (
              <Table.Tr key={a.id} data-testid={`agent-${a.email}`}>
                <Table.Td>
                  <Text fw={600}>{a.name}</Text>
                  <Text size="sm" c="dimmed">
                    {a.email}
                  </Text>
                  {a.disabled && <Badge color="red">{t('admin.users.disabled')}</Badge>}
                  {warningLines(t, a.warnings).map((line) => (
                    <Text key={line} size="sm" c="red" fw={600} data-testid="agent-warning">
                      ⚠ {line}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{a.queues.join(', ') || t('common.none')}</Table.Td>
                <Table.Td>
                  {a.skills.map((s) => t('admin.skills.withLevel', { skill: s.skill, level: s.level })).join(', ') ||
                    t('common.none')}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{CHANNELS.map((c) => `${t(`channels.${c}`)} ${a.capacity[c]}`).join(' · ')}</Text>
                </Table.Td>
                <Table.Td>
                  {t(`status.${a.status}`)}
                  {a.statusReason
                    ? ` (${t(`status.reasons.${a.statusReason}`, { defaultValue: a.statusReason })})`
                    : ''}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('admin.editNamed', { name: a.name })}
                    disabled={!queues.data}
                    onClick={() => setEditing({ agent: a })}
                  >
                    {t('admin.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && queues.data && (
        <AgentForm
          agent={editing.agent}
          queues={queues.data}
          skillSuggestions={skills}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
