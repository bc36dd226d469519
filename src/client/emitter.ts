// A tiny typed event emitter that runs in browsers (no node:events).

/** A listener for one event's payload. */
export type Listener<T> = (payload: T) => void;

/** Typed events: `on` returns the function that removes the listener. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Listen to an event; returns a function that stops listening. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  /** Stop listening. */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.listeners.get(event)?.delete(listener as Listener<never>);
  }

  /** Call every listener of an event. A throwing listener does not stop the others or the caller's work. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        // Rethrown outside our state changes, where the host reports it as uncaught.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Forget every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
