import { i18next } from '../../i18n.js';
import { adminEn } from './en.js';
import { adminFa } from './fa.js';
import { adminTr } from './tr.js';

// Under `admin.` in every language, added when the admin chunk loads.
for (const [language, strings] of [
  ['en', adminEn],
  ['tr', adminTr],
  ['fa', adminFa],
] as const) {
  i18next.addResourceBundle(language, 'translation', { admin: strings }, true, false);
}
