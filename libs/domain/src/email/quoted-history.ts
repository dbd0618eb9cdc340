import type { EmailLanguage } from '@switchboard/contracts';

/**
 * The line at the top of our outbound mail. Everything a customer's mail program puts below it is
 * our own earlier mail, so the inbound side cuts there whatever the language of the ticket.
 */
export const REPLY_MARKER: Record<EmailLanguage, string> = {
  en: '##- Please type your reply above this line -##',
  tr: '##- Lütfen yanıtınızı bu satırın üstüne yazın -##',
  fa: '##- لطفاً پاسخ خود را بالای این خط بنویسید -##',
};

const MARKERS = Object.values(REPLY_MARKER);

/** What the agent reads (`reply`) and the history the mail program appended (`quoted`, shown folded). */
export interface QuotedSplit {
  reply: string;
  quoted: string;
}

/**
 * Inbound mail is hostile and up to 25 MB: every rule below looks at one line (or two) at a time,
 * and a line longer than this is prose, never an attribution, separator or header.
 */
const LINE_CAP = 2000;

/** "On … wrote:", "… şunu yazdı:", "… نوشت:": how each language's attribution line ends. */
const ATTRIBUTION_ENDS: readonly { language: EmailLanguage; end: string }[] = [
  { language: 'en', end: 'wrote:' },
  { language: 'tr', end: 'yazdı:' },
  { language: 'fa', end: 'نوشت:' },
];

/** Outlook's separators above the quoted mail, by the words between the dashes (lower case). */
const ORIGINAL_MESSAGE = new Set(
  ['Original Message', 'Özgün İleti', 'Orijinal Mesaj', 'پیام اصلی'].map((s) => s.toLowerCase()),
);

/** Separators of a forwarded mail: what follows is the customer's content, never history to fold. */
const FORWARDED_MESSAGE = new Set(
  [
    'Forwarded message',
    'Yönlendirilen ileti',
    'Yönlendirilmiş ileti',
    'İletilen ileti',
    'پیام بازارسال‌شده',
    'پیام بازارسال شده',
    'پیام هدایت‌شده',
    'پیام هدایت شده',
  ].map((s) => s.toLowerCase()),
);
const FORWARDED_LINES = new Set(
  ['Begin forwarded message:', 'Yönlendirilen ileti başlangıcı:', 'İletilen ileti başlangıcı:'].map((s) =>
    s.toLowerCase(),
  ),
);

/** Field names of a quoted header block (Outlook's "From: / Sent: / To: / Subject:"), lower case. */
const FROM_FIELDS = new Set(['from', 'kimden', 'از']);
const DATE_FIELDS = new Set(['sent', 'date', 'gönderildi', 'tarih', 'ارسال شده', 'ارسال‌شده', 'تاریخ']);
const TO_FIELDS = new Set(['to', 'subject', 'kime', 'konu', 'به', 'موضوع']);
/** Outlook puts the header block within this many lines after "From:". */
const HEADER_BLOCK_LINES = 4;

/**
 * Separates the customer's new text from the quoted history their mail program appended, so the
 * agent reads what is new and the thread does not grow by a copy of itself with every reply.
 *
 * The cut is at the first of: an attribution line (Gmail and Apple Mail "On … wrote:", possibly
 * wrapped over two lines; Turkish "… tarihinde … şunu yazdı:"; Persian "… نوشت:"), Outlook's
 * "-----Original Message-----" (and its Turkish and Persian forms), an underscore line before a
 * header block, a header block itself ("From:" with "Sent:"/"Date:" and "To:"/"Subject:" within
 * four lines), our {@link REPLY_MARKER} in any language, or a block of "> " lines running to the end.
 *
 * Nothing is cut when it would hide something the customer wrote: a forwarded mail is their
 * content, a "-- " signature is theirs, and a quote followed by more of their text is an
 * interleaved answer (an attribution whose quote is answered inline is kept too). A mail that is
 * quoted from its first line comes back whole as the reply.
 */
export function splitQuoted(text: string): QuotedSplit {
  const normalised = text.replaceAll('\r\n', '\n');
  const lines = normalised.split('\n');
  const cut = quotedHistoryStart(lines);
  if (cut === null) return { reply: tidy(normalised), quoted: '' };
  let offset = 0;
  for (let k = 0; k < cut; k++) offset += lines[k]!.length + 1;
  const reply = tidy(normalised.slice(0, offset));
  if (reply === '') return { reply: normalised.trim(), quoted: '' };
  return { reply, quoted: tidy(normalised.slice(offset)) };
}

/** The index of the line where the quoted history starts, or null when the whole mail is the reply. */
function quotedHistoryStart(lines: readonly string[]): number | null {
  const trailingQuote = trailingQuoteStart(lines);
  for (let i = 0; i < lines.length; i++) {
    if (i === trailingQuote) return i;
    const line = structural(lines[i]!);
    if (line === null || line === '' || isQuoteLine(line)) continue;
    const dashed = line.startsWith('--') ? dashedWords(line) : null;
    if (
      dashed !== null ? FORWARDED_MESSAGE.has(dashed) : line.endsWith(':') && FORWARDED_LINES.has(line.toLowerCase())
    ) {
      return null;
    }
    if (dashed !== null && ORIGINAL_MESSAGE.has(dashed)) return i;
    if (line.includes('##-') && MARKERS.some((marker) => line.includes(marker))) return i;
    if (isUnderscoreLine(line)) {
      const next = nextContentLine(lines, i + 1, i + 2);
      if (next !== null && isHeaderBlock(lines, next, fieldName(lines[next]!))) return i;
    }
    if (isHeaderBlock(lines, i, fieldNameOf(line))) return i;
    const attributionEnd = attributionAt(lines, i, line);
    if (attributionEnd !== null) {
      // "On … wrote:" above "> " lines that the customer answers in between: keep it all.
      const next = nextContentLine(lines, attributionEnd + 1, lines.length - 1);
      const quotedNext = next !== null && isQuoteLine(lines[next]!.slice(0, LINE_CAP).trimStart());
      if (!quotedNext || next === trailingQuote) return i;
    }
  }
  return null;
}

/**
 * Where the attribution starting at line `i` ends (i, or i + 1 when wrapped), or null. A date is
 * required (a digit, Latin or Persian), so "On the other hand, my colleague wrote:" stays text.
 */
function attributionAt(lines: readonly string[], i: number, line: string): number | null {
  const language = attributionLanguage(line);
  if (language !== null && looksComplete(language, line)) return i;
  const nextRaw = lines[i + 1];
  const next = nextRaw !== undefined && endsWithColon(nextRaw) ? structural(nextRaw) : null;
  if (language === null && next !== null && !isQuoteLine(next)) {
    const nextLanguage = attributionLanguage(next);
    if (nextLanguage !== null && !looksComplete(nextLanguage, next) && looksComplete(nextLanguage, `${line} ${next}`)) {
      return i + 1;
    }
  }
  // Turkish and Persian programs word it more than one way: a dated line ending in "yazdı:" will do.
  if (language !== null && language !== 'en' && hasDigit(line)) return i;
  return null;
}

function attributionLanguage(line: string): EmailLanguage | null {
  if (!line.endsWith(':')) return null;
  return ATTRIBUTION_ENDS.find((a) => line.endsWith(a.end))?.language ?? null;
}

function looksComplete(language: EmailLanguage, text: string): boolean {
  if (!hasDigit(text)) return false;
  if (language === 'en') return text.startsWith('On ');
  if (language === 'tr') return text.includes('tarihinde');
  return text.includes('تاریخ');
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x660 && code <= 0x669) || (code >= 0x6f0 && code <= 0x6f9)) {
      return true;
    }
  }
  return false;
}

/** A "From:" line (`name` is line i's field name) with a date field and an addressee or subject field below it. */
function isHeaderBlock(lines: readonly string[], i: number, name: string | null): boolean {
  if (name === null || !FROM_FIELDS.has(name)) return false;
  let date = false;
  let to = false;
  for (let k = i + 1; k <= i + HEADER_BLOCK_LINES && k < lines.length; k++) {
    const field = fieldName(lines[k]!);
    if (field === null) continue;
    date ||= DATE_FIELDS.has(field);
    to ||= TO_FIELDS.has(field);
  }
  return date && to;
}

function fieldName(raw: string): string | null {
  return fieldNameOf(stripEdges(raw.slice(0, LINE_CAP)));
}

/** "From: x" → "from"; also "*From:* x" as Gmail renders Outlook's bold header names in plain text. */
function fieldNameOf(line: string): string | null {
  if (isQuoteLine(line)) return null;
  let start = 0;
  while (line[start] === '*') start++;
  let colon = start;
  while (colon < line.length && colon - start <= 40 && line[colon] !== ':') colon++;
  if (line[colon] !== ':' || colon === start) return null;
  let name = line.slice(start, colon).trim();
  while (name.endsWith('*')) name = name.slice(0, -1);
  return name.toLowerCase();
}

/** "---------- Forwarded message ---------" → "forwarded message"; null unless dashes on both sides. */
function dashedWords(line: string): string | null {
  let start = 0;
  while (start < line.length && line[start] === '-') start++;
  let end = line.length;
  while (end > start && line[end - 1] === '-') end--;
  if (start < 2 || line.length - end < 2) return null;
  return line.slice(start, end).trim().toLowerCase();
}

function isUnderscoreLine(line: string): boolean {
  if (line.length < 10) return false;
  for (let i = 0; i < line.length; i++) if (line[i] !== '_') return false;
  return true;
}

/**
 * The first line of the block of "> " lines (blank lines allowed) that runs to the end of the
 * text, or -1. Computed once from the end, so telling a trailing quote from an interleaved one
 * costs one pass.
 */
function trailingQuoteStart(lines: readonly string[]): number {
  let start = -1;
  for (let k = lines.length - 1; k >= 0; k--) {
    const head = lines[k]!.slice(0, LINE_CAP).trimStart();
    if (head === '' && lines[k]!.length <= LINE_CAP) continue;
    if (!isQuoteLine(head)) break;
    start = k;
  }
  return start;
}

/** The first line from `from` to `last` (inclusive) that is not blank. */
function nextContentLine(lines: readonly string[], from: number, last: number): number | null {
  for (let k = from; k <= last && k < lines.length; k++) if (lines[k]!.trim() !== '') return k;
  return null;
}

/** Whether a line ends in ':' (before trailing blanks), looked at from its end so prose costs nothing. */
function endsWithColon(raw: string): boolean {
  if (raw.length > LINE_CAP) return false;
  let end = raw.length;
  while (end > 0 && isBlankCode(raw.charCodeAt(end - 1))) end--;
  return raw[end - 1] === ':';
}

function isQuoteLine(trimmedStart: string): boolean {
  return trimmedStart.startsWith('>');
}

/** A line as the rules read it (edges stripped), or null when it is too long to be anything but prose. */
function structural(raw: string): string | null {
  return raw.length > LINE_CAP ? null : stripEdges(raw);
}

/** Trims whitespace and the invisible direction marks right-to-left mail programs put around lines. */
function stripEdges(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isBlankCode(line.charCodeAt(start))) start++;
  while (end > start && isBlankCode(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
}

function isBlankCode(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0d ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0xa0 ||
    code === 0x200b ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** Text without the blank lines before it and the whitespace after it (a first line's indent stays). */
function tidy(text: string): string {
  let lineStart = 0;
  for (let i = 0; i < text.length && text[i]!.trim() === ''; i++) if (text[i] === '\n') lineStart = i + 1;
  return text.slice(lineStart).trimEnd();
}
