import { i18next } from '../../i18n.js';
import { accountEn } from './en.js';
import { accountFa } from './fa.js';
import { accountTr } from './tr.js';

// Added to every language when a screen that needs them loads (importing this twice adds them once).
for (const [language, strings] of [
  ['en', accountEn],
  ['tr', accountTr],
  ['fa', accountFa],
] as const) {
  i18next.addResourceBundle(language, 'translation', strings, true, false);
}
