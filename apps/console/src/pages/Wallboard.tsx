import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type {
  AgentMetricsResponse,
  AgentStatus,
  MetricDefinitionView,
  MetricsPushMeta,
  MetricsSnapshot,
  QueueMetrics,
} from '@switchboard/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { LiveChart } from '../components/LiveChart.js';
import { WaitingTickets } from '../components/WaitingTickets.js';
import { useSocket, useSocketEvent, type AppSocket } from '../socket.js';
import { formatDuration, useNow } from '../time.js';

/** After this long without a push the board says so in red: a frozen board must be visible. */
const STALE_AFTER_MS = 6_000;

interface Board {
  queues: QueueMetrics[];
  meta: MetricsPushMeta | null;
  receivedAt: number;
}

/**
 * Follows the `metrics.queues` pushes. Socket.IO delivers at most once: on a `seq` gap, a new
 * epoch or a reconnection the board asks for a snapshot and replaces what it shows.
 */
function useQueueMetrics(): Board {
  const { socket, generation } = useSocket();
  const [board, setBoard] = useState<Board>({ queues: [], meta: null, receivedAt: 0 });
  const last = useRef<MetricsPushMeta | null>(null);
  const resync = useCallback(async (s: AppSocket) => {
    const snapshot = (await s.timeout(5000).emitWithAck('metrics.snapshot')) as MetricsSnapshot | { error: string };
    if ('error' in snapshot) return;
    last.current = snapshot.meta;
    setBoard({ queues: snapshot.queues, meta: snapshot.meta, receivedAt: Date.now() });
  }, []);
  useEffect(() => {
    if (socket && generation > 0) void resync(socket).catch(() => {});
  }, [socket, generation, resync]);
  useSocketEvent('metrics.queues', (queues, meta) => {
    const prev = last.current;
    if (prev && prev.epoch === meta.epoch && meta.seq <= prev.seq) return; // an older push
    last.current = meta;
    if (prev && prev.epoch === meta.epoch && meta.seq !== prev.seq + 1 && socket) void resync(socket).catch(() => {});
    setBoard({ queues, meta, receivedAt: Date.now() });
  });
  return board;
}

export default function Wallboard() {
  const { t } = useTranslation();
  const board = useQueueMetrics();
  const now = useNow(500);
  const [tv, setTv] = useState(false);
  const [showAgents, setShowAgents] = useState(false);
  const [waitingOf, setWaitingOf] = useState<string | null>(null);
  const definitions = useQuery({
    queryKey: ['metric-definitions'],
    queryFn: () => api<MetricDefinitionView[]>('GET', '/api/metrics/definitions'),
    staleTime: Infinity,
  });
  const defs = new Map((definitions.data ?? []).map((d) => [d.key, d]));
  const ageMs = board.meta ? now - Date.parse(board.meta.asOf) : null;
  const stale = ageMs !== null && ageMs > STALE_AFTER_MS;
  const below = board.queues.filter(
    (q) => q.serviceLevelPercent !== null && q.serviceLevelPercent < q.serviceLevel.targetPercent,
  );

  const toggleTv = async () => {
    const next = !tv;
    setTv(next);
    if (next) await document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) await document.exitFullscreen().catch(() => {});
  };

  return (
    <Stack gap="md" className={tv ? 'tv-mode' : undefined}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('wallboard.title')}
        </Title>
        <Group>
          <Badge
            size="lg"
            color={stale ? 'red' : 'gray'}
            variant={stale ? 'filled' : 'light'}
            role="status"
            data-testid="data-age"
          >
            {ageMs === null
              ? t('common.loading')
              : t(stale ? 'wallboard.stale' : 'wallboard.age', { seconds: Math.max(0, Math.round(ageMs / 1000)) })}
          </Badge>
          <Button variant="default" onClick={() => void toggleTv()}>
            {tv ? t('wallboard.exitTv') : t('wallboard.tv')}
          </Button>
        </Group>
      </Group>

      {below.length > 0 && (
        <Alert color="red" title={t('wallboard.alerts')} role="alert">
          {below.map((q) => (
            <Text key={q.queue}>
              {t('wallboard.alertBelow', {
                queue: q.queue,
                value: Math.round(q.serviceLevelPercent!),
                target: q.serviceLevel.targetPercent,
              })}
            </Text>
          ))}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, sm: 2, lg: tv ? 3 : 4 }} spacing="md">
        {board.queues.map((q) => (
          <QueueTile key={q.queue} q={q} defs={defs} onShowWaiting={tv ? undefined : setWaitingOf} />
        ))}
      </SimpleGrid>

      {board.queues.length > 0 && <LiveChart queues={board.queues} height={tv ? 360 : 240} />}
      {waitingOf !== null && (
        <WaitingTickets
          queue={waitingOf}
          queues={board.queues.map((q) => q.queue)}
          onClose={() => setWaitingOf(null)}
        />
      )}

      {!tv && (
        <Switch
          label={t('wallboard.showGrid')}
          checked={showAgents}
          onChange={(e) => setShowAgents(e.currentTarget.checked)}
        />
      )}
      {showAgents && !tv && <AgentGrid queues={board.queues.map((q) => q.queue)} />}
    </Stack>
  );
}

const pct = (v: number | null) => (v === null ? null : `${Math.round(v)} %`);
const secs = (v: number | null) => (v === null ? null : formatDuration(v));

/** One queue: every figure with its definition on hover (and focus) and a text signal next to colour. */
const QueueTile = memo(function QueueTile({
  q,
  defs,
  onShowWaiting,
}: {
  q: QueueMetrics;
  defs: Map<string, MetricDefinitionView>;
  /** Absent in TV mode, which needs no interaction. */
  onShowWaiting?: (queue: string) => void;
}) {
  const { t } = useTranslation();
  const threshold = q.serviceLevel.thresholdSeconds;
  const waitColour =
    q.longestWaitSeconds >= threshold ? 'red' : q.longestWaitSeconds >= threshold / 2 ? 'orange' : 'green';
  const slBelow = q.serviceLevelPercent !== null && q.serviceLevelPercent < q.serviceLevel.targetPercent;
  const figure = (key: string, label: string, value: string | null, extra?: React.ReactNode) => {
    const def = defs.get(key);
    return (
      <Tooltip
        label={def ? `${def.definition} (v${def.version})` : label}
        multiline
        w={280}
        withArrow
        events={{ hover: true, focus: true, touch: true }}
      >
        <div tabIndex={0} aria-label={`${label}: ${value ?? t('wallboard.noData')}`}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text className="tile-figure" component="div">
            {value ?? t('common.none')}
          </Text>
          {extra}
        </div>
      </Tooltip>
    );
  };
  return (
    <Paper withBorder p="md" shadow="xs" data-testid={`tile-${q.queue}`} aria-labelledby={`tile-title-${q.queue}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={`tile-title-${q.queue}`}>
          {q.queue}
        </Title>
        <Badge color={slBelow ? 'red' : 'green'} variant="light">
          {slBelow ? t('wallboard.belowTarget') : t('wallboard.onTarget')}
        </Badge>
      </Group>
      <SimpleGrid cols={2} spacing="xs">
        <div data-testid={`waiting-${q.queue}`} data-value={q.waiting}>
          {figure('waiting', t('wallboard.waiting'), String(q.waiting))}
        </div>
        {figure(
          'longestWaitSeconds',
          t('wallboard.longestWait'),
          formatDuration(q.longestWaitSeconds),
          <Badge size="xs" color={waitColour}>
            {waitColour === 'red' ? '▲ ' : ''}
            {threshold} s
          </Badge>,
        )}
        {figure(
          'serviceLevelPercent',
          t('wallboard.serviceLevel'),
          pct(q.serviceLevelPercent),
          <Text size="xs" c={slBelow ? 'red' : 'dimmed'}>
            {slBelow ? '▼ ' : ''}
            {t('wallboard.target', { target: q.serviceLevel.targetPercent })}
          </Text>,
        )}
        {figure('asaSeconds', t('wallboard.asa'), secs(q.asaSeconds))}
        {figure('abandonRatePercent', t('wallboard.abandonRate'), pct(q.abandonRatePercent))}
        {figure('ahtSeconds', t('wallboard.aht'), secs(q.ahtSeconds))}
        {figure(
          'fcrPercent',
          t('wallboard.fcr'),
          q.fcrPercent === null ? null : `${pct(q.fcrPercent)}${q.fcrProvisional ? '*' : ''}`,
        )}
        {figure('csatPercent', t('wallboard.csat'), pct(q.csatPercent))}
        {figure('agentsRequired', t('wallboard.staffing'), `${q.agentsRequired ?? '–'} / ${q.staffing.staffed}`)}
      </SimpleGrid>
      {onShowWaiting && (
        <Button
          mt="xs"
          size="xs"
          variant="subtle"
          onClick={() => onShowWaiting(q.queue)}
          aria-label={t('waiting.open', { queue: q.queue })}
        >
          {t('waiting.button')}
        </Button>
      )}
    </Paper>
  );
});

/** The agent grid: joins `supervisors:agents` while shown (the heavy frame goes only to those who look). */
function AgentGrid({ queues }: { queues: string[] }) {
  const { t } = useTranslation();
  const { socket, generation } = useSocket();
  const [data, setData] = useState<AgentMetricsResponse | null>(null);
  const [queue, setQueue] = useState('');
  useEffect(() => {
    if (!socket || generation === 0) return;
    void socket
      .timeout(5000)
      .emitWithAck('rooms.join', 'supervisors:agents')
      .catch(() => {});
    return () => {
      void socket
        .timeout(5000)
        .emitWithAck('rooms.leave', 'supervisors:agents')
        .catch(() => {});
    };
  }, [socket, generation]);
  useSocketEvent('metrics.agents', (payload) => setData(payload));
  const setStatus = useMutation({
    mutationFn: ({ id, status }: { id: string; status: AgentStatus }) =>
      api('PUT', `/api/agents/${id}/status`, status === 'away' ? { status, reason: 'supervisor' } : { status }),
  });
  const rows = (data?.agents ?? []).filter((a) => !queue || a.queues.includes(queue));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('wallboard.agents')}
        </Title>
        <NativeSelect
          label={t('wallboard.filterQueue')}
          value={queue}
          onChange={(e) => setQueue(e.currentTarget.value)}
          data={[{ value: '', label: t('wallboard.allQueues') }, ...queues.map((q) => ({ value: q, label: q }))]}
        />
      </Group>
      {setStatus.isError && <Text c="red">{t('common.error', { message: setStatus.error.message })}</Text>}
      <Table striped highlightOnHover data-testid="agent-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('wallboard.name')}</Table.Th>
            <Table.Th>{t('wallboard.statusCol')}</Table.Th>
            <Table.Th>{t('wallboard.activityCol')}</Table.Th>
            <Table.Th>{t('wallboard.inState')}</Table.Th>
            <Table.Th>{t('wallboard.current')}</Table.Th>
            <Table.Th>{t('wallboard.handled')}</Table.Th>
            <Table.Th>{t('wallboard.occupancy')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.agentId}>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={`${t('wallboard.statusCol')}: ${a.name}`}
                  size="xs"
                  value={a.status}
                  onChange={(e) => setStatus.mutate({ id: a.agentId, status: e.currentTarget.value as AgentStatus })}
                  data={(['available', 'away', 'offline'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
                />
              </Table.Td>
              <Table.Td>{t(`activity.${a.activity}`)}</Table.Td>
              <Table.Td>{formatDuration(a.timeInStateSeconds)}</Table.Td>
              <Table.Td>
                {a.currentTicketIds.length > 0 ? a.currentTicketIds.map((id) => id.slice(0, 8)).join(', ') : '–'}
              </Table.Td>
              <Table.Td>{a.handled}</Table.Td>
              <Table.Td>{pct(a.occupancyPercent) ?? '–'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
