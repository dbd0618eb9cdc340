import { Alert, Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { Page, QueueResponse, TicketSummary } from '@switchboard/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../api.js';
import { RESOLUTION_CODES } from '../components/TicketWorkspace.js';

const FIELDS = ['from', 'to', 'queue', 'agentId', 'category', 'resolutionCode', 'q'] as const;
type Filters = Partial<Record<(typeof FIELDS)[number], string>>;

/**
 * Day inputs (yyyy-mm-dd) as the API's ISO bounds on the resolution date, since this page lists
 * resolved tickets: `to` includes the whole day.
 */
function bounds({ from, to, ...rest }: Filters): Record<string, string | undefined> {
  const day = (d: string | undefined, end: boolean) =>
    d ? new Date(new Date(`${d}T00:00:00`).getTime() + (end ? 86_400_000 : 0)).toISOString() : undefined;
  return { ...rest, resolvedFrom: day(from, false), resolvedTo: day(to, true) };
}

/** Resolved tickets for QA and supervisors (agents see their own): filters live in the URL. */
export default function History() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FIELDS.map((k) => [k, params.get(k) ?? undefined]));
  const [form, setForm] = useState<Filters>(filters);
  const queues = useQuery({ queryKey: ['queues'], queryFn: () => api<QueueResponse[]>('GET', '/api/queues') });
  const results = useInfiniteQuery({
    queryKey: ['history', filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<Page<TicketSummary>>(
        'GET',
        `/api/tickets${query({ status: 'resolved', limit: 50, ...bounds(filters), cursor: pageParam || undefined })}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FIELDS) if (form[k]) next.set(k, form[k]!);
    setParams(next);
  };
  const input = (k: (typeof FIELDS)[number], label: string, type = 'text') => (
    <TextInput
      label={label}
      type={type}
      value={form[k] ?? ''}
      onChange={(e) => setForm({ ...form, [k]: e.currentTarget.value })}
    />
  );

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('history.title')}
      </Title>
      <Paper withBorder p="md" component="form" onSubmit={submit} role="search">
        <Group align="flex-end" wrap="wrap">
          {input('from', t('history.from'), 'date')}
          {input('to', t('history.to'), 'date')}
          <NativeSelect
            label={t('history.queue')}
            value={form.queue ?? ''}
            onChange={(e) => setForm({ ...form, queue: e.currentTarget.value })}
            data={[{ value: '', label: '—' }, ...(queues.data ?? []).map((q) => ({ value: q.key, label: q.name }))]}
          />
          {input('agentId', t('history.agent'))}
          {input('category', t('history.category'))}
          <NativeSelect
            label={t('history.code')}
            value={form.resolutionCode ?? ''}
            onChange={(e) => setForm({ ...form, resolutionCode: e.currentTarget.value })}
            data={[{ value: '', label: '—' }, ...RESOLUTION_CODES.map((c) => ({ value: c, label: t(`codes.${c}`) }))]}
          />
          {input('q', t('history.text'), 'search')}
          <Button type="submit">{t('history.search')}</Button>
        </Group>
      </Paper>
      {results.isError && <Alert color="red">{t('common.error', { message: results.error.message })}</Alert>}
      <Text role="status">
        {results.isPending ? t('common.loading') : t('history.results', { count: items.length })}
      </Text>
      {items.length === 0 && !results.isPending ? (
        <Text c="dimmed">{t('history.none')}</Text>
      ) : (
        <Table striped data-testid="history-results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('offer.subject')}</Table.Th>
              <Table.Th>{t('offer.customer')}</Table.Th>
              <Table.Th>{t('history.queue')}</Table.Th>
              <Table.Th>{t('history.code')}</Table.Th>
              <Table.Th>{t('history.resolvedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/tickets/${x.id}`}>
                    <Text span size="sm" c="dimmed" inherit>
                      {x.reference}
                    </Text>{' '}
                    <span dir="auto">{x.subject}</span>
                  </Anchor>
                </Table.Td>
                <Table.Td>{x.customer.name ?? t('customer.unknown')}</Table.Td>
                <Table.Td>{x.queue}</Table.Td>
                <Table.Td>
                  {x.resolutionCode ? t(`codes.${x.resolutionCode}`, { defaultValue: x.resolutionCode }) : '–'}
                </Table.Td>
                <Table.Td>{x.resolvedAt ? date.format(new Date(x.resolvedAt)) : '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {results.hasNextPage && (
        <Button variant="default" onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
          {t('history.more')}
        </Button>
      )}
    </Stack>
  );
}
