import { Alert, Button, Group, NativeSelect, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type {
  AgentDirectoryEntry,
  Page,
  QueueResponse,
  SortOrder,
  TicketOutcome,
  TicketSearchResult,
  TicketSort,
} from '@switchboard/contracts';
import { TICKET_OUTCOMES, TICKET_SORTS } from '@switchboard/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, query } from '../api.js';
import { useSession } from '../auth.js';
import { RESOLUTION_CODES } from '../components/TicketWorkspace.js';
import '../history/locales/index.js';
import { ResultsTable } from '../history/ResultsTable.js';

const FIELDS = ['outcome', 'from', 'to', 'queue', 'agentId', 'category', 'resolutionCode', 'q'] as const;
type Filters = Partial<Record<(typeof FIELDS)[number], string>>;

/** The outcome searched: resolved unless the URL says otherwise ('' = any). */
function outcomeOf(value: string | undefined): TicketOutcome | '' {
  if (value === undefined) return 'resolved';
  return (TICKET_OUTCOMES as readonly string[]).includes(value) ? (value as TicketOutcome) : '';
}

/**
 * Day inputs (yyyy-mm-dd) as the API's ISO bounds: on the resolution date for resolved tickets,
 * on the creation date otherwise; `to` includes the whole day.
 */
function bounds({ from, to, outcome, ...rest }: Filters): Record<string, string | undefined> {
  const day = (d: string | undefined, end: boolean) =>
    d ? new Date(new Date(`${d}T00:00:00`).getTime() + (end ? 86_400_000 : 0)).toISOString() : undefined;
  const resolved = outcomeOf(outcome) === 'resolved';
  return {
    ...rest,
    outcome: outcomeOf(outcome) || undefined,
    [resolved ? 'resolvedFrom' : 'from']: day(from, false),
    [resolved ? 'resolvedTo' : 'to']: day(to, true),
  };
}

/** The history QA and supervisors search (agents see their own): filters and sort live in the URL. */
export default function History() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FIELDS.map((k) => [k, params.get(k) ?? undefined]));
  const outcome = outcomeOf(filters.outcome);
  const sort: TicketSort = (TICKET_SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as TicketSort)
    : outcome === 'resolved'
      ? 'resolvedAt'
      : 'createdAt';
  const order: SortOrder = params.get('order') === 'asc' ? 'asc' : 'desc';
  const [form, setForm] = useState<Filters>({ ...filters, outcome });
  const isAgent = session.user.role === 'agent';
  const queues = useQuery({ queryKey: ['queues'], queryFn: () => api<QueueResponse[]>('GET', '/api/queues') });
  const agents = useQuery({
    queryKey: ['agent-directory'],
    enabled: !isAgent,
    queryFn: () => api<AgentDirectoryEntry[]>('GET', '/api/agents/directory'),
  });
  const results = useInfiniteQuery({
    queryKey: ['history', filters, sort, order],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<Page<TicketSearchResult>>(
        'GET',
        `/api/tickets${query({ limit: 50, ...bounds(filters), sort, order, cursor: pageParam || undefined })}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FIELDS) if (form[k] !== undefined && (form[k] !== '' || k === 'outcome')) next.set(k, form[k]!);
    setParams(next);
  };
  const sortBy = (column: TicketSort) => {
    const next = new URLSearchParams(params);
    next.set('sort', column);
    next.set('order', column === sort && order === 'desc' ? 'asc' : 'desc');
    setParams(next);
  };
  const resolved = (form.outcome ?? 'resolved') === 'resolved';
  const input = (k: (typeof FIELDS)[number], label: string, type = 'text', description?: string) => (
    <TextInput
      label={label}
      description={description}
      type={type}
      value={form[k] ?? ''}
      onChange={(e) => setForm({ ...form, [k]: e.currentTarget.value })}
    />
  );

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('review.title')}
      </Title>
      <Paper withBorder p="md" component="form" onSubmit={submit} role="search">
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('review.outcome')}
            value={form.outcome ?? 'resolved'}
            onChange={(e) => setForm({ ...form, outcome: e.currentTarget.value })}
            data={[
              { value: '', label: t('review.outcomes.any') },
              ...TICKET_OUTCOMES.map((o) => ({ value: o, label: t(`review.outcomes.${o}`) })),
            ]}
          />
          {input('from', resolved ? t('history.from') : t('review.createdFrom'), 'date')}
          {input('to', resolved ? t('history.to') : t('review.createdTo'), 'date')}
          <NativeSelect
            label={t('history.queue')}
            value={form.queue ?? ''}
            onChange={(e) => setForm({ ...form, queue: e.currentTarget.value })}
            data={[{ value: '', label: '—' }, ...(queues.data ?? []).map((q) => ({ value: q.key, label: q.name }))]}
          />
          {!isAgent && (
            <Select
              label={t('review.agent')}
              placeholder={t('review.anyAgent')}
              searchable
              clearable
              nothingFoundMessage={t('review.noAgent')}
              value={form.agentId ?? null}
              onChange={(value) => setForm({ ...form, agentId: value ?? '' })}
              data={(agents.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          )}
          {input('category', t('history.category'))}
          <NativeSelect
            label={t('history.code')}
            value={form.resolutionCode ?? ''}
            onChange={(e) => setForm({ ...form, resolutionCode: e.currentTarget.value })}
            data={[{ value: '', label: '—' }, ...RESOLUTION_CODES.map((c) => ({ value: c, label: t(`codes.${c}`) }))]}
          />
          {input('q', t('review.text'), 'search', t('review.textHint'))}
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
        <ResultsTable items={items} sort={sort} order={order} onSort={sortBy} />
      )}
      {results.hasNextPage && (
        <Button variant="default" onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
          {t('history.more')}
        </Button>
      )}
    </Stack>
  );
}
