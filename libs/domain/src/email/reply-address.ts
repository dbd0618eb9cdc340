/**
 * A thread token as it sits after the '+' of a reply address. Mail programs may drop the thread
 * headers (In-Reply-To, References), but they keep the address they answer to.
 */
const TOKEN_SHAPE = /^[a-z0-9]{16,64}$/;
/** RFC 3696 (with its erratum): 64 for the local part, 255 for the domain, 320 in all. */
const MAX_ADDRESS = 320;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_BYTES = 20;

/** An address as the inbound side reads it: the queue's own address and the thread token, if any. */
export interface ParsedAddress {
  base: string;
  token: string | null;
}

/**
 * The Reply-To of an outbound mail: the queue's address with the thread token after a '+'
 * ('complaints@acme.test', 'abc' → 'complaints+abc@acme.test'), so the customer's answer finds its
 * ticket even when their mail program drops the thread headers. {@link parseAddress} reads the
 * token back only from a queue address without a '+' part of its own and a token of its shape
 * (what {@link newThreadToken} makes). Throws for a queue address without an '@': a configuration
 * fault, better found when the mail is written than when it bounces.
 */
export function replyAddress(queueAddress: string, token: string): string {
  const at = queueAddress.lastIndexOf('@');
  if (at <= 0 || at === queueAddress.length - 1) throw new Error(`"${queueAddress}" is not an e-mail address`);
  return `${queueAddress.slice(0, at)}+${token}${queueAddress.slice(at)}`;
}

/**
 * Reads a recipient address: lower-cased, split on the last '@', and the thread token taken from a
 * '+' part of token shape ('complaints+abc…@acme.test' → base 'complaints@acme.test'). A '+' part of
 * another shape is the address's own ('a+news@x.test' stays whole, token null). Null for what is
 * not an address: no '@', an empty side, whitespace, or longer than 320 characters.
 */
export function parseAddress(address: string): ParsedAddress | null {
  if (address.length === 0 || address.length > MAX_ADDRESS || /\s/.test(address)) return null;
  const lower = address.toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0 || at === lower.length - 1) return null;
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) {
    const token = local.slice(plus + 1);
    if (TOKEN_SHAPE.test(token)) return { base: `${local.slice(0, plus)}@${domain}`, token };
  }
  return { base: lower, token: null };
}

/**
 * A new thread token: 20 random bytes (160 bits) as 32 characters of lower-case base32 (a–z, 2–7),
 * which survives mail programs that change the case of an address. The randomness is the platform's
 * cryptographic generator (Web Crypto, the same in Node and the browser bundles that include this
 * library), since a guessed token would let a stranger write into someone else's ticket.
 */
export function newThreadToken(): string {
  const bytes = new Uint8Array(TOKEN_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  return base32(bytes);
}

/** RFC 4648 base32 in lower case, without padding. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}
