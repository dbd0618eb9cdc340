import { Group, NativeSelect, Paper, Text, Title } from '@mantine/core';
import type { MetricsHistoryResponse, QueueMetrics } from '@switchboard/contracts';
import { useQuery } from '@tanstack/react-query';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, query } from '../api.js';

const HOUR_MS = 3_600_000;
/** History buckets are refetched this often; pushes fill the waiting line in between. */
const REFETCH_MS = 60_000;

/** One minute of live pushes: the latest push's time and the most customers waiting at any push. */
interface LiveMinute {
  minute: number;
  at: number;
  peak: number;
}

/**
 * Adds a push to the per-minute peaks: a minute's point is its highest count, not its last, so a
 * burst that came and went between two minutes still shows.
 */
export function addLiveSample(minutes: LiveMinute[], atSeconds: number, waiting: number): void {
  const minute = Math.floor(atSeconds / 60);
  const last = minutes.at(-1);
  if (last && last.minute === minute) {
    last.at = Math.max(last.at, atSeconds);
    last.peak = Math.max(last.peak, waiting);
  } else if (!last || minute > last.minute) {
    minutes.push({ minute, at: atSeconds, peak: waiting });
  }
}

/**
 * Waiting and service level over the last hour for one queue. The hour comes from
 * `GET /api/metrics/history` in one-minute buckets (the most customers waiting at any moment of the
 * minute, service level of the contacts answered or abandoned in it); pushes since then are kept as
 * the peak of their minute too, so the line is live between refetches and a burst never hides
 * between two samples. Service level is only drawn from buckets, never mixed with
 * the rolling-window figure of the tiles.
 */
export function LiveChart({
  queues,
  height,
  compact = false,
}: {
  queues: QueueMetrics[];
  height: number;
  /** TV mode: no controls, no footnote. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState('');
  const queue = chosen || queues[0]?.queue || '';
  const current = queues.find((q) => q.queue === queue);
  // The queue names change rarely; the header re-renders only then, not on every push.
  const namesKey = queues.map((q) => q.queue).join('\n');
  const names = useMemo(() => (namesKey ? namesKey.split('\n') : []), [namesKey]);
  const history = useQuery({
    queryKey: ['metrics-history', queue],
    enabled: queue !== '',
    refetchInterval: REFETCH_MS,
    queryFn: () => {
      const to = Date.now();
      return api<MetricsHistoryResponse>(
        'GET',
        `/api/metrics/history${query({
          queue,
          from: new Date(to - HOUR_MS).toISOString(),
          to: new Date(to).toISOString(),
          bucket: '1m',
        })}`,
      );
    },
  });

  // Live samples since the last history bucket, for the chosen queue only.
  const live = useRef<{ queue: string; minutes: LiveMinute[] }>({ queue: '', minutes: [] });
  if (live.current.queue !== queue) live.current = { queue, minutes: [] };
  const historyEnd = history.data ? Date.parse(history.data.to) / 1000 : 0;
  if (current) {
    const at = Date.parse(current.asOf) / 1000;
    const minutes = live.current.minutes;
    if (at > historyEnd) addLiveSample(minutes, at, current.waiting);
    while (minutes.length > 0 && minutes[0]!.at <= historyEnd) minutes.shift();
  }

  const data = useMemo((): uPlot.AlignedData => {
    const x: number[] = [];
    const waiting: (number | null)[] = [];
    const sl: (number | null)[] = [];
    for (const b of history.data?.buckets ?? []) {
      x.push(Date.parse(b.to) / 1000);
      waiting.push(b.waitingPeak);
      sl.push(b.serviceLevelPercent);
    }
    for (const m of live.current.minutes) {
      x.push(m.at);
      waiting.push(m.peak);
      sl.push(null);
    }
    const target = current?.serviceLevel.targetPercent ?? null;
    return [x, waiting, sl, x.map(() => target)];
    // `current` changes on every push, which is when the live samples grow.
  }, [history.data, current]);

  const target = current?.serviceLevel.targetPercent;
  const waitingValues = (data[1] as (number | null)[]).filter((v): v is number => v !== null);
  const lastSl = [...(history.data?.buckets ?? [])].reverse().find((b) => b.serviceLevelPercent !== null);
  const summary = t('chart.summary', {
    queue,
    now: current?.waiting ?? 0,
    peak: Math.max(0, ...waitingValues),
    sl: lastSl ? `${Math.round(lastSl.serviceLevelPercent!)} %` : t('wallboard.noData'),
    target: target ?? '–',
  });

  return (
    <Paper withBorder p="md" data-testid="live-chart">
      <ChartHeader names={names} queue={queue} onQueue={setChosen} compact={compact} />
      <Plot
        data={data}
        height={height}
        labels={{ waiting: t('chart.waiting'), sl: t('chart.serviceLevel'), target: t('chart.target') }}
        summary={summary}
        legend={!compact}
      />
      {(!compact || history.isError) && (
        <Text size="xs" c="dimmed" mt={4}>
          {history.isError ? t('common.error', { message: history.error.message }) : t('chart.note')}
        </Text>
      )}
    </Paper>
  );
}

const ChartHeader = memo(function ChartHeader({
  names,
  queue,
  onQueue,
  compact,
}: {
  names: string[];
  queue: string;
  onQueue: (queue: string) => void;
  compact: boolean;
}) {
  const { t } = useTranslation();
  if (compact)
    return (
      <Title order={2} size="h4" mb={4}>
        {t('chart.titleQueue', { queue })}
      </Title>
    );
  return (
    <Group justify="space-between" mb="xs">
      <Title order={2} size="h4">
        {t('chart.title')}
      </Title>
      <NativeSelect
        label={t('chart.queue')}
        value={queue}
        onChange={(e) => onQueue(e.currentTarget.value)}
        data={names}
      />
    </Group>
  );
});

interface PlotProps {
  data: uPlot.AlignedData;
  height: number;
  labels: { waiting: string; sl: string; target: string };
  summary: string;
  legend: boolean;
}

/** uPlot on a canvas, created once per label set and fed new data in place. */
function Plot({ data, height, labels, summary, legend }: PlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current!;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: legend },
      scales: {
        x: { time: true },
        count: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.2))] },
        pct: { range: [0, 100] },
      },
      series: [
        {},
        // Colour is never the only signal: solid, dashed and dotted lines, and a legend with names.
        { label: labels.waiting, scale: 'count', stroke: '#1971c2', width: 2 },
        { label: labels.sl, scale: 'pct', stroke: '#e8590c', width: 2, dash: [8, 4], spanGaps: true },
        { label: labels.target, scale: 'pct', stroke: '#495057', width: 1, dash: [2, 4], points: { show: false } },
      ],
      axes: [
        {},
        { scale: 'count', label: labels.waiting },
        { scale: 'pct', side: 1, label: '%', grid: { show: false } },
      ],
    };
    const u = new uPlot(opts, latest.current, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [height, legend, labels.waiting, labels.sl, labels.target]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} role="img" aria-label={summary} data-testid="live-chart-plot" data-points={data[0].length} />;
}
