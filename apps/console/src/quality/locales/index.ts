import { i18next } from '../../i18n.js';
import { qualityEn } from './en.js';
import { qualityFa } from './fa.js';
import { qualityTr } from './tr.js';

// Under `quality.` in every language, added when the quality chunk loads.
for (const [language, strings] of [
  ['en', qualityEn],
  ['tr', qualityTr],
  ['fa', qualityFa],
] as const) {
  i18next.addResourceBundle(language, 'translation', { quality: strings }, true, false);
}
