import { Alert, Button, Checkbox, NativeSelect, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import type { ReviewerGoal, SamplingRules } from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';

/** Which resolved tickets each queue sends to QA, and how many a week each reviewer takes. */
export function SamplingPanel() {
  const { t } = useTranslation();
  const rules = useQuery({
    queryKey: ['qa', 'sampling'],
    queryFn: () => api<SamplingRules[]>('GET', '/api/qa/sampling-rules'),
  });
  const reviewers = useQuery({
    queryKey: ['qa', 'reviewers'],
    queryFn: () => api<ReviewerGoal[]>('GET', '/api/qa/reviewers'),
  });
  return (
    <Stack>
      <Title order={2} size="h4">
        {t('quality.sampling.rules')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('quality.sampling.note')}
      </Text>
      {rules.isError && <Alert color="red">{t('quality.error', { message: rules.error.message })}</Alert>}
      {rules.data && (
        <Table striped data-testid="sampling-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quality.queue')}</Table.Th>
              <Table.Th>{t('quality.sampling.randomPercent')}</Table.Th>
              <Table.Th>{t('quality.sampling.csatAtMost')}</Table.Th>
              <Table.Th>{t('quality.reason.transferred')}</Table.Th>
              <Table.Th>{t('quality.reason.repeat_contact')}</Table.Th>
              <Table.Th>{t('quality.sampling.handleSecondsAbove')}</Table.Th>
              <Table.Th>{t('quality.reason.auto_failed_before')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.map((r) => (
              <RuleRow key={r.queue} rule={r} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2} size="h4">
        {t('quality.sampling.reviewers')}
      </Title>
      {reviewers.data && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quality.reviewer')}</Table.Th>
              <Table.Th>{t('quality.sampling.weeklyGoal')}</Table.Th>
              <Table.Th>{t('quality.sampling.thisWeek')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reviewers.data.map((r) => (
              <GoalRow key={r.reviewerId} reviewer={r} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function RuleRow({ rule }: { rule: SamplingRules }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [r, setR] = useState(rule);
  const save = useMutation({
    mutationFn: () => {
      const { queue, ...body } = r;
      return api<SamplingRules>('PUT', `/api/qa/sampling-rules/${queue}`, body);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['qa', 'sampling'] }),
  });
  const label = (what: string) => `${t(what)} (${rule.queue})`;
  return (
    <Table.Tr data-queue={rule.queue}>
      <Table.Td>{rule.queue}</Table.Td>
      <Table.Td>
        <NumberInput
          w={90}
          aria-label={label('quality.sampling.randomPercent')}
          min={0}
          max={100}
          value={r.randomPercent}
          onChange={(v) => setR({ ...r, randomPercent: Number(v) || 0 })}
        />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={label('quality.sampling.csatAtMost')}
          value={r.csatAtMost === null ? '' : String(r.csatAtMost)}
          onChange={(e) => setR({ ...r, csatAtMost: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
          data={[{ value: '', label: t('quality.sampling.off') }, '1', '2', '3', '4']}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={label('quality.reason.transferred')}
          checked={r.transferred}
          onChange={(e) => setR({ ...r, transferred: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={label('quality.reason.repeat_contact')}
          checked={r.repeatContact}
          onChange={(e) => setR({ ...r, repeatContact: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          w={110}
          aria-label={label('quality.sampling.handleSecondsAbove')}
          min={1}
          placeholder={t('quality.sampling.off')}
          value={r.handleSecondsAbove ?? ''}
          onChange={(v) => setR({ ...r, handleSecondsAbove: v === '' ? null : Number(v) })}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={label('quality.reason.auto_failed_before')}
          checked={r.autoFailedBefore}
          onChange={(e) => setR({ ...r, autoFailedBefore: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Button size="compact-sm" onClick={() => save.mutate()} loading={save.isPending}>
          {save.isSuccess ? t('quality.sampling.saved') : t('quality.editor.save')}
        </Button>
        {save.isError && (
          <Text c="red" size="sm" role="alert">
            {save.error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function GoalRow({ reviewer }: { reviewer: ReviewerGoal }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [goal, setGoal] = useState(reviewer.weeklyGoal);
  const save = useMutation({
    mutationFn: () => api<ReviewerGoal>('PUT', `/api/qa/reviewers/${reviewer.reviewerId}/goal`, { weeklyGoal: goal }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['qa', 'reviewers'] }),
  });
  return (
    <Table.Tr>
      <Table.Td>{reviewer.name}</Table.Td>
      <Table.Td>
        <NumberInput
          w={90}
          aria-label={`${t('quality.sampling.weeklyGoal')} (${reviewer.name})`}
          min={0}
          max={1000}
          value={goal}
          onChange={(v) => setGoal(Number(v) || 0)}
        />
      </Table.Td>
      <Table.Td>
        {t('quality.sampling.load', {
          assigned: reviewer.assignedThisWeek.toLocaleString(i18n.language),
          done: reviewer.doneThisWeek.toLocaleString(i18n.language),
        })}
      </Table.Td>
      <Table.Td>
        <Button size="compact-sm" onClick={() => save.mutate()} loading={save.isPending}>
          {t('quality.editor.save')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
