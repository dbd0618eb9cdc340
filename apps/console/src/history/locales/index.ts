import { i18next } from '../../i18n.js';
import { reviewEn } from './en.js';
import { reviewFa } from './fa.js';
import { reviewTr } from './tr.js';

// Added to every language when a screen that needs them loads (importing this twice adds them once).
for (const [language, strings] of [
  ['en', reviewEn],
  ['tr', reviewTr],
  ['fa', reviewFa],
] as const) {
  i18next.addResourceBundle(language, 'translation', strings, true, false);
}
