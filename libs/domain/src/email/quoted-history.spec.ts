import { REPLY_MARKER, splitQuoted } from './quoted-history.js';

const lines = (...text: string[]) => text.join('\n');

describe('splitQuoted: the customer’s new text apart from the history their mail program appended', () => {
  it.each([
    [
      'Gmail, English',
      lines(
        'Hi, the invoice is still wrong: it says 3 items but I ordered 2.',
        '',
        'Thanks,',
        'Ayşe',
        '',
        'On Tue, 3 Nov 2026 at 10:12, Acme Complaints <complaints+k7d2m4q9x3b5n8p1@acme.test> wrote:',
        '',
        `> ${REPLY_MARKER.en}`,
        '>',
        '> Hello Ayşe,',
        '> we have received your message.',
        '',
      ),
      lines('Hi, the invoice is still wrong: it says 3 items but I ordered 2.', '', 'Thanks,', 'Ayşe'),
      lines(
        'On Tue, 3 Nov 2026 at 10:12, Acme Complaints <complaints+k7d2m4q9x3b5n8p1@acme.test> wrote:',
        '',
        `> ${REPLY_MARKER.en}`,
        '>',
        '> Hello Ayşe,',
        '> we have received your message.',
      ),
    ],
    [
      'Gmail, English, the attribution wrapped before "wrote:"',
      lines(
        'Yes, that address is right.',
        '',
        'On Tue, Nov 3, 2026 at 10:12 AM Acme Complaints <complaints+k7d2m4q9x3b5n8p1@acme.test>',
        'wrote:',
        '',
        '> Could you confirm your address?',
      ),
      'Yes, that address is right.',
      lines(
        'On Tue, Nov 3, 2026 at 10:12 AM Acme Complaints <complaints+k7d2m4q9x3b5n8p1@acme.test>',
        'wrote:',
        '',
        '> Could you confirm your address?',
      ),
    ],
    [
      'Gmail, Turkish',
      lines(
        'Merhaba,',
        'Kargo hâlâ gelmedi, takip numarası da çalışmıyor.',
        '',
        '3 Kas 2026 Sal, 10:12 tarihinde Acme Şikayet <sikayet@acme.test> şunu yazdı:',
        '',
        '> Merhaba Ayşe Hanım,',
        '> siparişiniz kargoya verildi.',
      ),
      lines('Merhaba,', 'Kargo hâlâ gelmedi, takip numarası da çalışmıyor.'),
      lines(
        '3 Kas 2026 Sal, 10:12 tarihinde Acme Şikayet <sikayet@acme.test> şunu yazdı:',
        '',
        '> Merhaba Ayşe Hanım,',
        '> siparişiniz kargoya verildi.',
      ),
    ],
    [
      'Gmail, Turkish, wrapped inside the address',
      lines(
        'Teşekkürler, sorun çözüldü.',
        '',
        '3 Kas 2026 Sal, 10:12 tarihinde Acme Şikayet <',
        'sikayet@acme.test> şunu yazdı:',
        '> Sorun devam ediyor mu?',
      ),
      'Teşekkürler, sorun çözüldü.',
      lines(
        '3 Kas 2026 Sal, 10:12 tarihinde Acme Şikayet <',
        'sikayet@acme.test> şunu yazdı:',
        '> Sorun devam ediyor mu?',
      ),
    ],
    [
      'Turkish, a dated line that ends in just "yazdı:"',
      lines(
        'İade kodunu aldım, teşekkürler.',
        '',
        'Acme Destek <destek@acme.test>, 3 Kasım 2026 10:12 yazdı:',
        '> İade kodunuz ekte.',
      ),
      'İade kodunu aldım, teşekkürler.',
      lines('Acme Destek <destek@acme.test>, 3 Kasım 2026 10:12 yazdı:', '> İade kodunuz ekte.'),
    ],
    [
      'Gmail, Persian (between direction marks)',
      lines(
        'سلام،',
        'سفارش من هنوز نرسیده است.',
        '',
        '\u200fدر تاریخ سه‌شنبه ۳ نوامبر ۲۰۲۶، ساعت ۱۰:۱۲ Acme <complaints@acme.test> نوشت:\u200f',
        '',
        '> سلام، پیام شما دریافت شد.',
      ),
      lines('سلام،', 'سفارش من هنوز نرسیده است.'),
      lines(
        '\u200fدر تاریخ سه‌شنبه ۳ نوامبر ۲۰۲۶، ساعت ۱۰:۱۲ Acme <complaints@acme.test> نوشت:\u200f',
        '',
        '> سلام، پیام شما دریافت شد.',
      ),
    ],
    [
      'Outlook, English, "-----Original Message-----"',
      lines(
        'Please cancel the order.',
        '',
        'Regards,',
        'John Smith',
        '',
        '-----Original Message-----',
        'From: Acme Complaints <complaints@acme.test>',
        'Sent: Tuesday, November 3, 2026 10:12 AM',
        'To: John Smith <john@example.com>',
        'Subject: RE: Order 4711 [SB-10482]',
        '',
        'Hello John,',
      ),
      lines('Please cancel the order.', '', 'Regards,', 'John Smith'),
      lines(
        '-----Original Message-----',
        'From: Acme Complaints <complaints@acme.test>',
        'Sent: Tuesday, November 3, 2026 10:12 AM',
        'To: John Smith <john@example.com>',
        'Subject: RE: Order 4711 [SB-10482]',
        '',
        'Hello John,',
      ),
    ],
    [
      'Outlook, an underscore line above the header block',
      lines(
        'Thanks, received.',
        '',
        '________________________________',
        'From: Acme Complaints <complaints@acme.test>',
        'Sent: Tuesday, 3 November 2026 10:12',
        'To: john@example.com',
        'Subject: Your order',
        '',
        'Your refund is on its way.',
      ),
      'Thanks, received.',
      lines(
        '________________________________',
        'From: Acme Complaints <complaints@acme.test>',
        'Sent: Tuesday, 3 November 2026 10:12',
        'To: john@example.com',
        'Subject: Your order',
        '',
        'Your refund is on its way.',
      ),
    ],
    [
      'Outlook, a header block alone, names in bold as Gmail renders them',
      lines(
        'See my answer below.',
        '',
        '*From:* Acme Complaints <complaints@acme.test>',
        '*Sent:* Tuesday, November 3, 2026 10:12 AM',
        '*To:* John Smith <john@example.com>',
        '*Subject:* Your order',
      ),
      'See my answer below.',
      lines(
        '*From:* Acme Complaints <complaints@acme.test>',
        '*Sent:* Tuesday, November 3, 2026 10:12 AM',
        '*To:* John Smith <john@example.com>',
        '*Subject:* Your order',
      ),
    ],
    [
      'Outlook, Turkish, "-----Özgün İleti-----"',
      lines(
        'Faturayı ekte gönderiyorum.',
        '',
        '-----Özgün İleti-----',
        'Kimden: Acme Şikayet <sikayet@acme.test>',
        'Gönderildi: 3 Kasım 2026 Salı 10:12',
        'Kime: Ayşe Yılmaz <ayse@example.com>',
        'Konu: Siparişiniz',
      ),
      'Faturayı ekte gönderiyorum.',
      lines(
        '-----Özgün İleti-----',
        'Kimden: Acme Şikayet <sikayet@acme.test>',
        'Gönderildi: 3 Kasım 2026 Salı 10:12',
        'Kime: Ayşe Yılmaz <ayse@example.com>',
        'Konu: Siparişiniz',
      ),
    ],
    [
      'Outlook, Turkish, "-----Orijinal Mesaj-----"',
      lines('Tamam.', '-----Orijinal Mesaj-----', 'Kimden: Acme', 'Tarih: 3 Kasım 2026'),
      'Tamam.',
      lines('-----Orijinal Mesaj-----', 'Kimden: Acme', 'Tarih: 3 Kasım 2026'),
    ],
    [
      'Outlook, Turkish header block without a separator',
      lines(
        'Olur, teşekkürler.',
        '',
        'Kimden: Acme Şikayet <sikayet@acme.test>',
        'Tarih: 3 Kasım 2026 Salı 10:12',
        'Kime: ayse@example.com',
        'Konu: Siparişiniz',
      ),
      'Olur, teşekkürler.',
      lines(
        'Kimden: Acme Şikayet <sikayet@acme.test>',
        'Tarih: 3 Kasım 2026 Salı 10:12',
        'Kime: ayse@example.com',
        'Konu: Siparişiniz',
      ),
    ],
    [
      'Outlook, Persian header block',
      lines(
        'ممنون، دریافت کردم.',
        '',
        'از: Acme <complaints@acme.test>',
        'ارسال شده: سه‌شنبه ۳ نوامبر ۲۰۲۶ ۱۰:۱۲',
        'به: ali@example.com',
        'موضوع: سفارش شما',
      ),
      'ممنون، دریافت کردم.',
      lines(
        'از: Acme <complaints@acme.test>',
        'ارسال شده: سه‌شنبه ۳ نوامبر ۲۰۲۶ ۱۰:۱۲',
        'به: ali@example.com',
        'موضوع: سفارش شما',
      ),
    ],
    [
      'Apple Mail on an iPhone, the signature stays with the reply',
      lines(
        'Sounds good, thank you!',
        '',
        'Sent from my iPhone',
        '',
        'On 3 Nov 2026, at 10:12, Acme Complaints <complaints@acme.test> wrote:',
        '',
        '> Hello John,',
        '> your replacement ships tomorrow.',
      ),
      lines('Sounds good, thank you!', '', 'Sent from my iPhone'),
      lines(
        'On 3 Nov 2026, at 10:12, Acme Complaints <complaints@acme.test> wrote:',
        '',
        '> Hello John,',
        '> your replacement ships tomorrow.',
      ),
    ],
    [
      'Apple Mail with the attribution inside the quote: a trailing quote block',
      lines(
        'Got it.',
        '',
        '> On 3 Nov 2026, at 10:12, Acme Complaints <complaints@acme.test> wrote:',
        '> ',
        '> Hello John,',
      ),
      'Got it.',
      lines('> On 3 Nov 2026, at 10:12, Acme Complaints <complaints@acme.test> wrote:', '> ', '> Hello John,'),
    ],
    [
      'our marker, English, from a program that does not quote',
      lines('I have attached the receipt.', '', REPLY_MARKER.en, '', 'Hello John,', 'we need your receipt.'),
      'I have attached the receipt.',
      lines(REPLY_MARKER.en, '', 'Hello John,', 'we need your receipt.'),
    ],
    [
      'our marker, Turkish',
      lines('Ekte gönderdim.', REPLY_MARKER.tr, 'Merhaba Ayşe Hanım,'),
      'Ekte gönderdim.',
      lines(REPLY_MARKER.tr, 'Merhaba Ayşe Hanım,'),
    ],
    [
      'our marker, Persian',
      lines('رسید را فرستادم.', '', REPLY_MARKER.fa, 'سلام'),
      'رسید را فرستادم.',
      lines(REPLY_MARKER.fa, 'سلام'),
    ],
    [
      'a trailing quote block with blank lines inside',
      lines('Thanks!', '', '> Hello,', '', '> your order shipped.', '>', ''),
      'Thanks!',
      lines('> Hello,', '', '> your order shipped.', '>'),
    ],
    [
      'the first separator wins: an attribution above an Outlook block',
      lines(
        'Done.',
        'On Tue, 3 Nov 2026 at 10:12, Acme <complaints@acme.test> wrote:',
        '-----Original Message-----',
        'From: x',
      ),
      'Done.',
      lines('On Tue, 3 Nov 2026 at 10:12, Acme <complaints@acme.test> wrote:', '-----Original Message-----', 'From: x'),
    ],
  ])('%s', (_name, text, reply, quoted) => {
    expect(splitQuoted(text)).toEqual({ reply, quoted });
    // Mail arrives with CRLF line ends: the split is the same.
    expect(splitQuoted(text.replaceAll('\n', '\r\n'))).toEqual({ reply, quoted });
  });

  it.each([
    [
      'interleaved answers under an attribution',
      lines(
        'On Tue, 3 Nov 2026 at 10:12, Acme Complaints <complaints@acme.test> wrote:',
        '> Which colour did you order?',
        '',
        'Blue.',
        '',
        '> And which size?',
        '',
        'Medium.',
      ),
    ],
    ['interleaved answers without one', lines('> Which colour?', 'Blue.', '> Which size?', 'Medium.')],
    [
      'an answer written below the quote',
      lines(
        'On Tue, 3 Nov 2026 at 10:12, Acme <complaints@acme.test> wrote:',
        '> Could you send the receipt?',
        '',
        'Here it is.',
      ),
    ],
    [
      'a forwarded mail (Gmail)',
      lines(
        'Please look at the mail the courier sent me.',
        '',
        '---------- Forwarded message ---------',
        'From: Courier <noreply@courier.example>',
        'Date: Tue, 3 Nov 2026 at 09:00',
        'Subject: Delivery failed',
        'To: <ayse@example.com>',
        '',
        'We could not deliver your parcel.',
        '',
        'On Mon, 2 Nov 2026 at 18:00, Ayşe <ayse@example.com> wrote:',
        '> Where is my parcel?',
      ),
    ],
    [
      'a forwarded mail (Apple Mail)',
      lines(
        'FYI',
        '',
        'Begin forwarded message:',
        '',
        'From: Courier <noreply@courier.example>',
        'Subject: Delivery failed',
        'Date: 3 November 2026 at 09:00:00 GMT+3',
        'To: ayse@example.com',
      ),
    ],
    ['a signature', lines('Thanks for the quick help.', '', '-- ', 'John Smith', 'Example Ltd', '+44 20 7946 0000')],
    ['a sentence that happens to end in "wrote:"', lines('On the other hand, my colleague wrote:', 'it is broken.')],
    ['a header-like line of the customer’s own', lines('From: my account page', 'the button does nothing.')],
    ['no history at all', 'Where is my refund?'],
  ])('keeps everything: %s', (_name, text) => {
    expect(splitQuoted(text)).toEqual({ reply: text, quoted: '' });
  });

  it.each([
    ['quoted from the first line', lines('> Hello John,', '> your order shipped.', '')],
    ['nothing but an attribution and its quote', lines('On Tue, 3 Nov 2026 at 10:12, Acme <a@x.test> wrote:', '> hi')],
    ['nothing but an Outlook block', lines('', '-----Original Message-----', 'From: Acme', '')],
  ])('returns a mail that is all history whole, as the reply: %s', (_name, text) => {
    expect(splitQuoted(text)).toEqual({ reply: text.trim(), quoted: '' });
  });

  it('drops blank lines around both parts and whitespace after them', () => {
    expect(splitQuoted('\n\n  Thanks  \n\n\n-----Original Message-----\nFrom: x\n\n\n')).toEqual({
      reply: '  Thanks',
      quoted: '-----Original Message-----\nFrom: x',
    });
  });

  describe('hostile input (2 MB)', () => {
    const attribution = 'On Tue, 3 Nov 2026 at 10:12, Acme <complaints@acme.test> wrote:';
    const noise = 'On On On wrote wrote >\n'.repeat(100_000);
    const longLine = 'On On On wrote wrote > '.repeat(90_000);

    it.each([
      ['lines that look almost like attributions are text', noise, noise.trimEnd(), ''],
      [
        'undated "On … wrote:" lines are text too',
        'On On On wrote wrote:\n'.repeat(100_000),
        'On On On wrote wrote:\n'.repeat(100_000).trimEnd(),
        '',
      ],
      [
        'the real attribution after them is found',
        `${noise}${attribution}\n> old`,
        noise.trimEnd(),
        `${attribution}\n> old`,
      ],
      ['a 2 MB line is prose, even ending in "wrote:"', `${longLine}wrote:`, `${longLine}wrote:`, ''],
      [
        'a 2 MB line above a real attribution',
        `${longLine}\n\n${attribution}\n> hi`,
        longLine.trimEnd(),
        `${attribution}\n> hi`,
      ],
      [
        'a 2 MB trailing quote',
        `Thanks\n${'> On On On wrote wrote >\n'.repeat(100_000)}`,
        'Thanks',
        '> On On On wrote wrote >\n'.repeat(100_000).trimEnd(),
      ],
    ])('%s', (_name, text, reply, quoted) => {
      const split = splitQuoted(text);
      expect(split.reply.length).toBe(reply.length);
      expect(split.quoted.length).toBe(quoted.length);
      expect(split).toEqual({ reply, quoted });
    });
  });
});
