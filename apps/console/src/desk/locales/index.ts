import { i18next } from '../../i18n.js';
import { mySummaryEn } from './en.js';
import { mySummaryFa } from './fa.js';
import { mySummaryTr } from './tr.js';

// Under `mySummary.` in every language, added with the idle desk's panel (the main bundles stay as they are).
for (const [language, strings] of [
  ['en', mySummaryEn],
  ['tr', mySummaryTr],
  ['fa', mySummaryFa],
] as const) {
  i18next.addResourceBundle(language, 'translation', { mySummary: strings }, true, false);
}
