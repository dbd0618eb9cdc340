import { Alert, Text } from '@mantine/core';
import type { QueueAlert, QueueMetrics } from '@switchboard/contracts';
import { useTranslation } from 'react-i18next';
import { formatDuration, localDigits } from '../time.js';

/** Every queue's alerts, as the metrics engine decided them (libs/domain queueAlerts), in words. */
export function QueueAlerts({ queues }: { queues: readonly QueueMetrics[] }) {
  const { t } = useTranslation();
  const items = queues.flatMap((q) => q.alerts.map((a) => ({ q, a })));
  if (items.length === 0) return null;
  const say = (q: QueueMetrics, a: QueueAlert): string => {
    const round = (v: number) => localDigits(String(Math.round(v)));
    switch (a.kind) {
      case 'nobody-able':
        return t('wallboard.alertNobodyAble', { queue: q.name, count: a.value });
      case 'longest-wait':
        return t('wallboard.alertLongestWait', {
          queue: q.name,
          value: formatDuration(a.value),
          threshold: formatDuration(a.threshold ?? 0),
        });
      case 'abandon-rate':
        return t('wallboard.alertAbandonRate', {
          queue: q.name,
          value: round(a.value),
          threshold: round(a.threshold ?? 0),
          count: a.sample ?? 0,
        });
      case 'service-level':
        return t('wallboard.alertBelow', {
          queue: q.name,
          value: round(a.value),
          target: round(a.threshold ?? 0),
          count: a.sample ?? 0,
        });
    }
  };
  return (
    <Alert color="red" title={t('wallboard.alerts')} role="alert" data-testid="wallboard-alerts">
      {items.map(({ q, a }) => (
        <Text key={`${q.queue}-${a.kind}`} data-alert={a.kind} data-queue={q.queue}>
          {say(q, a)}
        </Text>
      ))}
    </Alert>
  );
}
