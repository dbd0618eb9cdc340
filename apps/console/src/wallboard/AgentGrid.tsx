import { Group, NativeSelect, Paper, Text, Title } from '@mantine/core';
import { AGENT_ACTIVITIES, AGENT_STATUSES } from '@switchboard/contracts';
import type { AgentActivity, AgentMetrics, AgentMetricsResponse, AgentStatus } from '@switchboard/contracts';
import { useMutation } from '@tanstack/react-query';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useSocket, useSocketEvent } from '../socket.js';
import { formatDuration } from '../time.js';
import { pct } from './QueueTile.js';

/** Rows of the agent grid are drawn only where the window shows them (plus a margin). */
const ROW_HEIGHT = 40;

type SortKey = 'name' | 'status' | 'activity' | 'timeInState' | 'work' | 'handled' | 'occupancy';
interface Sort {
  key: SortKey;
  descending: boolean;
}

const STATUS_ORDER: Record<AgentStatus, number> = { available: 0, away: 1, offline: 2 };
const ACTIVITY_ORDER: Record<AgentActivity, number> = { busy: 0, wrap_up: 1, offered: 2, idle: 3 };

function compare(a: AgentMetrics, b: AgentMetrics, key: SortKey): number {
  switch (key) {
    case 'name':
      return a.name.localeCompare(b.name);
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'activity':
      return ACTIVITY_ORDER[a.activity] - ACTIVITY_ORDER[b.activity];
    case 'timeInState':
      return a.timeInStateSeconds - b.timeInStateSeconds;
    case 'work':
      return a.currentTicketIds.length - b.currentTicketIds.length;
    case 'handled':
      return a.handled - b.handled;
    case 'occupancy':
      return (a.occupancyPercent ?? -1) - (b.occupancyPercent ?? -1);
  }
}

/** Sorted by the chosen column, then by name, so equal rows keep a stable order. */
export function sortAgents(agents: readonly AgentMetrics[], sort: Sort): AgentMetrics[] {
  const sign = sort.descending ? -1 : 1;
  return [...agents].sort((a, b) => sign * compare(a, b, sort.key) || a.name.localeCompare(b.name));
}

/**
 * The agent grid: joins `supervisors:agents` while shown (the heavy frame goes only to those who
 * look). Five hundred agents arrive every second, so only the rows in view are rendered (TanStack
 * Virtual) and a row re-renders only when its agent changed.
 */
export function AgentGrid({ queues }: { queues: string[] }) {
  const { t } = useTranslation();
  const { socket, generation } = useSocket();
  const [data, setData] = useState<AgentMetricsResponse | null>(null);
  const [queue, setQueue] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', descending: false });
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
  const rows = useMemo(
    () =>
      sortAgents(
        (data?.agents ?? []).filter((a) => !queue || a.queues.includes(queue)),
        sort,
      ),
    [data, queue, sort],
  );
  const labels = useMemo<RowLabels>(
    () => ({
      status: t('wallboard.statusCol'),
      statuses: AGENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
      activities: Object.fromEntries(AGENT_ACTIVITIES.map((a) => [a, t(`activity.${a}`)])) as RowLabels['activities'],
      reason: (reason: string) => t(`status.reasons.${reason}`, { defaultValue: reason }),
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
  const columns: [SortKey, string][] = [
    ['name', t('wallboard.name')],
    ['status', t('wallboard.statusCol')],
    ['activity', t('wallboard.activityCol')],
    ['timeInState', t('wallboard.inState')],
    ['work', t('wallboard.current')],
    ['handled', t('wallboard.handled')],
    ['occupancy', t('wallboard.occupancy')],
  ];

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
            {columns.map(([key, label]) => {
              const active = sort.key === key;
              return (
                <th
                  key={key}
                  className={key === 'work' ? 'agent-grid-work' : undefined}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => setSort({ key, descending: active ? !sort.descending : false })}
                  >
                    {label}
                    <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              );
            })}
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
  reason: (reason: string) => string;
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
          {a.status === 'away' && a.statusReason && (
            <span className="status-reason" data-testid="away-reason">
              {' '}
              {labels.reason(a.statusReason)}
            </span>
          )}
        </td>
        <td>{labels.activities[a.activity]}</td>
        <td>{formatDuration(a.timeInStateSeconds)}</td>
        <td className="agent-grid-work">
          {a.currentTickets.length === 0
            ? '–'
            : a.currentTickets.map((ticket, i) => (
                <span key={ticket.id}>
                  {i > 0 && ', '}
                  <Link to={`/tickets/${ticket.id}`} title={`${ticket.reference} ${ticket.subject}`}>
                    {ticket.subject}
                  </Link>
                </span>
              ))}
        </td>
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
