import type { MetricDefinitionView, QueueMetrics } from '@switchboard/contracts';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, localDigits } from '../time.js';

export const pct = (v: number | null) => (v === null ? null : localDigits(`${Math.round(v)} %`));
const secs = (v: number | null) => (v === null ? null : formatDuration(v));

export type TileLabels = ReturnType<typeof useTileLabels>;

/** A tile's words, looked up once per language rather than thirty times per tile per push. */
export function useTileLabels() {
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
      onTarget: t('wallboard.onTarget'),
      tooFew: t('wallboard.tooFew'),
      waitingButton: t('waiting.button'),
      target: (target: number) => t('wallboard.target', { target }),
      openWaiting: (queue: string) => t('waiting.open', { queue }),
      alertCount: (count: number) => t('wallboard.alertCount', { count }),
      window: (seconds: number) => t('wallboard.window', { minutes: Math.round(seconds / 60) }),
      sample: (count: number, min: number) =>
        count < min ? t('wallboard.sampleBelow', { count, min }) : t('wallboard.sample', { count }),
      offered: (count: number) => t('wallboard.offered', { count }),
      answered: (count: number) => t('wallboard.answered', { count }),
      abandoned: (count: number) => t('wallboard.abandoned', { count }),
      available: (count: number) => t('wallboard.agentsAvailable', { count }),
      able: (count: number) => t('wallboard.agentsAble', { count }),
      busy: (count: number) => t('wallboard.agentsBusy', { count }),
      wrapUp: (count: number) => t('wallboard.agentsWrapUp', { count }),
      away: (count: number) => t('wallboard.agentsAway', { count }),
      offline: (count: number) => t('wallboard.agentsOffline', { count }),
    }),
    // i18n.language too: the same `t` may serve every language.
    [t, i18n.language],
  );
}

/** What a tile shows, without `asOf` (new on every push): a tile re-renders only when a figure changes. */
function sameFigures(a: QueueMetrics, b: QueueMetrics): boolean {
  return JSON.stringify({ ...a, asOf: '' }) === JSON.stringify({ ...b, asOf: '' });
}

/** The tile's word for the queue: alerts first; "on target" only on a sample big enough to say so. */
function verdict(q: QueueMetrics, l: TileLabels): { tone: 'red' | 'green' | 'gray'; text: string } {
  if (q.alerts.length > 0) return { tone: 'red', text: l.alertCount(q.alerts.length) };
  if (q.serviceLevelContacts < q.alertThresholds.minSample) return { tone: 'gray', text: l.tooFew };
  return { tone: 'green', text: l.onTarget };
}

/**
 * One queue: every figure with its definition on hover and on focus, and a text signal next to
 * colour. Plain elements and a CSS tooltip (styles.css): forty tiles of nine figures re-render
 * every second, which component-library tooltips and boxes made cost hundreds of milliseconds.
 */
export const QueueTile = memo(
  function QueueTile({
    q,
    defs,
    labels: l,
    onShowWaiting,
    tv = false,
  }: {
    q: QueueMetrics;
    defs: Map<string, MetricDefinitionView>;
    labels: TileLabels;
    /** Absent in TV mode, which needs no interaction. */
    onShowWaiting?: (queue: string) => void;
    /** TV mode: the live figures only, large, so a screen of queues fits 1920×1080. */
    tv?: boolean;
  }) {
    const limit = q.alertThresholds.longestWaitSeconds;
    const waitLevel = q.longestWaitSeconds > limit ? 'red' : q.longestWaitSeconds > limit / 2 ? 'orange' : 'green';
    const slBelow =
      q.serviceLevelPercent !== null &&
      q.serviceLevelPercent < q.serviceLevel.targetPercent &&
      q.serviceLevelContacts >= q.alertThresholds.minSample;
    const { tone, text } = verdict(q, l);
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
    const a = q.agents;
    return (
      <section className="tile" data-testid={`tile-${q.queue}`} aria-labelledby={`tile-title-${q.queue}`}>
        <div className="tile-head">
          <div>
            <h2 id={`tile-title-${q.queue}`}>{q.name}</h2>
            <div className="figure-note">
              {q.queue} · {l.window(q.windowSeconds)}
            </div>
          </div>
          <span className={`pill pill-${tone}`} data-testid={`verdict-${q.queue}`}>
            {text}
          </span>
        </div>
        <div className="tile-grid">
          {figure('waiting', l.waiting, String(q.waiting))}
          {figure(
            'longestWaitSeconds',
            l.longestWait,
            formatDuration(q.longestWaitSeconds),
            <span className={`pill pill-solid-${waitLevel}`}>
              {waitLevel === 'red' ? '▲ ' : ''}
              {formatDuration(limit)}
            </span>,
          )}
          {figure(
            'serviceLevelPercent',
            l.serviceLevel,
            pct(q.serviceLevelPercent),
            <div className={slBelow ? 'figure-note below' : 'figure-note'}>
              {slBelow ? '▼ ' : ''}
              {l.target(q.serviceLevel.targetPercent)} · {l.sample(q.serviceLevelContacts, q.alertThresholds.minSample)}
            </div>,
          )}
          {figure('asaSeconds', l.asa, secs(q.asaSeconds))}
          {figure(
            'abandonRatePercent',
            l.abandonRate,
            pct(q.abandonRatePercent),
            <div className="figure-note">{l.sample(q.offered, q.alertThresholds.minSample)}</div>,
          )}
          {!tv && figure('ahtSeconds', l.aht, secs(q.ahtSeconds))}
          {!tv &&
            figure(
              'fcrPercent',
              l.fcr,
              q.fcrPercent === null ? null : `${pct(q.fcrPercent)}${q.fcrProvisional ? '*' : ''}`,
            )}
          {!tv && figure('csatPercent', l.csat, pct(q.csatPercent))}
          {!tv && figure('csatResponseRatePercent', l.responseRate, pct(q.csatResponseRatePercent))}
          {figure('agentsRequired', l.staffing, `${q.agentsRequired ?? '–'} / ${q.staffing.staffed}`)}
        </div>
        <div className="tile-line" data-testid={`volumes-${q.queue}`}>
          {l.offered(q.offered)} · {l.answered(q.answered)} · {l.abandoned(q.abandoned)}
        </div>
        <div className="tile-line" data-testid={`agents-${q.queue}`}>
          {l.able(q.staffing.able)} · {l.available(a.available)} · {l.busy(a.busy)} · {l.wrapUp(a.wrapUp)} ·{' '}
          {l.away(a.away)} · {l.offline(a.offline)}
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
  (a, b) =>
    a.defs === b.defs &&
    a.labels === b.labels &&
    a.onShowWaiting === b.onShowWaiting &&
    a.tv === b.tv &&
    sameFigures(a.q, b.q),
);
