import { useEffect, useState } from 'react';
import { i18next } from './i18n.js';

const DIGITS = new Map<string, string[]>();

/** Latin digits as the language writes them (Persian digits in fa), for text built by hand. */
export function localDigits(text: string, language: string = i18next.language): string {
  let digits = DIGITS.get(language);
  if (!digits) {
    const format = new Intl.NumberFormat(language, { useGrouping: false });
    digits = Array.from({ length: 10 }, (_, d) => format.format(d));
    DIGITS.set(language, digits);
  }
  return digits[0] === '0' ? text : text.replace(/[0-9]/g, (d) => digits[Number(d)]!);
}

/** The current time, re-rendering every `everyMs` (countdowns, time in state, data age). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** 75 → "1:15", 3700 → "1:01:40" (۱:۱۵ in Persian). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return localDigits(h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`);
}

export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}
