import type { SortOrder, TicketOutcome, TicketSort } from '@switchboard/contracts';

/**
 * The SQL of the history search (GET /api/tickets): full text, outcomes and sort keys, over
 * `t` (tickets) and `customer` (customers). Vectors are written by triggers (TicketSearch
 * migration) under the configuration of the customer's language: `english` for en, `turkish`
 * for tr, `simple` for fa (no Persian stemmer exists); both English and Turkish when unknown.
 */

/** At most this many words of a query are used. */
const MAX_WORDS = 12;

/**
 * A query as the three readings it is matched by, OR-ed: stemmed as English, stemmed as Turkish
 * (so "faturalarım" finds "faturası"), and each word as a prefix, unstemmed (`simple`: Persian
 * words, names, references, a word still being typed). `$text` is the query as typed; `$prefix`
 * is `textSearchPrefix(q)`. An empty reading matches nothing.
 */
export const TEXT_QUERY = (text: string, prefix: string) =>
  `(plainto_tsquery('english', ${text}) || plainto_tsquery('turkish', ${text}) || to_tsquery('simple', ${prefix}))`;

/** The words of a query as a `simple` prefix query: `'fatura':* & 'iade':*`; '' when it has none. */
export function textSearchPrefix(q: string): string {
  const words = q.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  return words
    .slice(0, MAX_WORDS)
    .map((w) => `'${w}':*`)
    .join(' & ');
}

/** Whether a query has any word to look for (punctuation alone has none). */
export function hasSearchWords(q: string): boolean {
  return textSearchPrefix(q) !== '';
}

/**
 * Tickets whose own text (subject, description, resolution note, customer name) or any message
 * (notes included) matches: two GIN index scans, then the tickets by primary key. As an array, not
 * `IN (…)`: the planner cannot estimate how many match and would read every ticket to join them
 * (200 ms instead of 5 ms over 60,000 tickets; docs/decisions.md).
 */
export const TEXT_MATCH = (query: string) =>
  `t.id = ANY(ARRAY(SELECT id FROM tickets WHERE search_vector @@ ${query}
                    UNION SELECT ticket_id FROM messages WHERE search_vector @@ ${query}))`;

/**
 * Only the subject, description and the customer's name, read on the fly: for viewers whose view
 * of a ticket ends with their part of it (an agent's past work), over the few tickets they may see.
 */
export const OWN_FIELDS_TEXT_MATCH = (query: string) =>
  `sb_text_vector(sb_text_config(customer.language),
     t.subject || ' ' || coalesce(t.description, '') || ' ' || coalesce(customer.name, '')) @@ ${query}`;

export const OUTCOME_MATCH: Record<TicketOutcome, string> = {
  resolved: `t.status = 'resolved'`,
  abandoned: `t.status = 'abandoned'`,
  open: `t.status NOT IN ('resolved', 'abandoned')`,
  transferred: `EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'ticket.transferred')`,
};

/** The resolving agent's handle time in seconds (numeric, exact to the microsecond). */
export const HANDLE_SECONDS = `CASE WHEN t.status = 'resolved' THEN extract(epoch FROM t.resolved_at - t.accepted_at) END`;

const AS_TEXT_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface SortKey {
  /** The value sorted on (may be NULL: those come last). */
  expression: string;
  /** The same value as exact text, for a cursor. */
  asText: string;
  /** The SQL type a cursor's text is cast back to. */
  type: 'timestamptz' | 'numeric' | 'integer';
}

export const SORT_KEYS: Record<TicketSort, SortKey> = {
  createdAt: { expression: 't.created_at', asText: AS_TEXT_TIME('t.created_at'), type: 'timestamptz' },
  resolvedAt: { expression: 't.resolved_at', asText: AS_TEXT_TIME('t.resolved_at'), type: 'timestamptz' },
  handleSeconds: { expression: HANDLE_SECONDS, asText: `(${HANDLE_SECONDS})::text`, type: 'numeric' },
  csatScore: { expression: 't.csat_score', asText: 't.csat_score::text', type: 'integer' },
};

/**
 * The keyset condition "after this row" in `order` with NULLs last: `value` is the cursor row's
 * sort value (null when it had none), `id` its id; both given as named parameters.
 */
export function afterCursor(key: SortKey, order: SortOrder, valueIsNull: boolean, value: string, id: string): string {
  const cmp = order === 'desc' ? '<' : '>';
  const v = `CAST(${value} AS ${key.type})`;
  const idAfter = `t.id ${cmp} CAST(${id} AS uuid)`;
  if (valueIsNull) return `(${key.expression} IS NULL AND ${idAfter})`;
  return `(${key.expression} IS NULL OR ${key.expression} ${cmp} ${v} OR (${key.expression} = ${v} AND ${idAfter}))`;
}
