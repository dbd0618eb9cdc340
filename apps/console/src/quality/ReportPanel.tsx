import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { QualityReport } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fileUrl, query } from '../api.js';
import { formatDuration } from '../time.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Per agent and queue: quality next to the same agent's handled, AHT, FCR and CSAT; the CSV of every answer. */
export function ReportPanel() {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const range = { from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` };
  const report = useQuery({
    queryKey: ['qa', 'report', range],
    queryFn: () => api<QualityReport>('GET', `/api/qa/reports/quality${query(range)}`),
  });
  const pct = (v: number | null) =>
    v === null ? '–' : t('quality.report.percent', { value: v.toLocaleString(i18n.language) });
  const download = async () => {
    const url = await fileUrl(`/api/qa/reports/evaluations.csv${query(range)}`);
    const a = document.createElement('a');
    a.href = url;
    a.download = `evaluations-${from}-${to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <Stack>
      <Group align="end">
        <TextInput
          type="date"
          label={t('quality.report.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('quality.report.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button variant="light" onClick={() => void download()}>
          {t('quality.report.csv')}
        </Button>
      </Group>
      {report.isError && <Alert color="red">{t('quality.error', { message: report.error.message })}</Alert>}
      {report.data && (
        <>
          <Title order={2} size="h4">
            {t('quality.report.agents')}
          </Title>
          <Table striped data-testid="qa-report-agents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('quality.agent')}</Table.Th>
                <Table.Th>{t('quality.report.evaluations')}</Table.Th>
                <Table.Th>{t('quality.report.average')}</Table.Th>
                <Table.Th>{t('quality.report.autoFail')}</Table.Th>
                <Table.Th>{t('quality.report.disputes')}</Table.Th>
                <Table.Th>{t('quality.report.handled')}</Table.Th>
                <Table.Th>{t('quality.report.aht')}</Table.Th>
                <Table.Th>{t('quality.report.fcr')}</Table.Th>
                <Table.Th>{t('quality.report.csat')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.agents.map((a) => (
                <Table.Tr key={a.agentId} data-agent={a.name}>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{a.evaluations.toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td data-testid="average-score">{pct(a.averageScore)}</Table.Td>
                  <Table.Td>{pct(a.autoFailRatePercent)}</Table.Td>
                  <Table.Td>
                    {pct(a.disputeRatePercent)}
                    <Text size="xs" c="dimmed">
                      {t('quality.report.outcomes', a.disputes)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{a.handled.toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td>{a.ahtSeconds === null ? '–' : formatDuration(a.ahtSeconds)}</Table.Td>
                  <Table.Td>{pct(a.fcrPercent)}</Table.Td>
                  <Table.Td>{pct(a.csatPercent)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={2} size="h4">
            {t('quality.report.queues')}
          </Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('quality.queue')}</Table.Th>
                <Table.Th>{t('quality.report.evaluations')}</Table.Th>
                <Table.Th>{t('quality.report.average')}</Table.Th>
                <Table.Th>{t('quality.report.autoFail')}</Table.Th>
                <Table.Th>{t('quality.report.disputes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.queues.map((q) => (
                <Table.Tr key={q.queue}>
                  <Table.Td>{q.queue}</Table.Td>
                  <Table.Td>{q.evaluations.toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td>{pct(q.averageScore)}</Table.Td>
                  <Table.Td>{pct(q.autoFailRatePercent)}</Table.Td>
                  <Table.Td>{pct(q.disputeRatePercent)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={2} size="h4">
            {t('quality.report.criteria')}
          </Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('quality.report.week')}</Table.Th>
                <Table.Th>{t('quality.report.criterion')}</Table.Th>
                <Table.Th>{t('quality.report.average')}</Table.Th>
                <Table.Th>{t('quality.report.answers')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.criteria.map((c) => (
                <Table.Tr key={`${c.week}-${c.criterion}`}>
                  <Table.Td>
                    {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
                      new Date(c.week),
                    )}
                  </Table.Td>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td>{pct(c.averagePercent)}</Table.Td>
                  <Table.Td>{c.answers.toLocaleString(i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
