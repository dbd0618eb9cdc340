export * from './quoted-history.js';
export * from './automatic-mail.js';
export * from './reply-address.js';
export * from './mail-language.js';
export * from './text-to-html.js';
export * from './templates.js';
export * from './reply-subject.js';
