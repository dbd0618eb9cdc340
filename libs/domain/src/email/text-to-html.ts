const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Punctuation that ends a sentence rather than the address ("see https://x.example/a."). */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', ']', '}']);

/**
 * The HTML part of an outbound mail, from the agent's plain text: every character escaped,
 * paragraphs (`<p dir="auto">`, so Persian lines run right to left) at blank lines, single line
 * breaks as `<br>`, and http(s) addresses as links. Nothing else in the text is markup: what the
 * agent typed, or pasted from a customer, reaches the mail program as letters.
 */
export function textToHtml(text: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of text.replaceAll('\r\n', '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join('<br>\n'));
      current = [];
    } else {
      current.push(lineToHtml(line));
    }
  }
  if (current.length > 0) paragraphs.push(current.join('<br>\n'));
  return paragraphs.map((p) => `<p dir="auto">${p}</p>`).join('\n');
}

/** Escapes `& < > " '` for text and for a double-quoted attribute. */
function escapeHtml(text: string): string {
  let html = '';
  let done = 0;
  for (let i = 0; i < text.length; i++) {
    const escaped = ESCAPES[text[i]!];
    if (escaped === undefined) continue;
    html += text.slice(done, i) + escaped;
    done = i + 1;
  }
  return done === 0 ? text : html + text.slice(done);
}

/** One line, escaped, with its http(s) addresses as links; found by scanning, so a long line costs its length. */
function lineToHtml(line: string): string {
  let html = '';
  let done = 0;
  let from = 0;
  while (from < line.length) {
    const start = line.indexOf('http', from);
    if (start === -1) break;
    const { end, link } = addressAt(line, start);
    if (!link) {
      from = end;
      continue;
    }
    const address = line.slice(start, end);
    html += escapeHtml(line.slice(done, start));
    html += `<a href="${escapeHtml(address)}" rel="noopener noreferrer">${escapeHtml(address)}</a>`;
    done = end;
    from = end;
  }
  return html + escapeHtml(line.slice(done));
}

/**
 * The http(s) address at `start`: where it ends and whether it is one to link. A run that does not
 * parse is passed over whole, so no character is scanned twice.
 */
function addressAt(line: string, start: number): { end: number; link: boolean } {
  const scheme = line.startsWith('https://', start) ? 8 : line.startsWith('http://', start) ? 7 : 0;
  if (scheme === 0 || (start > 0 && isWordChar(line.charCodeAt(start - 1)))) return { end: start + 4, link: false };
  let end = start + scheme;
  while (end < line.length && !endsAddress(line[end]!)) end++;
  const runEnd = end;
  let opened = 0;
  let closed = 0;
  for (let i = start; i < end; i++) {
    if (line[i] === '(') opened++;
    else if (line[i] === ')') closed++;
  }
  // Full stops and the like after an address end the sentence; a ')' ends it unless the address opened one.
  while (end > start + scheme) {
    const last = line[end - 1]!;
    if (TRAILING.has(last)) end--;
    else if (last === ')' && closed > opened) {
      end--;
      closed--;
    } else break;
  }
  if (end === start + scheme) return { end: runEnd, link: false };
  try {
    new URL(line.slice(start, end));
  } catch {
    return { end: runEnd, link: false };
  }
  return { end, link: true };
}

function endsAddress(char: string): boolean {
  return char === '<' || char === '>' || char === '"' || char === "'" || /\s/.test(char);
}

function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f
  );
}
