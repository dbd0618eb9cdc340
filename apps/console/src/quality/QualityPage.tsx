import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { EvaluationStatus, InboxItem } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes } from 'react-router';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { CalibrationPanel, CalibrationSession } from './CalibrationPanel.js';
import EvaluatePage from './EvaluatePage.js';
import EvaluationPage, { ScoreBadge } from './EvaluationPage.js';
import { ReportPanel } from './ReportPanel.js';
import { SamplingPanel } from './SamplingPanel.js';
import { ScorecardsPanel } from './ScorecardsPanel.js';
import { evaluationsQuery } from './queries.js';
import './locales/index.js';

/** Where App mounts this area. */
const BASE = '/quality';

/**
 * The quality area: QA's inbox of sampled tickets, evaluations, the report and the scorecards;
 * supervisors read it; an agent finds their own evaluations here. Loaded in its own chunk.
 */
export default function QualityPage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const role = session!.user.role;
  const reviewer = role === 'qa' || role === 'admin';
  const sections =
    role === 'agent'
      ? []
      : reviewer
        ? (['inbox', 'evaluations', 'report', 'scorecards', 'calibrations', 'sampling'] as const)
        : (['inbox', 'evaluations', 'report', 'scorecards'] as const);
  return (
    <Stack>
      <Title order={1} size="h2">
        {role === 'agent' ? t('quality.mine') : t('quality.title')}
      </Title>
      {sections.length > 0 && (
        <nav aria-label={t('quality.sections')}>
          <Group gap="xs">
            {sections.map((s) => (
              <Button key={s} component={NavLink} to={`${BASE}/${s}`} variant="subtle" size="compact-md">
                {t(`quality.tabs.${s}`)}
              </Button>
            ))}
          </Group>
        </nav>
      )}
      <Routes>
        <Route index element={<Navigate to={`${BASE}/${role === 'agent' ? 'evaluations' : 'inbox'}`} replace />} />
        {role !== 'agent' && <Route path="inbox" element={<InboxPanel />} />}
        <Route path="evaluations" element={<EvaluationsPanel />} />
        <Route path="evaluations/:id" element={<EvaluationPage />} />
        {reviewer && <Route path="evaluations/:evaluationId/rescore" element={<EvaluatePage />} />}
        {reviewer && <Route path="evaluate/:ticketId" element={<EvaluatePage />} />}
        {role !== 'agent' && <Route path="report" element={<ReportPanel />} />}
        {role !== 'agent' && <Route path="scorecards" element={<ScorecardsPanel editable={reviewer} />} />}
        {reviewer && <Route path="calibrations" element={<CalibrationPanel />} />}
        {reviewer && <Route path="sampling" element={<SamplingPanel />} />}
        {reviewer && <Route path="calibrations/:id" element={<CalibrationSession />} />}
        <Route path="*" element={<Navigate to={BASE} replace />} />
      </Routes>
    </Stack>
  );
}

function InboxPanel() {
  const { t, i18n } = useTranslation();
  const { session } = useAuth();
  const [scope, setScope] = useState<'mine' | 'all'>(session!.user.role === 'qa' ? 'mine' : 'all');
  const inbox = useQuery({
    queryKey: ['qa', 'inbox', scope],
    queryFn: () => api<InboxItem[]>('GET', `/api/qa/inbox?reviewer=${scope === 'mine' ? 'me' : 'all'}`),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const reviewer = session!.user.role === 'qa' || session!.user.role === 'admin';
  return (
    <Stack>
      <SegmentedControl
        w="fit-content"
        value={scope}
        onChange={(v) => setScope(v as 'mine' | 'all')}
        data={[
          { value: 'mine', label: t('quality.inboxScope.mine') },
          { value: 'all', label: t('quality.inboxScope.all') },
        ]}
      />
      {inbox.isError && <Alert color="red">{t('quality.error', { message: inbox.error.message })}</Alert>}
      {inbox.data && inbox.data.length === 0 && <Text c="dimmed">{t('quality.none')}</Text>}
      {inbox.data && inbox.data.length > 0 && (
        <Table striped data-testid="qa-inbox">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quality.reference')}</Table.Th>
              <Table.Th>{t('quality.subject')}</Table.Th>
              <Table.Th>{t('quality.queue')}</Table.Th>
              <Table.Th>{t('quality.agent')}</Table.Th>
              <Table.Th>{t('quality.resolved')}</Table.Th>
              <Table.Th>{t('quality.reasons')}</Table.Th>
              <Table.Th>{t('quality.reviewer')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inbox.data.map((i) => (
              <Table.Tr key={i.ticketId}>
                <Table.Td>
                  {reviewer ? (
                    <Anchor component={Link} to={`${BASE}/evaluate/${i.ticketId}`}>
                      {i.ticketReference}
                    </Anchor>
                  ) : (
                    i.ticketReference
                  )}
                </Table.Td>
                <Table.Td dir="auto">{i.subject}</Table.Td>
                <Table.Td>{i.queue}</Table.Td>
                <Table.Td>{i.agentName ?? '–'}</Table.Td>
                <Table.Td>{i.resolvedAt ? date.format(new Date(i.resolvedAt)) : '–'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {i.reasons.map((r) => (
                      <Badge key={r} variant="light">
                        {t(`quality.reason.${r}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{i.reviewer?.name ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

const STATUSES: EvaluationStatus[] = ['draft', 'submitted', 'acknowledged', 'disputed'];

function EvaluationsPanel() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<EvaluationStatus | ''>('');
  const list = useQuery(evaluationsQuery({ status }));
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Stack>
      <NativeSelect
        w={220}
        label={t('quality.status')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as EvaluationStatus | '')}
        data={[
          { value: '', label: '–' },
          ...STATUSES.map((s) => ({ value: s, label: t(`quality.evaluationStatus.${s}`) })),
        ]}
      />
      {list.isError && <Alert color="red">{t('quality.error', { message: list.error.message })}</Alert>}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('quality.none')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table striped data-testid="qa-evaluations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quality.reference')}</Table.Th>
              <Table.Th>{t('quality.subject')}</Table.Th>
              <Table.Th>{t('quality.agent')}</Table.Th>
              <Table.Th>{t('quality.reviewer')}</Table.Th>
              <Table.Th>{t('quality.status')}</Table.Th>
              <Table.Th>{t('quality.score')}</Table.Th>
              <Table.Th>{t('quality.submitted')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor component={Link} to={`${BASE}/evaluations/${e.id}`}>
                    {e.ticketReference}
                  </Anchor>
                </Table.Td>
                <Table.Td dir="auto">{e.subject}</Table.Td>
                <Table.Td>{e.agentName ?? '–'}</Table.Td>
                <Table.Td>{e.reviewerName ?? '–'}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`quality.evaluationStatus.${e.status}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  <ScoreBadge score={e.score} autoFailed={e.autoFailed} />
                </Table.Td>
                <Table.Td>{e.submittedAt ? date.format(new Date(e.submittedAt)) : '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
