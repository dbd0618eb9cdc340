import { i18next } from '../../i18n.js';
import { reviewEn } from './en.js';
import { reviewFa } from './fa.js';
import { timelineEn } from './timeline-en.js';
import { timelineFa } from './timeline-fa.js';
import { timelineTr } from './timeline-tr.js';
import { reviewTr } from './tr.js';

// Added to every language when a screen that needs them loads (importing this twice adds them once).
for (const [language, strings] of [
  ['en', { ...reviewEn, ...timelineEn }],
  ['tr', { ...reviewTr, ...timelineTr }],
  ['fa', { ...reviewFa, ...timelineFa }],
] as const) {
  i18next.addResourceBundle(language, 'translation', strings, true, false);
}
