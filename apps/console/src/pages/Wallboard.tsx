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
  Text,
  Title,
} from '@mantine/core';
import { AGENT_ACTIVITIES, AGENT_STATUSES } from '@switchboard/contracts';
import type {
  AgentActivity,
  AgentMetrics,
  AgentMetricsResponse,
  AgentStatus,
  MetricDefinitionView,
  MetricsPushMeta,
  MetricsSnapshot,
  QueueMetrics,
} from '@switchboard/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { LiveChart } from '../components/LiveChart.js';
import { WaitingTickets } from '../components/WaitingTickets.js';
import { useSocket, useSocketEvent, type AppSocket } from '../socket.js';
import { formatDuration, localDigits, useNow } from '../time.js';

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
  const [tv, setTv] = useState(false);
  const [showAgents, setShowAgents] = useState(false);
  const [waitingOf, setWaitingOf] = useState<string | null>(null);
  const definitions = useQuery({
    queryKey: ['metric-definitions'],
    queryFn: () => api<MetricDefinitionView[]>('GET', '/api/metrics/definitions'),
    staleTime: Infinity,
  });
  const defs = useMemo(() => new Map((definitions.data ?? []).map((d) => [d.key, d])), [definitions.data]);
  const labels = useTileLabels();
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
          <DataAge asOf={board.meta?.asOf ?? null} />
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
          <QueueTile key={q.queue} q={q} defs={defs} labels={labels} onShowWaiting={tv ? undefined : setWaitingOf} />
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

/**
 * The age of the figures, ticking on its own so the board does not re-render with the clock. The
 * ticking badge is not a live region; a hidden status line changes only when the board turns
 * stale or fresh again, so a screen reader hears that once, not every second.
 */
function DataAge({ asOf }: { asOf: string | null }) {
  const { t } = useTranslation();
  const now = useNow(500);
  const ageMs = asOf ? now - Date.parse(asOf) : null;
  const stale = ageMs !== null && ageMs > STALE_AFTER_MS;
  return (
    <>
      <Badge size="lg" color={stale ? 'red' : 'gray'} variant={stale ? 'filled' : 'light'} data-testid="data-age">
        {ageMs === null
          ? t('common.loading')
          : t(stale ? 'wallboard.stale' : 'wallboard.age', { seconds: Math.max(0, Math.round(ageMs / 1000)) })}
      </Badge>
      <span className="visually-hidden" role="status">
        {stale ? t('wallboard.staleAnnounce') : ''}
      </span>
    </>
  );
}

const pct = (v: number | null) => (v === null ? null : localDigits(`${Math.round(v)} %`));
const secs = (v: number | null) => (v === null ? null : formatDuration(v));

type TileLabels = ReturnType<typeof useTileLabels>;

/** A tile's words, looked up once per language rather than fifteen times per tile per push. */
function useTileLabels() {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      waiting: t('wallboard.waiting'),
      longestWait: t('wallboard.longestWait'),
      serviceLevel: t('wallboard.serviceLevel'),
      asa: t('wallboard.asa'),
      abandonRate: t('wallboard.abandonRate'),
      aht: t('wallboard.aht'),
      fcr: t('wallboard.fcr'),
      csat: t('wallboard.csat'),
      responseRate: t('wallboard.responseRate'),
      staffing: t('wallboard.staffing'),
      noData: t('wallboard.noData'),
      none: t('common.none'),
      belowTarget: t('wallboard.belowTarget'),
      onTarget: t('wallboard.onTarget'),
      waitingButton: t('waiting.button'),
      target: (target: number) => t('wallboard.target', { target }),
      openWaiting: (queue: string) => t('waiting.open', { queue }),
    }),
    // i18n.language too: the same `t` may serve every language.
    [t, i18n.language],
  );
}

/** What a tile shows, without `asOf` (new on every push): a tile re-renders only when a figure changes. */
function sameFigures(a: QueueMetrics, b: QueueMetrics): boolean {
  return JSON.stringify({ ...a, asOf: '' }) === JSON.stringify({ ...b, asOf: '' });
}

/**
 * One queue: every figure with its definition on hover and on focus, and a text signal next to
 * colour. Plain elements and a CSS tooltip (styles.css): forty tiles of nine figures re-render
 * every second, which component-library tooltips and boxes made cost hundreds of milliseconds.
 */
const QueueTile = memo(
  function QueueTile({
    q,
    defs,
    labels: l,
    onShowWaiting,
  }: {
    q: QueueMetrics;
    defs: Map<string, MetricDefinitionView>;
    labels: TileLabels;
    /** Absent in TV mode, which needs no interaction. */
    onShowWaiting?: (queue: string) => void;
  }) {
    const threshold = q.serviceLevel.thresholdSeconds;
    const waitLevel =
      q.longestWaitSeconds >= threshold ? 'red' : q.longestWaitSeconds >= threshold / 2 ? 'orange' : 'green';
    const slBelow = q.serviceLevelPercent !== null && q.serviceLevelPercent < q.serviceLevel.targetPercent;
    const figure = (key: string, label: string, value: string | null, extra?: React.ReactNode) => {
      const def = defs.get(key);
      const tipId = `def-${q.queue}-${key}`;
      return (
        <div
          className="figure"
          role="group"
          tabIndex={0}
          aria-label={`${label}: ${value ?? l.noData}`}
          aria-describedby={def ? tipId : undefined}
          data-testid={key === 'waiting' ? `waiting-${q.queue}` : `${key}-${q.queue}`}
          data-value={key === 'waiting' ? q.waiting : (value ?? undefined)}
        >
          <div className="figure-label">{label}</div>
          <div className="tile-figure">{value ?? l.none}</div>
          {extra}
          {def && (
            <div className="figure-tip" role="tooltip" id={tipId}>
              {def.definition} (v{def.version})
            </div>
          )}
        </div>
      );
    };
    return (
      <section className="tile" data-testid={`tile-${q.queue}`} aria-labelledby={`tile-title-${q.queue}`}>
        <div className="tile-head">
          <h2 id={`tile-title-${q.queue}`}>{q.queue}</h2>
          <span className={`pill pill-${slBelow ? 'red' : 'green'}`}>{slBelow ? l.belowTarget : l.onTarget}</span>
        </div>
        <div className="tile-grid">
          {figure('waiting', l.waiting, String(q.waiting))}
          {figure(
            'longestWaitSeconds',
            l.longestWait,
            formatDuration(q.longestWaitSeconds),
            <span className={`pill pill-solid-${waitLevel}`}>
              {waitLevel === 'red' ? '▲ ' : ''}
              {threshold} s
            </span>,
          )}
          {figure(
            'serviceLevelPercent',
            l.serviceLevel,
            pct(q.serviceLevelPercent),
            <div className={slBelow ? 'figure-note below' : 'figure-note'}>
              {slBelow ? '▼ ' : ''}
              {l.target(q.serviceLevel.targetPercent)}
            </div>,
          )}
          {figure('asaSeconds', l.asa, secs(q.asaSeconds))}
          {figure('abandonRatePercent', l.abandonRate, pct(q.abandonRatePercent))}
          {figure('ahtSeconds', l.aht, secs(q.ahtSeconds))}
          {figure(
            'fcrPercent',
            l.fcr,
            q.fcrPercent === null ? null : `${pct(q.fcrPercent)}${q.fcrProvisional ? '*' : ''}`,
          )}
          {figure('csatPercent', l.csat, pct(q.csatPercent))}
          {figure('csatResponseRatePercent', l.responseRate, pct(q.csatResponseRatePercent))}
          {figure('agentsRequired', l.staffing, `${q.agentsRequired ?? '–'} / ${q.staffing.staffed}`)}
        </div>
        {onShowWaiting && (
          <button
            type="button"
            className="tile-action"
            onClick={() => onShowWaiting(q.queue)}
            aria-label={l.openWaiting(q.queue)}
          >
            {l.waitingButton}
          </button>
        )}
      </section>
    );
  },
  (a, b) => a.defs === b.defs && a.labels === b.labels && a.onShowWaiting === b.onShowWaiting && sameFigures(a.q, b.q),
);

/** Rows of the agent grid are drawn only where the window shows them (plus a margin). */
const ROW_HEIGHT = 40;

/**
 * The agent grid: joins `supervisors:agents` while shown (the heavy frame goes only to those who
 * look). Five hundred agents arrive every second, so only the rows in view are rendered (TanStack
 * Virtual) and a row re-renders only when its agent changed.
 */
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
  const rows = useMemo(() => (data?.agents ?? []).filter((a) => !queue || a.queues.includes(queue)), [data, queue]);
  const labels = useMemo<RowLabels>(
    () => ({
      status: t('wallboard.statusCol'),
      statuses: AGENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
      activities: Object.fromEntries(AGENT_ACTIVITIES.map((a) => [a, t(`activity.${a}`)])) as RowLabels['activities'],
    }),
    [t],
  );

  // Where the table starts on the page, for the window virtualizer. Read when the page's size
  // changes (a ResizeObserver runs after layout), not on every render: reading it there forced a
  // layout on every push.
  const table = useRef<HTMLTableElement>(null);
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setTop(Math.round((table.current?.getBoundingClientRect().top ?? 0) + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: top,
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length > 0 ? items[0]!.start - top : 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)!.end - top) : 0;
  const onStatus = setStatus.mutate;

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
      <table className="agent-grid" data-testid="agent-grid" ref={table} aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th>{t('wallboard.name')}</th>
            <th>{t('wallboard.statusCol')}</th>
            <th>{t('wallboard.activityCol')}</th>
            <th>{t('wallboard.inState')}</th>
            <th>{t('wallboard.current')}</th>
            <th>{t('wallboard.handled')}</th>
            <th>{t('wallboard.occupancy')}</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr aria-hidden="true" style={{ height: before }}>
              <td colSpan={7} />
            </tr>
          )}
          {items.map((v) => (
            <AgentRow
              key={rows[v.index]!.agentId}
              a={rows[v.index]!}
              rowIndex={v.index + 2}
              labels={labels}
              onStatus={onStatus}
            />
          ))}
          {after > 0 && (
            <tr aria-hidden="true" style={{ height: after }}>
              <td colSpan={7} />
            </tr>
          )}
        </tbody>
      </table>
    </Paper>
  );
}

interface RowLabels {
  status: string;
  statuses: { value: AgentStatus; label: string }[];
  activities: Record<AgentActivity, string>;
}

const AgentRow = memo(
  function AgentRow({
    a,
    rowIndex,
    labels,
    onStatus,
  }: {
    a: AgentMetrics;
    rowIndex: number;
    labels: RowLabels;
    onStatus: (change: { id: string; status: AgentStatus }) => void;
  }) {
    return (
      <tr aria-rowindex={rowIndex}>
        <td>{a.name}</td>
        <td>
          <select
            aria-label={`${labels.status}: ${a.name}`}
            value={a.status}
            onChange={(e) => onStatus({ id: a.agentId, status: e.currentTarget.value as AgentStatus })}
          >
            {labels.statuses.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </td>
        <td>{labels.activities[a.activity]}</td>
        <td>{formatDuration(a.timeInStateSeconds)}</td>
        <td>{a.currentTicketIds.length > 0 ? a.currentTicketIds.map((id) => id.slice(0, 8)).join(', ') : '–'}</td>
        <td>{a.handled}</td>
        <td>{pct(a.occupancyPercent) ?? '–'}</td>
      </tr>
    );
  },
  (p, n) =>
    p.rowIndex === n.rowIndex &&
    p.labels === n.labels &&
    p.onStatus === n.onStatus &&
    JSON.stringify(p.a) === JSON.stringify(n.a),
);
