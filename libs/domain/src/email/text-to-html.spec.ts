import { textToHtml } from './text-to-html.js';

const link = (href: string, text = href) => `<a href="${href}" rel="noopener noreferrer">${text}</a>`;

describe('textToHtml: the HTML part of an outbound mail', () => {
  it.each([
    ['one line', 'Hello Ayşe,', '<p dir="auto">Hello Ayşe,</p>'],
    [
      'paragraphs at blank lines, line breaks within them',
      'Hello Ayşe,\n\nYour refund is on its way.\nIt takes 3 days.\n\n\n\nKind regards,\nAcme',
      [
        '<p dir="auto">Hello Ayşe,</p>',
        '<p dir="auto">Your refund is on its way.<br>\nIt takes 3 days.</p>',
        '<p dir="auto">Kind regards,<br>\nAcme</p>',
      ].join('\n'),
    ],
    ['CRLF and whitespace-only lines', 'a\r\n  \r\nb\r\nc', '<p dir="auto">a</p>\n<p dir="auto">b<br>\nc</p>'],
    [
      'a script stays letters',
      '<script>alert("x")</script>',
      '<p dir="auto">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    ],
    [
      'an attribute break-out stays letters',
      '"><img src=x onerror=alert(1)>',
      '<p dir="auto">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>',
    ],
    ['quotes and ampersands', `Tom & Jerry's "shop"`, '<p dir="auto">Tom &amp; Jerry&#39;s &quot;shop&quot;</p>'],
    [
      'a link without the full stop after it',
      'See https://acme.test/orders/4711.',
      `<p dir="auto">See ${link('https://acme.test/orders/4711')}.</p>`,
    ],
    [
      'a link with a query, escaped once',
      'Track: https://acme.test/t?a=1&b=2, thanks',
      `<p dir="auto">Track: ${link('https://acme.test/t?a=1&amp;b=2')}, thanks</p>`,
    ],
    [
      'a link in brackets, and one that has its own',
      '(http://acme.test/a) and https://en.wikipedia.org/wiki/Mail_(protocol)',
      `<p dir="auto">(${link('http://acme.test/a')}) and ${link('https://en.wikipedia.org/wiki/Mail_(protocol)')}</p>`,
    ],
    [
      'a link ends at a quote or angle bracket',
      'go to "https://acme.test/a"><b>',
      `<p dir="auto">go to &quot;${link('https://acme.test/a')}&quot;&gt;&lt;b&gt;</p>`,
    ],
    ['javascript: is no link', 'javascript:alert(1)', '<p dir="auto">javascript:alert(1)</p>'],
    ['a bare scheme is no link', 'http:// and https://.', '<p dir="auto">http:// and https://.</p>'],
    ['inside a word is no link', 'xhttps://acme.test', '<p dir="auto">xhttps://acme.test</p>'],
    ['Persian text', 'سلام\nممنون', '<p dir="auto">سلام<br>\nممنون</p>'],
    ['empty', '', ''],
  ])('%s', (_name, text, html) => {
    expect(textToHtml(text)).toBe(html);
  });

  it('passes over a 2 MB line of almost-addresses in one piece', () => {
    const line = 'http://[http://['.repeat(130_000);
    expect(textToHtml(line)).toBe(`<p dir="auto">${line}</p>`);
  });
});
