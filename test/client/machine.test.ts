// The connection machine alone, on a fake transport the test drives: its states, the one disconnect path, the
// backoff between attempts, and close(). No sockets; timers are faked so that the delays are exact.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientError } from '../../src/client/errors.js';
import { ConnectionMachine } from '../../src/client/machine.js';
import type { MachineHooks, MachineOptions } from '../../src/client/machine.js';
import type {
  Transport,
  TransportFactory,
  TransportHandlers,
  TransportOptions,
} from '../../src/client/transport-types.js';
import type { DisconnectReason, StateEvent } from '../../src/client/types.js';

/** One connection attempt as the machine opened it; the test plays the server's side through `handlers`. */
class FakeTransport implements Transport {
  readonly sent: string[] = [];
  closeCalls = 0;
  destroyCalls = 0;

  constructor(
    readonly url: URL,
    readonly handlers: TransportHandlers,
  ) {}

  send(text: string): void {
    this.sent.push(text);
  }

  close(): void {
    this.closeCalls++;
  }

  destroy(): void {
    this.destroyCalls++;
  }
}

/** A transport factory that keeps every transport it opened, or fails when told to. */
class FakeFactory {
  readonly opened: FakeTransport[] = [];
  readonly options: TransportOptions[] = [];
  /** The next attempt throws this instead of opening. */
  failNext: Error | undefined;

  readonly open: TransportFactory = (url, handlers, options) => {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) return Promise.reject(failure);
    const transport = new FakeTransport(url, handlers);
    this.opened.push(transport);
    this.options.push(options);
    return transport;
  };

  /** The transport of the latest attempt. */
  get last(): FakeTransport {
    const transport = this.opened[this.opened.length - 1];
    if (!transport) throw new Error('no attempt was made');
    return transport;
  }
}

/** Hooks that record what the machine tells the layer above. */
class Recorder implements MachineHooks {
  readonly states: StateEvent[] = [];
  readonly losses: [DisconnectReason, Error | undefined][] = [];
  readonly messages: string[] = [];
  opens = 0;
  pings = 0;
  /** Set by a test to choose each attempt's URL. */
  attemptUrl?: (url: URL) => URL;

  open(): void {
    this.opens++;
  }
  message(text: string): void {
    this.messages.push(text);
  }
  ping(): void {
    this.pings++;
  }
  lost(reason: DisconnectReason, error: Error | undefined): void {
    this.losses.push([reason, error]);
  }
  state(event: StateEvent): void {
    this.states.push(event);
  }
  /** The names of the states passed through, in order. */
  names(): string[] {
    return this.states.map((event) => event.state);
  }
}

const URL_ = new URL('ws://chat.test/ws');
const connectedEvent = {
  state: 'connected',
  nick: 'amy',
  server: 'parley test',
  reconnected: false,
} as const;

/** Close the machine, and end its transports as a server would, so that close() can resolve. */
async function finish(m: ConnectionMachine, factory: FakeFactory): Promise<void> {
  const closing = m.close();
  for (const transport of factory.opened) transport.handlers.closed();
  await closing;
}

/** Let the promise the machine wraps each factory result in settle. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('ConnectionMachine', () => {
  let factory: FakeFactory;
  let recorder: Recorder;

  function machine(overrides: Partial<MachineOptions> = {}): ConnectionMachine {
    const options: MachineOptions = {
      url: URL_,
      transport: factory.open,
      transportOptions: { maxFrameBytes: 4096 },
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      random: () => 0.5,
      pingIntervalMs: 60_000,
      closeTimeoutMs: 500,
      ...overrides,
    };
    return new ConnectionMachine(options, recorder);
  }

  /** A machine connected on its first transport. */
  async function connectedMachine(overrides: Partial<MachineOptions> = {}): Promise<ConnectionMachine> {
    const m = machine(overrides);
    m.start();
    await settle();
    factory.last.handlers.open();
    m.connected(connectedEvent, 60_000);
    return m;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    factory = new FakeFactory();
    recorder = new Recorder();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes disconnected -> connecting -> connected, and sends only once the transport is open', async () => {
    const m = machine();
    expect(m.state).toBe('disconnected');
    m.start();
    expect(m.state).toBe('connecting');
    expect(recorder.states).toEqual([{ state: 'connecting', attempt: 0 }]);
    await settle();
    expect(factory.opened).toHaveLength(1);
    expect(factory.last.url.href).toBe(URL_.href);
    expect(factory.options[0]).toEqual({ maxFrameBytes: 4096 });
    expect(m.send('early')).toBe(false);

    factory.last.handlers.open();
    expect(recorder.opens).toBe(1);
    expect(m.send('{"action":"connect"}')).toBe(true);
    expect(factory.last.sent).toEqual(['{"action":"connect"}']);
    factory.last.handlers.message('{"action":"welcome"}');
    expect(recorder.messages).toEqual(['{"action":"welcome"}']);

    m.connected(connectedEvent, 60_000);
    expect(m.state).toBe('connected');
    expect(recorder.names()).toEqual(['connecting', 'connected']);
    m.start(); // already under way: nothing new
    await settle();
    expect(factory.opened).toHaveLength(1);
    await finish(m, factory);
  });

  it('tells the layer above once the factory hands the transport over, when it opened before that', async () => {
    let hand: ((transport: Transport) => void) | undefined;
    let opened: FakeTransport | undefined;
    const slow: TransportFactory = (url, handlers) =>
      new Promise<Transport>((resolve) => {
        opened = new FakeTransport(url, handlers);
        hand = resolve;
      });
    const m = machine({ transport: slow });
    m.start();
    opened!.handlers.open(); // the socket is up, the factory has not returned yet
    expect(recorder.opens).toBe(0);
    expect(m.send('x')).toBe(false);
    hand!(opened!);
    await settle();
    expect(recorder.opens).toBe(1);
    expect(m.send('x')).toBe(true);
    expect(opened!.sent).toEqual(['x']);
    const closing = m.close();
    opened!.handlers.closed();
    await closing;
  });

  it('asks the attemptUrl hook for the URL of every attempt', async () => {
    let attempts = 0;
    recorder.attemptUrl = (url) => new URL(`?attempt=${++attempts}`, url);
    const m = machine();
    m.start();
    await settle();
    factory.last.handlers.closed(new Error('refused'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(factory.opened.map((t) => t.url.search)).toEqual(['?attempt=1', '?attempt=2']);
    await finish(m, factory);
  });

  it('drops a lost connection through one path: lost(), then disconnected with the delay of the next attempt', async () => {
    const m = await connectedMachine();
    const first = factory.last;
    const error = new Error('reset');
    vi.setSystemTime(10_000);
    first.handlers.closed(error);
    expect(recorder.losses).toEqual([['transport_error', error]]);
    expect(recorder.states.at(-1)).toEqual({
      state: 'disconnected',
      reason: 'transport_error',
      error,
      retryInMs: 50, // random 0.5 of the first window, 100 ms
      retryAt: 10_050,
      attempt: 1,
    });
    expect(m.state).toBe('disconnected');
    expect(m.waiting).toBe(true);
    expect(m.send('lost')).toBe(false);
    expect(first.destroyCalls).toBe(0); // it ended by itself: nothing to destroy

    first.handlers.closed(); // a transport reports its end once; a second report changes nothing
    first.handlers.message('late'); // nor does a message from a transport the machine let go
    expect(recorder.losses).toHaveLength(1);
    expect(recorder.messages).toEqual([]);

    await vi.advanceTimersByTimeAsync(49);
    expect(factory.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(factory.opened).toHaveLength(2);
    expect(recorder.states.at(-1)).toEqual({ state: 'connecting', attempt: 1 });
    await finish(m, factory);
  });

  it('names why a connection ended: the server closed it, or announced its shutdown first', async () => {
    const m = await connectedMachine();
    factory.last.handlers.closed();
    expect(recorder.losses.map(([reason]) => reason)).toEqual(['server_closed']);
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    factory.last.handlers.open();
    m.connected(connectedEvent, 60_000);
    m.shutdownAnnounced();
    factory.last.handlers.closed();
    expect(recorder.losses.map(([reason]) => reason)).toEqual(['server_closed', 'server_shutdown']);
    await finish(m, factory);
  });

  it('doubles the backoff window with each failed attempt up to the cap, and starts over once connected', async () => {
    const m = machine();
    m.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await settle();
      factory.last.handlers.closed(new Error('refused'));
      const event = recorder.states.at(-1)!;
      if (event.state !== 'disconnected') throw new Error(`expected disconnected, got ${event.state}`);
      delays.push(event.retryInMs);
      await vi.advanceTimersByTimeAsync(event.retryInMs);
    }
    // Windows 100, 200, 400, 800, then the 1000 cap; random() is 0.5 of each.
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
    expect(recorder.states.filter((e) => e.state === 'connecting').map((e) => e.attempt)).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);

    await settle();
    factory.last.handlers.open();
    m.connected(connectedEvent, 60_000);
    factory.last.handlers.closed(new Error('reset'));
    const after = recorder.states.at(-1)!;
    expect(after).toMatchObject({ state: 'disconnected', retryInMs: 50, attempt: 1 });
    await finish(m, factory);
  });

  it('reconnectNow() skips the delay', async () => {
    const m = await connectedMachine({ reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    factory.last.handlers.closed(new Error('reset'));
    expect(m.waiting).toBe(true);
    m.reconnectNow();
    expect(m.waiting).toBe(false);
    expect(m.state).toBe('connecting');
    await settle();
    expect(factory.opened).toHaveLength(2);
    await finish(m, factory);
  });

  it('treats a factory that fails as a transport error, and retries', async () => {
    factory.failNext = new Error('ENOTFOUND chat.test');
    const m = machine();
    m.start();
    await settle();
    expect(recorder.losses).toEqual([['transport_error', new Error('ENOTFOUND chat.test')]]);
    expect(m.state).toBe('disconnected');
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect(factory.opened).toHaveLength(1);
    await finish(m, factory);
  });

  it('without reconnect, a lost connection closes the machine with connection_lost', async () => {
    const m = await connectedMachine({ reconnect: null });
    factory.last.handlers.closed(new Error('reset'));
    expect(m.state).toBe('closed');
    const closed = recorder.states.at(-1)!;
    expect(closed.state).toBe('closed');
    expect(closed.state === 'closed' && closed.error).toBeInstanceOf(ClientError);
    expect(closed.state === 'closed' && closed.error?.code).toBe('connection_lost');
    expect(m.waiting).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(factory.opened).toHaveLength(1);
  });

  it('a silent server is pinged, then dropped with ping_timeout', async () => {
    const m = await connectedMachine();
    m.connected(connectedEvent, 60_000); // connected twice is ignored
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recorder.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recorder.losses.map(([reason]) => reason)).toEqual(['ping_timeout']);
    expect(factory.opened[0]!.destroyCalls).toBe(1); // still open on our side: the machine drops it
    await finish(m, factory);
  });

  it('close() says goodbye, closes the transport and resolves once the transport has ended', async () => {
    const m = await connectedMachine();
    const transport = factory.last;
    let resolved = false;
    const closing = m.close('{"action":"quit"}').then(() => (resolved = true));
    expect(m.state).toBe('closed');
    expect(transport.sent.at(-1)).toBe('{"action":"quit"}');
    expect(transport.closeCalls).toBe(1);
    await settle();
    expect(resolved).toBe(false);
    transport.handlers.closed();
    await closing;
    expect(recorder.losses).toEqual([]); // an asked-for close is not a loss
    expect(m.close()).toBe(m.close()); // one close, however often asked
    expect(transport.destroyCalls).toBe(0);
  });

  it('close() drops a transport that does not end within the close timeout', async () => {
    const m = await connectedMachine();
    const transport = factory.last;
    const closing = m.close();
    await vi.advanceTimersByTimeAsync(500);
    expect(transport.destroyCalls).toBe(1);
    transport.handlers.closed(); // what a destroyed transport reports
    await closing;
  });

  it('close() while waiting to retry cancels the retry', async () => {
    const m = await connectedMachine();
    factory.last.handlers.closed(new Error('reset'));
    await finish(m, factory);
    expect(m.state).toBe('closed');
    expect(m.waiting).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(factory.opened).toHaveLength(1);
    m.start();
    m.drop('reconnect');
    expect(m.state).toBe('closed');
    expect(factory.opened).toHaveLength(1);
  });
});
