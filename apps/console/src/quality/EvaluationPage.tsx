import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import type { EvaluationAnswer, EvaluationDetail } from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { evaluationQuery } from './queries.js';

export function ScoreBadge({ score, autoFailed }: { score: number | null; autoFailed: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <span data-testid="evaluation-score">
        {score === null
          ? t('quality.noScore')
          : t('quality.scoreValue', { score: score.toLocaleString(i18n.language) })}
      </span>
      {autoFailed && (
        <Badge color="red" variant="light">
          {t('quality.autoFailed')}
        </Badge>
      )}
    </Group>
  );
}

/** What an answer says, in words. */
function answerText(t: (k: string) => string, a: EvaluationAnswer | undefined): string {
  if (!a) return '–';
  if (a.na) return t('quality.detail.answer.na');
  if (a.value === 'yes' || a.value === 'no') return t(`quality.detail.answer.${a.value}`);
  return String(a.value ?? '–');
}

/**
 * One evaluation as the agent and QA read it: the score and sections, every answer with its
 * comment and the timeline item it cites, earlier versions, and each step. The agent
 * acknowledges or disputes it here; QA answers a dispute by re-scoring or upholding.
 */
export default function EvaluationPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { session } = useAuth();
  const client = useQueryClient();
  const evaluation = useQuery(evaluationQuery(id));
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'acknowledge' | 'dispute' | 'uphold' | null>(null);
  const act = useMutation({
    mutationFn: (action: 'acknowledge' | 'dispute' | 'uphold') =>
      api<EvaluationDetail>(
        'POST',
        `/api/qa/evaluations/${id}/${action}`,
        action === 'acknowledge'
          ? text
            ? { comment: text }
            : {}
          : action === 'dispute'
            ? { reason: text }
            : { note: text },
      ),
    onSuccess: async () => {
      setMode(null);
      setText('');
      await client.invalidateQueries({ queryKey: ['qa'] });
    },
  });
  if (evaluation.isPending) return <Text>{t('quality.loading')}</Text>;
  if (evaluation.isError) return <Alert color="red">{t('quality.error', { message: evaluation.error.message })}</Alert>;
  const e = evaluation.data;
  const role = session!.user.role;
  const mine = role === 'agent' && e.agentId === session!.user.id;
  const reviewer = role === 'qa' || role === 'admin';
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const answers = new Map(e.answers.map((a) => [a.criterion, a]));
  const canDispute =
    mine && e.status === 'submitted' && !e.dispute && e.disputeUntil && Date.parse(e.disputeUntil) > Date.now();
  const outcome = e.dispute?.outcome;

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('quality.detail.title', { reference: e.ticketReference })}{' '}
        <Text span c="dimmed" inherit dir="auto">
          {e.subject}
        </Text>
      </Title>
      <Paper withBorder p="md">
        <Group gap="xl" wrap="wrap">
          <div>
            <Text size="sm" c="dimmed">
              {t('quality.score')}
            </Text>
            <Text size="xl" fw={700}>
              <ScoreBadge score={e.score} autoFailed={e.autoFailed} />
            </Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('quality.status')}
            </Text>
            <Badge data-testid="evaluation-status">{t(`quality.evaluationStatus.${e.status}`)}</Badge>
          </div>
          <Text>
            {t('quality.agent')}: {e.agentName ?? '–'}
          </Text>
          <Text>
            {t('quality.reviewer')}: {e.reviewerName ?? '–'}
          </Text>
          <Text>
            {t('quality.scorecard')}: {e.scorecardName} ({t('quality.version', { version: e.scorecardVersion })})
          </Text>
          {role !== 'agent' && (
            <Anchor component={Link} to={`/tickets/${e.ticketId}`}>
              {e.ticketReference}
            </Anchor>
          )}
        </Group>
        {e.dispute && (
          <Alert mt="sm" color={outcome ? 'gray' : 'orange'}>
            <Text>{t('quality.detail.disputed', { reason: e.dispute.reason })}</Text>
            {outcome && <Text>{t(`quality.detail.outcome.${outcome}`, { note: e.dispute.note ?? '' })}</Text>}
          </Alert>
        )}
        {e.acknowledgedAt && (
          <Text mt="sm">
            {t('quality.detail.acknowledged', { comment: e.acknowledgement ? `: ${e.acknowledgement}` : '' })}
          </Text>
        )}
      </Paper>

      {(canDispute || (mine && e.status === 'submitted') || (reviewer && e.status === 'disputed')) && (
        <Paper withBorder p="md">
          {mine && e.disputeUntil && canDispute && (
            <Text size="sm" mb="xs">
              {t('quality.detail.disputeUntil', { date: date.format(new Date(e.disputeUntil)) })}
            </Text>
          )}
          {mode ? (
            <Stack gap="xs">
              <Textarea
                label={
                  mode === 'acknowledge'
                    ? t('quality.detail.acknowledgeComment')
                    : mode === 'dispute'
                      ? t('quality.detail.disputeReason')
                      : t('quality.detail.upholdNote')
                }
                value={text}
                onChange={(ev) => setText(ev.currentTarget.value)}
                required={mode !== 'acknowledge'}
                autoFocus
              />
              {act.isError && (
                <Alert color="red" role="alert">
                  {act.error.message}
                </Alert>
              )}
              <Group>
                <Button
                  onClick={() => act.mutate(mode)}
                  loading={act.isPending}
                  disabled={mode !== 'acknowledge' && !text.trim()}
                >
                  {t('quality.detail.send')}
                </Button>
                <Button variant="default" onClick={() => setMode(null)}>
                  {t('quality.editor.cancel')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Group>
              {mine && e.status === 'submitted' && (
                <Button onClick={() => setMode('acknowledge')}>{t('quality.detail.acknowledge')}</Button>
              )}
              {canDispute && (
                <Button color="orange" variant="light" onClick={() => setMode('dispute')}>
                  {t('quality.detail.dispute')}
                </Button>
              )}
              {reviewer && e.status === 'disputed' && (
                <>
                  <Button component={Link} to={`/quality/evaluations/${e.id}/rescore`}>
                    {t('quality.detail.rescore')}
                  </Button>
                  <Button variant="light" onClick={() => setMode('uphold')}>
                    {t('quality.detail.uphold')}
                  </Button>
                </>
              )}
            </Group>
          )}
        </Paper>
      )}

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('quality.detail.answers')}
        </Title>
        {e.scorecard.sections.map((s) => (
          <Stack key={s.key} gap={4} mb="sm">
            <Text fw={600}>
              {s.title} ·{' '}
              {(() => {
                const score = e.sections.find((x) => x.key === s.key)?.score ?? null;
                return score === null
                  ? t('quality.noScore')
                  : t('quality.scoreValue', { score: score.toLocaleString(i18n.language) });
              })()}
            </Text>
            <Table>
              <Table.Tbody>
                {s.criteria
                  .filter((c) => answers.has(c.key))
                  .map((c) => {
                    const a = answers.get(c.key);
                    return (
                      <Table.Tr key={c.key} data-criterion={c.key}>
                        <Table.Td>{c.label}</Table.Td>
                        <Table.Td>{answerText(t, a)}</Table.Td>
                        <Table.Td dir="auto">{a?.comment ?? ''}</Table.Td>
                        <Table.Td>
                          {a?.messageId || a?.eventId ? (
                            <Badge variant="outline">{t('quality.detail.cited')}</Badge>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Paper>

      {e.versions.length > 1 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('quality.detail.versions')}
          </Title>
          <Table data-testid="evaluation-versions">
            <Table.Tbody>
              {e.versions.map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>{t('quality.version', { version: v.version })}</Table.Td>
                  <Table.Td>
                    <ScoreBadge score={v.score} autoFailed={v.autoFailed} />
                  </Table.Td>
                  <Table.Td>{date.format(new Date(v.submittedAt))}</Table.Td>
                  <Table.Td>{v.submittedBy?.name ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('quality.detail.history')}
        </Title>
        <ol style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {e.history.map((h, i) => (
            <li key={i}>
              <Text size="sm">
                {t(`quality.detail.event.${h.type}`, { defaultValue: h.type })} · {date.format(new Date(h.at))}
                {h.actor ? ` · ${h.actor.name}` : ''}
              </Text>
            </li>
          ))}
        </ol>
      </Paper>
    </Stack>
  );
}
