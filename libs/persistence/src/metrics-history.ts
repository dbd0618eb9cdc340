import { COUNTER_KEYS, emptyCounters, SHORT_ABANDON_SECONDS, type IntervalCounters } from '@switchboard/domain';
import type { EntityManager } from 'typeorm';

/**
 * The historical half of the one metric engine: the rules of MetricFactProjector
 * (libs/domain/src/metrics/metric-facts.ts), in SQL over ticket_events. A replay test holds the
 * two together; change one, change both, and bump the definitions' versions.
 *
 * $1 = from, $2 = asOf (events at or after it are not seen: the log as it stood then).
 * Tickets read: every ticket with an event since `from`, and every ticket still waiting — which
 * covers every visit open at any instant of [from, asOf).
 */
export const FACTS_SQL = `
WITH relevant AS (
  SELECT DISTINCT ticket_id FROM ticket_events WHERE at >= $1
  UNION
  SELECT id FROM tickets WHERE status IN ('queued', 'offered')
),
ev AS (
  SELECT e.ticket_id, e.seq, e.type, e.at, e.data, q.key AS ticket_queue
    FROM ticket_events e
    JOIN relevant r ON r.ticket_id = e.ticket_id
    JOIN tickets t ON t.id = e.ticket_id
    JOIN queues q ON q.id = t.queue_id
   WHERE e.at < $2
),
s1 AS (
  SELECT ev.*, array_agg(data->>'from') FILTER (WHERE type = 'ticket.offered') OVER upto AS offer_froms
    FROM ev
  WINDOW upto AS (PARTITION BY ticket_id ORDER BY seq ROWS UNBOUNDED PRECEDING)
),
s2 AS (
  SELECT ticket_id, seq, type, at, data, ticket_queue,
         coalesce(data->>'to' = 'queued' AND (
           data->>'from' IN ('new', 'transferred', 'reopened', 'callback_scheduled')
           OR (data->>'from' = 'offered' AND offer_froms[cardinality(offer_froms)] = 'transferred')), false) AS visit_start,
         type IN ('ticket.accepted', 'ticket.abandoned', 'ticket.transferred', 'ticket.callback_scheduled') AS closing,
         (type = 'ticket.wrap_up_completed' OR (type = 'ticket.transferred' AND data->>'from' = 'in_progress')) AS handle_end
    FROM s1
),
s3 AS (
  SELECT s2.*,
         max(seq) FILTER (WHERE visit_start) OVER upto AS vs_seq,
         array_agg(at) FILTER (WHERE visit_start) OVER upto AS vs_ats,
         array_agg(coalesce(data->>'queue', ticket_queue)) FILTER (WHERE visit_start) OVER upto AS vs_queues,
         max(seq) FILTER (WHERE closing) OVER before AS close_seq,
         min(at) FILTER (WHERE closing) OVER after AS next_close_at,
         max(seq) FILTER (WHERE type = 'ticket.accepted') OVER upto AS acc_seq,
         array_agg(at) FILTER (WHERE type = 'ticket.accepted') OVER upto AS acc_ats,
         max(seq) FILTER (WHERE handle_end) OVER before AS hend_seq,
         count(*) FILTER (WHERE type = 'ticket.accepted') OVER upto AS accepts,
         count(*) FILTER (WHERE type = 'ticket.transferred') OVER upto AS transfers,
         bool_or(type IN ('ticket.reopened', 'ticket.repeat_contact')) OVER whole AS fcr_lost
    FROM s2
  WINDOW upto AS (PARTITION BY ticket_id ORDER BY seq ROWS UNBOUNDED PRECEDING),
         before AS (PARTITION BY ticket_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         after AS (PARTITION BY ticket_id ORDER BY seq ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
         whole AS (PARTITION BY ticket_id)
),
facts AS (
  SELECT ticket_id, type, at, data, visit_start, next_close_at,
         coalesce(vs_queues[cardinality(vs_queues)], ticket_queue) AS queue,
         (type IN ('ticket.accepted', 'ticket.abandoned') AND coalesce(vs_seq, 0) > coalesce(close_seq, 0)) AS visit_end,
         round(extract(epoch FROM at - vs_ats[cardinality(vs_ats)]) * 1000)::bigint AS wait_ms,
         (handle_end AND coalesce(acc_seq, 0) > coalesce(hend_seq, 0)) AS handled,
         round(extract(epoch FROM at - acc_ats[cardinality(acc_ats)]) * 1000)::bigint AS handle_ms,
         (type = 'ticket.resolved' AND accepts = 1 AND transfers = 0 AND NOT fcr_lost) AS fcr
    FROM s3
)`;

export interface QueueHistoryQuery {
  fromMs: number;
  toMs: number;
  bucketSeconds: number;
  /** Only these queues (keys); all when absent. */
  queues?: readonly string[];
}

export interface QueueHistoryRow {
  queue: string;
  /** One per bucket, in order: [from + i·bucket, from + (i+1)·bucket) ∩ [from, to). */
  buckets: IntervalCounters[];
  /** Customers waiting at each bucket's end, and since when the longest of them waited. */
  waitingAtEnd: { waiting: number; oldestSinceMs: number | null }[];
  /** The most customers waiting at any moment of each bucket. */
  waitingPeak: number[];
}

/**
 * Counters per queue and bucket over [from, to), as the log stood at `to`, classified with each
 * queue's current service-level threshold.
 */
export async function loadQueueHistory(manager: EntityManager, query: QueueHistoryQuery): Promise<QueueHistoryRow[]> {
  const { fromMs, toMs, bucketSeconds } = query;
  const bucketCount = Math.max(1, Math.ceil((toMs - fromMs) / (bucketSeconds * 1000)));
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const countersSql = `${FACTS_SQL}
SELECT f.queue, floor(extract(epoch FROM f.at - $1) / $3::float8)::int AS bucket,
       count(*) FILTER (WHERE visit_start) AS entered,
       count(*) FILTER (WHERE visit_end AND type = 'ticket.accepted') AS answered,
       count(*) FILTER (WHERE visit_end AND type = 'ticket.accepted' AND wait_ms <= q.sl_threshold_seconds * 1000) AS answered_in_sl,
       coalesce(sum(wait_ms) FILTER (WHERE visit_end AND type = 'ticket.accepted'), 0) AS answer_wait_ms,
       count(*) FILTER (WHERE visit_end AND type = 'ticket.abandoned') AS abandoned,
       count(*) FILTER (WHERE visit_end AND type = 'ticket.abandoned' AND wait_ms < $4 * 1000) AS short_abandoned,
       count(*) FILTER (WHERE visit_end AND type = 'ticket.abandoned' AND wait_ms >= $4 * 1000
                          AND wait_ms > q.sl_threshold_seconds * 1000) AS abandoned_after_sl,
       count(*) FILTER (WHERE handled) AS handled,
       coalesce(sum(handle_ms) FILTER (WHERE handled), 0) AS handle_ms,
       count(*) FILTER (WHERE type = 'ticket.resolved') AS resolved,
       count(*) FILTER (WHERE fcr) AS fcr_resolved,
       count(*) FILTER (WHERE type = 'ticket.csat_recorded' AND jsonb_typeof(data->'score') = 'number') AS ratings,
       count(*) FILTER (WHERE type = 'ticket.csat_recorded' AND jsonb_typeof(data->'score') = 'number'
                          AND (data->>'score')::numeric >= 4) AS positive_ratings,
       count(*) FILTER (WHERE type = 'ticket.survey_offered') AS surveys_offered,
       count(*) FILTER (WHERE type = 'ticket.csat_recorded' AND jsonb_typeof(data->'score') = 'number'
                          AND data->>'source' = 'survey') AS survey_responses
  FROM facts f JOIN queues q ON q.key = f.queue
 WHERE f.at >= $1 AND ($5::text[] IS NULL OR f.queue = ANY($5))
 GROUP BY 1, 2`;
  // Waiting at each bucket's end, and the most waiting at any moment of it: a running sum of +1 at
  // each visit's start and −1 at its close (closes first at the same instant), highest per bucket.
  // Visits begun before `from` land in bucket 0, so its peak starts from the level at `from`.
  const waitingSql = `${FACTS_SQL},
visits AS (SELECT queue, at, next_close_at FROM facts WHERE visit_start AND ($5::text[] IS NULL OR queue = ANY($5))),
ends AS (SELECT $1::timestamptz + make_interval(secs => least((i + 1) * $3::float8, extract(epoch FROM $2 - $1)::float8)) AS at, i
           FROM generate_series(0, $4::int - 1) i),
at_end AS (
  SELECT v.queue, ends.i AS bucket, count(*)::int AS waiting, min(v.at) AS oldest
    FROM visits v JOIN ends ON v.at < ends.at AND (v.next_close_at IS NULL OR v.next_close_at >= ends.at)
   GROUP BY 1, 2),
changes AS (
  SELECT queue, at, 1 AS d FROM visits WHERE next_close_at IS NULL OR next_close_at >= $1
  UNION ALL
  SELECT queue, next_close_at, -1 FROM visits WHERE next_close_at >= $1),
levels AS (SELECT queue, at, sum(d) OVER (PARTITION BY queue ORDER BY at, d ROWS UNBOUNDED PRECEDING) AS level FROM changes),
peaks AS (
  SELECT queue, greatest(0, floor(extract(epoch FROM at - $1) / $3::float8))::int AS bucket, max(level)::int AS peak
    FROM levels GROUP BY 1, 2)
SELECT coalesce(e.queue, p.queue) AS queue, coalesce(e.bucket, p.bucket) AS bucket,
       coalesce(e.waiting, 0) AS waiting, e.oldest, coalesce(p.peak, 0) AS peak
  FROM at_end e FULL JOIN peaks p ON p.queue = e.queue AND p.bucket = e.bucket`;
  const queues = query.queues ? [...query.queues] : null;
  const [counterRows, waitingRows] = await Promise.all([
    manager.query(countersSql, [from, to, bucketSeconds, SHORT_ABANDON_SECONDS, queues]) as Promise<
      Record<string, string | number>[]
    >,
    manager.query(waitingSql, [from, to, bucketSeconds, bucketCount, queues]) as Promise<
      { queue: string; bucket: number; waiting: number; oldest: Date | null; peak: number }[]
    >,
  ]);
  const byQueue = new Map<string, QueueHistoryRow>();
  const row = (queue: string) => {
    let r = byQueue.get(queue);
    if (!r) {
      r = {
        queue,
        buckets: Array.from({ length: bucketCount }, emptyCounters),
        waitingAtEnd: Array.from({ length: bucketCount }, () => ({ waiting: 0, oldestSinceMs: null })),
        waitingPeak: Array.from({ length: bucketCount }, () => 0),
      };
      byQueue.set(queue, r);
    }
    return r;
  };
  for (const name of query.queues ?? []) row(name);
  for (const r of counterRows) {
    const target = row(String(r.queue)).buckets[Number(r.bucket)];
    if (!target) continue;
    for (const key of COUNTER_KEYS) target[key] = Number(r[snake(key)]);
  }
  for (const r of waitingRows) {
    const history = row(r.queue);
    const target = history.waitingAtEnd[r.bucket];
    if (!target) continue;
    if (r.oldest) Object.assign(target, { waiting: r.waiting, oldestSinceMs: r.oldest.getTime() });
    history.waitingPeak[r.bucket] = r.peak;
  }
  // A bucket with no start or close in it stays at the level it began with, the previous bucket's end.
  for (const history of byQueue.values()) {
    history.waitingPeak = history.waitingPeak.map((peak, i) =>
      Math.max(peak, history.waitingAtEnd[i]!.waiting, i > 0 ? history.waitingAtEnd[i - 1]!.waiting : 0),
    );
  }
  return [...byQueue.values()];
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
