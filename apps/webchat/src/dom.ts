import { messageParts } from '@switchboard/domain';

type Child = Node | string | null | undefined | false;

/** A tiny element builder: attributes as strings (or event handlers), children as nodes or text. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((event: Event) => void) | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * A message's text as nodes (libs/domain's messageParts): text nodes, and links that open apart
 * from this page (no referrer, no opener). Nothing in a message is read as markup.
 */
export function linkify(text: string): Node[] {
  return messageParts(text).map((part) =>
    'href' in part
      ? h('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, part.text)
      : document.createTextNode(part.text),
  );
}
