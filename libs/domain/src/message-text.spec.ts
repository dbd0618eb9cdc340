import { messageParts } from './message-text.js';

describe('messageParts: plain text with safe links', () => {
  it.each([
    ['no links at all', 'Hello there', [{ text: 'Hello there' }]],
    [
      'a link in a sentence, without its full stop',
      'See https://shop.example/orders/4711. Thanks',
      [
        { text: 'See ' },
        { text: 'https://shop.example/orders/4711', href: 'https://shop.example/orders/4711' },
        { text: '. Thanks' },
      ],
    ],
    [
      'two links and a bracket',
      '(http://a.example) and https://b.example/x?y=1',
      [
        { text: '(' },
        { text: 'http://a.example', href: 'http://a.example/' },
        { text: ') and ' },
        { text: 'https://b.example/x?y=1', href: 'https://b.example/x?y=1' },
      ],
    ],
    ['markup stays text', '<b>hi</b><script>x()</script>', [{ text: '<b>hi</b><script>x()</script>' }]],
    ['javascript: is no link', 'javascript:alert(1)', [{ text: 'javascript:alert(1)' }]],
    ['data: is no link', 'data:text/html,<script>x</script>', [{ text: 'data:text/html,<script>x</script>' }]],
    [
      'a quote ends the address',
      'go to "https://x.example/a" now',
      [{ text: 'go to "' }, { text: 'https://x.example/a', href: 'https://x.example/a' }, { text: '" now' }],
    ],
    ['empty', '', []],
  ])('%s', (_name, text, expected) => {
    expect(messageParts(text)).toEqual(expected);
    // Nothing is lost or added: the runs put together are the message.
    expect(
      messageParts(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});
