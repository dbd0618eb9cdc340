import type { QueueMetrics } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../time.js';
import { pct, type TileLabels } from './QueueTile.js';

/**
 * Every queue added up. Counts add; percentages are recomputed from their parts (service level
 * from each queue's contacts, not an average of percentages). Agents are not summed: one agent in
 * three queues is one agent, and the agent grid counts them.
 */
export function queueTotals(queues: readonly QueueMetrics[]) {
  let waiting = 0,
    offered = 0,
    answered = 0,
    abandoned = 0,
    slContacts = 0,
    slMet = 0,
    longest = 0;
  for (const q of queues) {
    waiting += q.waiting;
    offered += q.offered;
    answered += q.answered;
    abandoned += q.abandoned;
    longest = Math.max(longest, q.longestWaitSeconds);
    slContacts += q.serviceLevelContacts;
    // The percentage is rounded to 0.01 of whole contacts: this gives the count back exactly.
    slMet += Math.round(((q.serviceLevelPercent ?? 0) * q.serviceLevelContacts) / 100);
  }
  return {
    waiting,
    longestWaitSeconds: longest,
    offered,
    answered,
    abandoned,
    abandonRatePercent: offered > 0 ? (abandoned / offered) * 100 : null,
    serviceLevelPercent: slContacts > 0 ? (slMet / slContacts) * 100 : null,
    serviceLevelContacts: slContacts,
    alerts: queues.reduce((n, q) => n + q.alerts.length, 0),
  };
}

export function TotalTile({ queues, labels: l }: { queues: readonly QueueMetrics[]; labels: TileLabels }) {
  const { t } = useTranslation();
  const total = queueTotals(queues);
  const windowSeconds = queues[0]?.windowSeconds ?? 0;
  const figure = (key: string, label: string, value: string | null) => (
    <div className="figure" data-testid={`total-${key}`} data-value={value ?? undefined}>
      <div className="figure-label">{label}</div>
      <div className="tile-figure">{value ?? l.none}</div>
    </div>
  );
  return (
    <section className="tile tile-total" data-testid="tile-total" aria-labelledby="tile-title-total">
      <div className="tile-head">
        <div>
          <h2 id="tile-title-total">{t('wallboard.allQueues')}</h2>
          <div className="figure-note">{l.window(windowSeconds)}</div>
        </div>
        <span className={`pill pill-${total.alerts > 0 ? 'red' : 'gray'}`}>
          {total.alerts > 0 ? l.alertCount(total.alerts) : t('wallboard.queueCount', { count: queues.length })}
        </span>
      </div>
      <div className="tile-grid">
        {figure('waiting', l.waiting, String(total.waiting))}
        {figure('longestWaitSeconds', l.longestWait, formatDuration(total.longestWaitSeconds))}
        {figure('serviceLevelPercent', l.serviceLevel, pct(total.serviceLevelPercent))}
        {figure('abandonRatePercent', l.abandonRate, pct(total.abandonRatePercent))}
      </div>
      <div className="tile-line" data-testid="volumes-total">
        {l.offered(total.offered)} · {l.answered(total.answered)} · {l.abandoned(total.abandoned)}
      </div>
    </section>
  );
}
