import type { EmailLanguage } from '@switchboard/contracts';

/** Enough text to tell the language; a 25 MB mail is not read further. */
const SAMPLE_LENGTH = 4000;
const LETTER = /\p{L}/u;
/** Letters Turkish has and English and Persian do not. */
const TURKISH_LETTERS = new Set(['ğ', 'Ğ', 'ş', 'Ş', 'ı', 'İ']);
/**
 * Common words of a Turkish mail, also as typed on a keyboard without Turkish letters
 * ("tesekkurler", "icin"). Two different ones make a mail Turkish.
 */
const TURKISH_WORDS = new Set([
  'merhaba',
  'selam',
  'teşekkür',
  'teşekkürler',
  'tesekkur',
  'tesekkurler',
  'lütfen',
  'lutfen',
  'fatura',
  'faturam',
  've',
  'bir',
  'bu',
  'ile',
  'için',
  'icin',
  'değil',
  'degil',
  'çok',
  'cok',
  'ama',
  'var',
  'yok',
  'sipariş',
  'siparis',
  'siparişim',
  'siparisim',
  'kargo',
  'iade',
  'iyi',
  'günler',
  'gunler',
  'rica',
  'ederim',
]);
const TURKISH_WORDS_NEEDED = 2;

/**
 * The language to answer a mail in (the acknowledgement's template). A Content-Language header
 * that names Turkish, Persian or English wins; otherwise the first 4,000 characters decide: mostly
 * Arabic-script letters is Persian (the one right-to-left language we answer in); two common
 * Turkish words, or one with a letter only Turkish has (ğ ş ı İ), or such letters making 3 % of
 * the text, is Turkish; anything else English.
 */
export function guessLanguage(input: { contentLanguage?: string | null; text: string }): EmailLanguage {
  const declared = declaredLanguage(input.contentLanguage ?? '');
  if (declared !== null) return declared;

  const sample = input.text.slice(0, SAMPLE_LENGTH);
  let letters = 0;
  let arabicScript = 0;
  let turkishLetters = 0;
  for (const char of sample) {
    if (!LETTER.test(char)) continue;
    letters++;
    if (isArabicScript(char.codePointAt(0)!)) arabicScript++;
    if (TURKISH_LETTERS.has(char)) turkishLetters++;
  }
  if (arabicScript * 2 > letters) return 'fa';
  // A Turkish name in an English mail ("Ayşe Yılmaz") is not a Turkish mail: letters count only
  // with a Turkish word, or when they are a share of the text no name makes.
  const words = turkishWordCount(sample);
  if (words >= TURKISH_WORDS_NEEDED || (words >= 1 && turkishLetters >= 1)) return 'tr';
  if (turkishLetters >= 3 && turkishLetters * 100 >= letters * 3) return 'tr';
  return 'en';
}

/** "tr-TR" → 'tr', "fa-IR" or "per" → 'fa', "en-GB" → 'en'; the first language of a list counts. */
function declaredLanguage(header: string): EmailLanguage | null {
  const first = header.slice(0, 100).split(',')[0]!.trim().toLowerCase();
  const primary = first.split(/[-_]/)[0]!;
  if (primary === 'tr' || primary === 'tur') return 'tr';
  if (primary === 'fa' || primary === 'per' || primary === 'fas') return 'fa';
  if (primary === 'en' || primary === 'eng') return 'en';
  return null;
}

/** The Arabic, Arabic Presentation Forms-A and -B blocks, where Persian letters are. */
function isArabicScript(code: number): boolean {
  return (code >= 0x0600 && code <= 0x06ff) || (code >= 0xfb50 && code <= 0xfdff) || (code >= 0xfe70 && code <= 0xfeff);
}

/** Distinct common Turkish words; an apostrophe stays inside a word, so English "I've" is no "ve". */
function turkishWordCount(sample: string): number {
  const found = new Set<string>();
  let word = '';
  for (const char of `${sample.toLowerCase()} `) {
    if (LETTER.test(char) || char === "'" || char === '’') {
      word += char;
      continue;
    }
    if (TURKISH_WORDS.has(word)) found.add(word);
    word = '';
  }
  return found.size;
}
