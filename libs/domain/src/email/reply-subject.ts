/** Mail headers allow more, but mail programs cut long subjects anyway. */
const SUBJECT_MAX = 250;
/**
 * One reply or forward prefix at the start of a subject, after whitespace is collapsed: English
 * Re/Fwd/Fw, Turkish Ynt/İlt, Persian پاسخ, German Aw, Nordic Sv, with a counter like "Re[2]:".
 */
const PREFIX = /(?:re|fwd?|ynt|[iİ]lt|aw|sv|پاسخ)(?:\[\d{1,4}\])? ?[:：] ?/iuy;
/** Our reference in a subject, "[SB-10482]". */
const TAG = /\[SB-(\d{1,12})\]/gi;

/**
 * The subject of our reply on a ticket: "Re: <subject> [SB-<n>]". The customer's Re:/Fwd:/Ynt:/…
 * prefixes are dropped (however many their programs stacked up) and one "Re: " is put back; the
 * ticket's tag appears once, at the end, where {@link ticketNumberInSubject} reads it when the
 * customer answers. At most 250 characters: the subject is cut, the tag kept.
 */
export function replySubject(subject: string, ticketNumber: number): string {
  const tag = `[SB-${ticketNumber}]`;
  // The tag goes first, so prefixes behind it ("Re: [SB-7] Re: Order") are seen at the start.
  const untagged = collapse(subject.replace(TAG, (written, n: string) => (Number(n) === ticketNumber ? ' ' : written)));
  let core = untagged.slice(prefixesEnd(untagged));
  if (core === '') return `Re: ${tag}`;
  const room = SUBJECT_MAX - 'Re: '.length - ' '.length - tag.length;
  if (core.length > room) {
    let cut = room;
    // Do not split a character outside the Basic Multilingual Plane (an emoji) in two.
    if (cut > 0 && isHighSurrogate(core.charCodeAt(cut - 1))) cut--;
    core = core.slice(0, cut).trimEnd();
  }
  return `Re: ${core} ${tag}`;
}

/** The ticket number of the first "[SB-<n>]" in a subject, or null. */
export function ticketNumberInSubject(subject: string): number | null {
  const match = /\[SB-(\d{1,12})\]/i.exec(subject);
  return match ? Number(match[1]) : null;
}

/** Where the stacked reply and forward prefixes at the start of a collapsed subject end. */
function prefixesEnd(subject: string): number {
  let at = 0;
  for (;;) {
    PREFIX.lastIndex = at;
    if (!PREFIX.test(subject)) return at;
    at = PREFIX.lastIndex;
  }
}

/** Runs of whitespace (line folds included) become one space; the ends are trimmed. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
