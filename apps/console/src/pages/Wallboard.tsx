import { Badge, Button, Group, Stack, Switch, Title } from '@mantine/core';
import type { MetricDefinitionView, MetricsPushMeta, MetricsSnapshot, QueueMetrics } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { LiveChart } from '../components/LiveChart.js';
import { WaitingTickets } from '../components/WaitingTickets.js';
import { useSocket, useSocketEvent, type AppSocket } from '../socket.js';
import { useNow } from '../time.js';
import { AgentGrid } from '../wallboard/AgentGrid.js';
import { QueueAlerts } from '../wallboard/QueueAlerts.js';
import { QueueTile, useTileLabels } from '../wallboard/QueueTile.js';
import { TotalTile } from '../wallboard/TotalTile.js';

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
  useTvMode(tv, () => setTv(false));

  const toggleTv = async () => {
    const next = !tv;
    setTv(next);
    if (next) await document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) await document.exitFullscreen().catch(() => {});
  };

  return (
    <Stack gap={tv ? 'xs' : 'md'} className={tv ? 'tv-mode' : undefined}>
      {tv ? (
        // No header and no controls on a TV: Escape leaves, and so does this, for keyboards only.
        <Button className="tv-exit" variant="default" onClick={() => void toggleTv()}>
          {t('wallboard.exitTv')}
        </Button>
      ) : (
        <Group justify="space-between">
          <Title order={1} size="h2">
            {t('wallboard.title')}
          </Title>
          <Group>
            <DataAge asOf={board.meta?.asOf ?? null} />
            <Button variant="default" onClick={() => void toggleTv()}>
              {t('wallboard.tv')}
            </Button>
          </Group>
        </Group>
      )}
      {tv && <h1 className="visually-hidden">{t('wallboard.title')}</h1>}

      {!tv && <QueueAlerts queues={board.queues} />}

      <div
        className={tv ? 'tile-row tile-row-tv' : 'tile-row'}
        style={tv ? { gridTemplateColumns: `repeat(${tvColumns(board.queues.length + 1)}, 1fr)` } : undefined}
      >
        {board.queues.length > 1 && <TotalTile queues={board.queues} labels={labels} />}
        {board.queues.map((q: QueueMetrics) => (
          <QueueTile
            key={q.queue}
            q={q}
            defs={defs}
            labels={labels}
            onShowWaiting={tv ? undefined : setWaitingOf}
            tv={tv}
          />
        ))}
      </div>

      {tv ? (
        // On a TV the alerts sit beside the chart: the tiles take the height.
        <div className="tv-bottom">
          {board.queues.length > 0 && <LiveChart queues={board.queues} height={180} compact />}
          <QueueAlerts queues={board.queues} />
        </div>
      ) : (
        board.queues.length > 0 && <LiveChart queues={board.queues} height={240} />
      )}
      {tv && (
        <div className="tv-age">
          <DataAge asOf={board.meta?.asOf ?? null} />
        </div>
      )}
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

/** Tiles per row on a TV: at most four, and rows as even as they can be (six tiles: three and three). */
const tvColumns = (tiles: number) => Math.max(1, Math.min(4, Math.ceil(tiles / Math.ceil(tiles / 4))));

/**
 * TV mode takes the whole screen: the console's header goes (a class on <html>, styles.css), and
 * Escape or leaving full screen brings it back.
 */
function useTvMode(on: boolean, leave: () => void) {
  const leaveRef = useRef(leave);
  leaveRef.current = leave;
  useEffect(() => {
    if (!on) return;
    const root = document.documentElement;
    root.classList.add('tv-screen');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') leaveRef.current();
    };
    let wasFull = document.fullscreenElement !== null;
    const onFullscreen = () => {
      if (wasFull && document.fullscreenElement === null) leaveRef.current();
      wasFull = document.fullscreenElement !== null;
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      root.classList.remove('tv-screen');
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [on]);
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
