// Helpers for SDK tests: record a client's events and wait for the one a test needs.
import type { ChatClient, ChatClientEvents } from '../../src/client/index.js';

/** Every payload of one event, and a way to wait for a matching one (already seen, or still to come). */
export class Recorder<K extends keyof ChatClientEvents> {
  readonly all: ChatClientEvents[K][] = [];
  private waiters: { match: (p: ChatClientEvents[K]) => boolean; resolve: () => void }[] = [];

  constructor(client: ChatClient, event: K) {
    client.on(event, (payload) => {
      this.all.push(payload);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(payload)) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Wait until some payload matches; fails after a generous bound so that a broken test ends instead of hanging. */
  until(match: (payload: ChatClientEvents[K]) => boolean, what = 'event', boundMs = 15_000): Promise<void> {
    if (this.all.some(match)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`never saw ${what}; saw ${JSON.stringify(this.all).slice(-1500)}`));
      }, boundMs);
      this.waiters.push({
        match,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Wait until at least n payloads match. */
  untilCount(match: (payload: ChatClientEvents[K]) => boolean, n: number, what = 'events'): Promise<void> {
    return this.until(() => this.all.filter(match).length >= n, `${n} ${what}`);
  }
}

/** Record one event of a client. */
export function record<K extends keyof ChatClientEvents>(client: ChatClient, event: K): Recorder<K> {
  return new Recorder(client, event);
}
