import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { AgentPeriodFigures, AgentSummaryResponse } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { formatDuration } from '../time.js';
import './locales/index.js';

export const MY_SUMMARY_KEY = ['agent-summary'];

/** The agent's zone: "today" and "this week" are theirs, not the server's. */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The agent's day and week from the API (the metric engine's figures). Fetched each time the idle
 * desk shows it — so after every resolution and wrap-up — and every 30 s while it stays idle.
 */
export function useMySummary() {
  return useQuery({
    queryKey: MY_SUMMARY_KEY,
    queryFn: () => api<AgentSummaryResponse>('GET', `/api/agents/me/summary?tz=${encodeURIComponent(timeZone())}`),
    refetchInterval: 30_000,
    refetchOnMount: 'always',
  });
}

/** What the idle desk shows: the agent's own handled, AHT, FCR, CSAT and QA average, and last evaluations. */
export function MySummary() {
  const { t, i18n } = useTranslation();
  const summary = useMySummary();
  if (summary.isPending) return null;
  if (summary.isError) return <Alert color="red">{t('mySummary.error', { message: summary.error.message })}</Alert>;
  const s = summary.data;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const score = (value: number | null) => (value === null ? t('mySummary.none') : percent.format(value / 100));

  return (
    <Paper withBorder p="lg" data-testid="my-summary">
      <Stack gap="md">
        <Title order={3}>{t('mySummary.title')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Period
            testId="my-day"
            title={t('mySummary.day')}
            since={date.format(new Date(s.day.from))}
            figures={s.day}
          />
          <Period
            testId="my-week"
            title={t('mySummary.week')}
            since={date.format(new Date(s.week.from))}
            figures={s.week}
          />
        </SimpleGrid>
        <Title order={4}>{t('mySummary.last')}</Title>
        {s.lastEvaluations.length === 0 ? (
          <Text c="dimmed">{t('mySummary.noEvaluations')}</Text>
        ) : (
          <Table data-testid="my-evaluations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mySummary.ticket')}</Table.Th>
                <Table.Th>{t('mySummary.score')}</Table.Th>
                <Table.Th>{t('mySummary.status')}</Table.Th>
                <Table.Th>{t('mySummary.submittedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.lastEvaluations.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/quality/evaluations/${e.id}`}>
                      {e.ticketReference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      {score(e.score)}
                      {e.autoFailed && (
                        <Badge color="red" variant="light">
                          {t('mySummary.autoFailed')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{t(`mySummary.statuses.${e.status}`)}</Table.Td>
                  <Table.Td>{date.format(new Date(e.submittedAt))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

function Period({
  testId,
  title,
  since,
  figures,
}: {
  testId: string;
  title: string;
  since: string;
  figures: AgentPeriodFigures;
}) {
  const { t, i18n } = useTranslation();
  const count = new Intl.NumberFormat(i18n.language);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const none = t('mySummary.none');
  const rows: [key: string, label: string, value: string][] = [
    ['handled', t('mySummary.handled'), count.format(figures.handled)],
    ['aht', t('mySummary.aht'), figures.ahtSeconds === null ? none : formatDuration(figures.ahtSeconds)],
    ['fcr', t('mySummary.fcr'), figures.fcrPercent === null ? none : percent.format(figures.fcrPercent / 100)],
    ['csat', t('mySummary.csat'), figures.csatPercent === null ? none : percent.format(figures.csatPercent / 100)],
    [
      'qa',
      t('mySummary.qa'),
      figures.qaAverage === null
        ? none
        : `${percent.format(figures.qaAverage / 100)} (${t('mySummary.evaluations', { count: figures.evaluations })})`,
    ],
  ];
  return (
    <Stack gap={4} data-testid={testId}>
      <Group gap="xs" align="baseline">
        <Title order={4}>{title}</Title>
        <Text size="sm" c="dimmed">
          {t('mySummary.since', { date: since })}
        </Text>
      </Group>
      <Table>
        <Table.Tbody>
          {rows.map(([key, label, value]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row" fw="normal">
                {label}
              </Table.Th>
              <Table.Td data-testid={`${testId}-${key}`} fw={600}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
