// Re-render a component whenever the chat state changes.
import { useEffect, useReducer } from 'preact/hooks';
import type { ConversationStore } from './chat/store.js';

/** Subscribe the calling component to a store for as long as it is mounted. */
export function useStore(store: ConversationStore): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => store.subscribe(() => bump(undefined)), [store]);
}

/** The current time, ticking every second while `active`: for countdowns. */
export function useNow(active: boolean): number {
  const [now, setNow] = useReducer((_: number, next: number) => next, Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
