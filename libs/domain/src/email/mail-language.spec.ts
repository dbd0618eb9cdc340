import { guessLanguage } from './mail-language.js';

describe('guessLanguage: which acknowledgement a customer gets', () => {
  it.each([
    ['Content-Language tr-TR wins over English text', 'tr-TR', 'Hello, where is my order?', 'tr'],
    ['Content-Language fa-IR', 'fa-IR', 'Hello', 'fa'],
    ['Content-Language per', 'per', 'Hello', 'fa'],
    ['Content-Language en-GB wins over Turkish text', 'en-GB', 'Merhaba, siparişim nerede?', 'en'],
    ['the first of a list', 'tr, en', 'Hello', 'tr'],
    ['an unknown language falls to the text', 'de-DE', 'Merhaba, siparişim nerede?', 'tr'],
    ['Persian text', null, 'سلام، سفارش من هنوز نرسیده است. لطفاً پیگیری کنید.', 'fa'],
    [
      'Persian text with an English order number and signature',
      undefined,
      'سلام، سفارش شماره ORD-4711 هنوز نرسیده است و پیامک پیگیری هم دریافت نکرده‌ام.\nAli Rezaei',
      'fa',
    ],
    ['Turkish letters', null, 'Siparişim hâlâ gelmedi.', 'tr'],
    ['a dotless ı alone', null, 'Kargo nerede kaldı', 'tr'],
    ['Turkish typed without Turkish letters', null, 'Merhaba, fatura icin bir sorum var.', 'tr'],
    ['English', null, 'Hello, I have a question about my invoice.', 'en'],
    [
      'English signed with a Turkish name',
      null,
      'Hello,\n\nThe kettle from order 4711 arrived with a cracked lid. A photo is attached.\n\nAyşe Yılmaz',
      'en',
    ],
    ['Turkish letters making a share of the text', null, 'Şöyle ışığı görüşüz ağış', 'tr'],
    ['English with "I’ve" and "bu" in a name is no Turkish', null, "I've got a question, Bu Li here.", 'en'],
    ['English with a few Persian words', null, 'Thanks! The word سلام means hello in Persian.', 'en'],
    ['empty', null, '', 'en'],
  ] as const)('%s', (_name, contentLanguage, text, expected) => {
    expect(guessLanguage({ contentLanguage, text })).toBe(expected);
  });

  it('reads only the start of a long mail', () => {
    expect(guessLanguage({ text: `${'Hello there. '.repeat(400)}${'سلام '.repeat(10_000)}` })).toBe('en');
  });
});
