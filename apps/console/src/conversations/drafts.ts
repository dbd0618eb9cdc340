import { useCallback, useState } from 'react';

/** A draft per key in localStorage: it survives a reload, a reconnect and a crash of the tab. */
export function useDraft(key: string): [string, (v: string) => void] {
  const storageKey = `switchboard.draft.${key}`;
  const [state, setState] = useState(() => ({ key: storageKey, value: localStorage.getItem(storageKey) ?? '' }));
  // Another key (another ticket) reads its own draft at once, never the last one's.
  const value = state.key === storageKey ? state.value : (localStorage.getItem(storageKey) ?? '');
  const set = useCallback(
    (next: string) => {
      setState({ key: storageKey, value: next });
      if (next) localStorage.setItem(storageKey, next);
      else localStorage.removeItem(storageKey);
    },
    [storageKey],
  );
  return [value, set];
}

/** Whether a draft is kept under `key` now (read at the moment asked: another component may have just sent it). */
export function hasDraft(key: string): boolean {
  return (localStorage.getItem(`switchboard.draft.${key}`) ?? '').trim() !== '';
}
