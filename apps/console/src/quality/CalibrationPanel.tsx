import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type {
  AgreementFigure,
  CalibrationView,
  EvaluationAnswer,
  Page,
  ReviewerGoal,
  TicketSummary,
} from '@switchboard/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { scorecardsQuery } from './queries.js';

export const calibrationQuery = (id: string) => ({
  queryKey: ['qa', 'calibration', id],
  queryFn: () => api<CalibrationView>('GET', `/api/qa/calibrations/${id}`),
});

/** Calibration sessions: the list, and a new one (scorecard, tickets, reviewers). */
export function CalibrationPanel() {
  const { t, i18n } = useTranslation();
  const sessions = useQuery({
    queryKey: ['qa', 'calibrations'],
    queryFn: () => api<CalibrationView[]>('GET', '/api/qa/calibrations'),
  });
  const [creating, setCreating] = useState(false);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  if (creating) return <NewCalibration onDone={() => setCreating(false)} />;
  return (
    <Stack>
      <Button w="fit-content" onClick={() => setCreating(true)}>
        {t('quality.calibration.new')}
      </Button>
      {sessions.isError && <Alert color="red">{t('quality.error', { message: sessions.error.message })}</Alert>}
      {sessions.data && sessions.data.length === 0 && <Text c="dimmed">{t('quality.none')}</Text>}
      {sessions.data && sessions.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quality.calibration.name')}</Table.Th>
              <Table.Th>{t('quality.calibration.tickets')}</Table.Th>
              <Table.Th>{t('quality.calibration.reviewers')}</Table.Th>
              <Table.Th>{t('quality.calibration.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/quality/calibrations/${s.id}`}>
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{s.tickets.length.toLocaleString(i18n.language)}</Table.Td>
                <Table.Td>
                  {s.reviewers
                    .map((r) =>
                      t('quality.calibration.progress', { name: r.name, done: r.submitted, of: s.tickets.length }),
                    )
                    .join(' · ')}
                </Table.Td>
                <Table.Td>{date.format(new Date(s.createdAt))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function NewCalibration({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { session } = useAuth();
  const navigate = useNavigate();
  const client = useQueryClient();
  const cards = useQuery(scorecardsQuery);
  const tickets = useQuery({
    queryKey: ['qa', 'calibration-tickets'],
    queryFn: () => api<Page<TicketSummary>>('GET', '/api/tickets?outcome=resolved&sort=resolvedAt&order=desc&limit=50'),
  });
  const reviewers = useQuery({
    queryKey: ['qa', 'reviewers'],
    queryFn: () => api<ReviewerGoal[]>('GET', '/api/qa/reviewers'),
  });
  const [name, setName] = useState('');
  const [scorecardId, setScorecardId] = useState('');
  const [ticketIds, setTicketIds] = useState<string[]>([]);
  const [reviewerIds, setReviewerIds] = useState<string[]>([session!.user.id]);
  const create = useMutation({
    mutationFn: () =>
      api<CalibrationView>('POST', '/api/qa/calibrations', {
        name,
        scorecardId: scorecardId || cards.data?.[0]?.id,
        ticketIds,
        reviewerIds,
      }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['qa', 'calibrations'] });
      navigate(`/quality/calibrations/${created.id}`);
    },
  });
  const people = [
    ...(reviewers.data ?? []).map((r) => ({ value: r.reviewerId, label: r.name })),
    ...(session!.user.role === 'admin' ? [{ value: session!.user.id, label: session!.user.name }] : []),
  ];
  return (
    <Stack maw={720}>
      <TextInput
        label={t('quality.calibration.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
      />
      <NativeSelect
        label={t('quality.scorecard')}
        value={scorecardId}
        onChange={(e) => setScorecardId(e.currentTarget.value)}
        data={(cards.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
      />
      <MultiSelect
        label={t('quality.calibration.tickets')}
        searchable
        value={ticketIds}
        onChange={setTicketIds}
        data={(tickets.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.reference} · ${x.subject}` }))}
      />
      <MultiSelect
        label={t('quality.calibration.reviewers')}
        value={reviewerIds}
        onChange={setReviewerIds}
        data={people}
      />
      {create.isError && (
        <Alert color="red" role="alert">
          {create.error.message}
        </Alert>
      )}
      <Group>
        <Button onClick={() => create.mutate()} loading={create.isPending}>
          {t('quality.calibration.create')}
        </Button>
        <Button variant="default" onClick={onDone}>
          {t('quality.editor.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function Alpha({ figure }: { figure: AgreementFigure }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Table.Td>{t(`quality.calibration.metric.${figure.metric}`)}</Table.Td>
      <Table.Td data-testid="alpha">
        {figure.alpha === null
          ? t('quality.calibration.noAlpha')
          : figure.alpha.toLocaleString(i18n.language, { minimumFractionDigits: 3 })}
      </Table.Td>
      <Table.Td>{t('quality.calibration.sample', { units: figure.units, values: figure.values })}</Table.Td>
    </>
  );
}

const show = (t: (k: string) => string, a: EvaluationAnswer | undefined) =>
  !a
    ? '–'
    : a.na
      ? t('quality.detail.answer.na')
      : a.value === 'yes' || a.value === 'no'
        ? t(`quality.detail.answer.${a.value}`)
        : String(a.value ?? '–');

/** A session: each ticket to score (blind), then the answers side by side and the agreement. */
export function CalibrationSession() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const session = useQuery(calibrationQuery(id));
  const cards = useQuery(scorecardsQuery);
  const card = useQuery({
    queryKey: ['qa', 'scorecard', session.data?.scorecardId, session.data?.scorecardVersion],
    queryFn: () =>
      api<{ sections: { criteria: { key: string; label: string }[] }[] }>(
        'GET',
        `/api/qa/scorecards/${session.data!.scorecardId}?version=${session.data!.scorecardVersion}`,
      ),
    enabled: !!session.data,
  });
  if (session.isError) return <Alert color="red">{t('quality.error', { message: session.error.message })}</Alert>;
  if (!session.data || !card.data) return <Text>{t('quality.loading')}</Text>;
  const s = session.data;
  const criteria = card.data.sections.flatMap((x) => x.criteria);
  const mine = new Map(s.mine.map((m) => [m.ticketId, m]));
  const scorecardName = cards.data?.find((c) => c.id === s.scorecardId)?.name ?? '';
  return (
    <Stack>
      <Title order={2} size="h3">
        {s.name}
      </Title>
      <Text c="dimmed">
        {scorecardName} · {t('quality.version', { version: s.scorecardVersion })}
      </Text>
      <Text size="sm">{t('quality.calibration.blind')}</Text>
      {s.tickets.map((ticket) => {
        const m = mine.get(ticket.id);
        const rows = s.answers.filter((a) => a.ticketId === ticket.id);
        return (
          <Paper key={ticket.id} withBorder p="sm" data-ticket={ticket.reference}>
            <Group justify="space-between">
              <Text fw={600}>
                {ticket.reference} · <span dir="auto">{ticket.subject}</span>
              </Text>
              {m && m.status !== 'draft' ? (
                <Badge color="green">{t('quality.evaluationStatus.submitted')}</Badge>
              ) : (
                <Button component={Link} size="compact-sm" to={`/quality/evaluate/${ticket.id}?calibration=${s.id}`}>
                  {t('quality.calibration.score')}
                </Button>
              )}
            </Group>
            {rows.length > 0 && (
              <Table mt="xs" data-testid="side-by-side">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('quality.report.criterion')}</Table.Th>
                    {rows.map((r) => (
                      <Table.Th key={r.reviewerId}>{r.reviewerName}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {criteria.map((c) => {
                    const values = rows.map((r) =>
                      show(
                        t,
                        r.answers.find((a) => a.criterion === c.key),
                      ),
                    );
                    const differ = new Set(values).size > 1;
                    return (
                      <Table.Tr key={c.key} bg={differ ? 'var(--mantine-color-yellow-light)' : undefined}>
                        <Table.Td>{c.label}</Table.Td>
                        {values.map((v, i) => (
                          <Table.Td key={i}>{v}</Table.Td>
                        ))}
                      </Table.Tr>
                    );
                  })}
                  <Table.Tr>
                    <Table.Td fw={600}>{t('quality.score')}</Table.Td>
                    {rows.map((r) => (
                      <Table.Td key={r.reviewerId} fw={600}>
                        {r.score === null
                          ? t('quality.noScore')
                          : t('quality.scoreValue', { score: r.score.toLocaleString(i18n.language) })}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        );
      })}
      {s.agreement && (
        <Paper withBorder p="sm">
          <Title order={3} size="h4" mb="xs">
            {t('quality.calibration.agreement')}
          </Title>
          <Table data-testid="agreement">
            <Table.Tbody>
              <Table.Tr data-criterion="overall">
                <Table.Td fw={600}>{t('quality.calibration.overall')}</Table.Td>
                <Alpha figure={s.agreement.overall} />
              </Table.Tr>
              {s.agreement.criteria.map((c) => (
                <Table.Tr key={c.criterion} data-criterion={c.criterion}>
                  <Table.Td>{c.label}</Table.Td>
                  <Alpha figure={c} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
