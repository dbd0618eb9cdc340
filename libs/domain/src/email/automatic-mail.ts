/** What the inbound side knows of a received mail when deciding whether a person sent it. */
export interface InboundMailFacts {
  /**
   * The mail's header fields by name (any case): a parser's Map or a plain object. A value may be a
   * string, an array of them, or an object with a `value` field (mailparser's `{ value, params }`).
   */
  headers: ReadonlyMap<string, unknown> | Record<string, unknown>;
  /** The SMTP envelope sender (MAIL FROM); a bounce has none. */
  envelopeFrom: string | null;
  /** The From header's address, with or without a display name. */
  from: string | null;
  contentType?: string | null;
}

/** Precedence values of list and bulk mail (RFC 3834 asks responders to stay quiet for these). */
const QUIET_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply', 'auto-reply']);
/** Vacation responders' own flags (Exchange, Yahoo and others), not standard but common. */
const AUTOREPLY_FLAGS = ['x-autoreply', 'x-autorespond', 'x-auto-reply'];
const NOT_SET = new Set(['no', 'false']);
/** Local parts of delivery reports; mail from them is never a person writing. */
const SYSTEM_SENDERS = new Set(['mailer-daemon', 'postmaster']);
const WANTED = new Set(['auto-submitted', 'precedence', 'content-type', ...AUTOREPLY_FLAGS]);

/**
 * Why a mail was sent by a machine (`auto-submitted: auto-replied`, `precedence: bulk`,
 * `bounce: empty envelope sender`, `bounce: mailer-daemon`, `report: multipart/report`,
 * `x-autoreply`), or null when a person wrote it. Such mail must never open a ticket nor be
 * answered: an acknowledgement to an out-of-office reply is answered by another out-of-office
 * reply, and the two programs write to each other for ever.
 */
export function automaticMailReason(mail: InboundMailFacts): string | null {
  const headers = headerValues(mail.headers);

  const autoSubmitted = headers.get('auto-submitted');
  if (autoSubmitted !== undefined) {
    const value = autoSubmitted.map(firstToken).find((v) => v !== 'no');
    if (value !== undefined) return value === '' ? 'auto-submitted' : `auto-submitted: ${value}`;
  }

  const precedence = headers
    .get('precedence')
    ?.map(firstToken)
    .find((v) => QUIET_PRECEDENCE.has(v));
  if (precedence !== undefined) return `precedence: ${precedence}`;

  for (const flag of AUTOREPLY_FLAGS) {
    if (headers.get(flag)?.some((v) => !NOT_SET.has(firstToken(v)))) return flag;
  }

  const envelopeFrom = mail.envelopeFrom?.trim() ?? '';
  if (envelopeFrom === '' || envelopeFrom === '<>') return 'bounce: empty envelope sender';

  for (const address of [envelopeFrom, mail.from]) {
    const local = address === null ? null : localPart(address);
    if (local !== null && SYSTEM_SENDERS.has(local)) return `bounce: ${local}`;
  }

  const contentTypes = [mail.contentType ?? '', ...(headers.get('content-type') ?? [])];
  if (contentTypes.some((type) => firstToken(type) === 'multipart/report')) return 'report: multipart/report';

  return null;
}

/** The values of the few header fields this looks at, by lower-case name, each as strings. */
function headerValues(headers: InboundMailFacts['headers']): Map<string, string[]> {
  const entries = isMap(headers) ? headers.entries() : Object.entries(headers);
  const found = new Map<string, string[]>();
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (!WANTED.has(key)) continue;
    const values = asStrings(value, 0);
    if (values.length === 0) continue;
    const known = found.get(key);
    if (known) known.push(...values);
    else found.set(key, values);
  }
  return found;
}

function isMap(headers: InboundMailFacts['headers']): headers is ReadonlyMap<string, unknown> {
  return headers instanceof Map || typeof (headers as { entries?: unknown }).entries === 'function';
}

/** A header value as parsers give it: a string, an array, or an object with a `value` (or `text`). */
function asStrings(value: unknown, depth: number): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (depth > 3 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v: unknown) => asStrings(v, depth + 1));
  if ('value' in value) return asStrings(value.value, depth + 1);
  if ('text' in value) return asStrings(value.text, depth + 1);
  return [];
}

/** "Auto-Replied; owner=x" → "auto-replied"; "multipart/report; report-type=…" → "multipart/report". */
function firstToken(value: string): string {
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
}

/** "Mail Delivery System <MAILER-DAEMON@mx.example>" → "mailer-daemon"; null without an address. */
function localPart(address: string): string | null {
  let bare = address;
  const open = address.lastIndexOf('<');
  if (open !== -1) {
    const close = address.indexOf('>', open);
    bare = address.slice(open + 1, close === -1 ? undefined : close);
  }
  bare = bare.trim();
  const at = bare.lastIndexOf('@');
  const local = (at === -1 ? bare : bare.slice(0, at)).trim().toLowerCase();
  return local === '' ? null : local;
}
