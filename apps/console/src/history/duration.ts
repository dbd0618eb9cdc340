import type { TFunction } from 'i18next';
import { localDigits } from '../time.js';

/** 12 → "12 s", 243 → "4 min 3 s", 3720 → "1 h 2 min", in the language's words and digits. */
export function durationInWords(totalSeconds: number, t: TFunction): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const text =
    s < 60
      ? t('review.seconds', { s })
      : s < 3600
        ? t('review.minutes', { m: Math.floor(s / 60), s: s % 60 })
        : t('review.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return localDigits(text);
}
