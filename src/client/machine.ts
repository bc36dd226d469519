// The connection state machine: disconnected → connecting → connected, and closed at the end. Every disconnect,
// whatever caused it, goes through drop(); every reconnect waits a full-jitter backoff delay first.
import { backoffDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { ClientError, ParleyError } from './errors.js';
import type { Transport, TransportFactory, TransportOptions } from './transport-types.js';
import type { ConnectionState, DisconnectReason, StateEvent } from './types.js';
import { Watchdog } from './watchdog.js';

/** How the machine connects and retries. */
export interface MachineOptions {
  url: URL;
  transport: TransportFactory;
  transportOptions: TransportOptions;
  /** Backoff between attempts, or null never to reconnect (a lost connection closes the client). */
  reconnect: BackoffOptions | null;
  random: () => number;
  /** Watchdog interval while connecting (and after, unless the protocol layer sets another). */
  pingIntervalMs: number;
  /** How long close() waits for the server to close its side before dropping the connection. */
  closeTimeoutMs: number;
}

/** What the machine tells the protocol layer above it. */
export interface MachineHooks {
  /** The URL of the next connection attempt (the WebSocket one carries the connect); the configured one by default. */
  attemptUrl?(url: URL): URL;
  /** A transport opened: identify. */
  open(): void;
  /** One message from the server. */
  message(text: string): void;
  /** The watchdog wants a sign of life from the server. */
  ping(): void;
  /** The connection is gone (before the retry is scheduled): fail or requeue what was in flight. */
  lost(reason: DisconnectReason, error: Error | undefined): void;
  /** The state changed. */
  state(event: StateEvent): void;
}

/** One connection attempt and, if it succeeds, the connection. */
interface Link {
  transport: Transport | null;
  open: boolean;
  ended: boolean;
  /** The server announced its shutdown: the close that follows is not an accident. */
  shutdown: boolean;
  done: Promise<void>;
  markDone(): void;
}

function newLink(): Link {
  let markDone!: () => void;
  const done = new Promise<void>((resolve) => (markDone = resolve));
  return { transport: null, open: false, ended: false, shutdown: false, done, markDone };
}

/** The state machine of one client. */
export class ConnectionMachine {
  private current: ConnectionState = 'disconnected';
  private link: Link | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closing: Promise<void> | undefined;
  private readonly watchdog: Watchdog;

  constructor(
    private readonly options: MachineOptions,
    private readonly hooks: MachineHooks,
  ) {
    this.watchdog = new Watchdog(
      () => {
        if (this.link?.open) hooks.ping();
      },
      () => this.drop('ping_timeout', new Error('the server did not answer in time')),
    );
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.current;
  }

  /** Whether a retry is waiting for its delay. */
  get waiting(): boolean {
    return this.retryTimer !== undefined;
  }

  /** Begin connecting, unless already under way. */
  start(): void {
    if (this.current === 'disconnected' && !this.waiting) this.attemptNow();
  }

  /** Skip the backoff delay and try now (when disconnected). */
  reconnectNow(): void {
    if (this.current !== 'disconnected') return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.attemptNow();
  }

  /** Send one JSON text on the open connection; false when there is none. */
  send(text: string): boolean {
    const link = this.link;
    if (!link?.open || !link.transport) return false;
    link.transport.send(text);
    return true;
  }

  /** The protocol layer is identified: connected. Attempts start again from the first delay. */
  connected(event: Extract<StateEvent, { state: 'connected' }>, pingIntervalMs: number): void {
    if (this.current !== 'connecting') return;
    this.attempt = 0;
    this.watchdog.start(pingIntervalMs);
    this.setState(event);
  }

  /** The server announced its shutdown. */
  shutdownAnnounced(): void {
    if (this.link) this.link.shutdown = true;
  }

  /** The one path for every disconnect: forget the connection, tell the layer above, retry after a delay. */
  drop(reason: DisconnectReason, error?: Error): void {
    if (this.current === 'closed' || this.current === 'disconnected') return;
    const link = this.link;
    this.link = null;
    this.watchdog.stop();
    if (link && !link.ended) link.transport?.destroy();
    this.hooks.lost(reason, error);
    if (!this.options.reconnect) {
      const why = error instanceof ParleyError ? error : undefined;
      void this.close(
        undefined,
        why ?? new ClientError('connection_lost', 'the connection to the server was lost', { cause: error }),
      );
      return;
    }
    const delay = backoffDelay(this.attempt, this.options.reconnect, this.options.random);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.attemptNow();
    }, delay);
    this.setState({
      state: 'disconnected',
      reason,
      ...(error ? { error } : {}),
      retryInMs: delay,
      retryAt: Date.now() + delay,
      attempt: this.attempt,
    });
  }

  /** End everything: say goodbye if connected, close the transport, stop every timer. Resolves when all is closed. */
  close(goodbye?: string, error?: ParleyError): Promise<void> {
    if (this.closing) return this.closing;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.watchdog.stop();
    const link = this.link;
    this.link = null;
    this.setState(error ? { state: 'closed', error } : { state: 'closed' });
    this.closing = link ? this.closeLink(link, goodbye) : Promise.resolve();
    return this.closing;
  }

  private async closeLink(link: Link, goodbye: string | undefined): Promise<void> {
    if (link.ended) return;
    if (link.open && link.transport) {
      if (goodbye !== undefined) link.transport.send(goodbye);
      link.transport.close();
    } else {
      link.transport?.destroy(); // still connecting: nothing to say; a pending factory destroys on arrival
    }
    const timer = setTimeout(() => link.transport?.destroy(), this.options.closeTimeoutMs);
    await link.done;
    clearTimeout(timer);
  }

  private attemptNow(): void {
    const link = newLink();
    this.link = link;
    this.setState({ state: 'connecting', attempt: this.attempt });
    this.watchdog.start(this.options.pingIntervalMs);
    const handlers = {
      open: () => {
        if (this.link !== link) return;
        link.open = true;
        if (link.transport) this.hooks.open(); // else once the factory has handed the transport over
      },
      message: (text: string) => {
        if (this.link !== link) return;
        this.watchdog.seen();
        this.hooks.message(text);
      },
      closed: (error?: Error) => {
        if (link.ended) return;
        link.ended = true;
        link.markDone();
        if (this.link !== link) return;
        this.drop(link.shutdown ? 'server_shutdown' : error ? 'transport_error' : 'server_closed', error);
      },
    };
    let opened: Transport | Promise<Transport>;
    try {
      const url = this.hooks.attemptUrl ? this.hooks.attemptUrl(this.options.url) : this.options.url;
      opened = this.options.transport(url, handlers, this.options.transportOptions);
    } catch (error) {
      handlers.closed(asError(error));
      return;
    }
    Promise.resolve(opened).then(
      (transport) => {
        link.transport = transport;
        if (this.link !== link) {
          if (!link.ended) transport.destroy();
        } else if (link.open) {
          this.hooks.open();
        }
      },
      (error: unknown) => handlers.closed(asError(error)),
    );
  }

  private setState(event: StateEvent): void {
    this.current = event.state;
    this.hooks.state(event);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
