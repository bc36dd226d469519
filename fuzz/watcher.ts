// A well-behaved native client that keeps chatting in the watched room while the fuzzers run: each of its
// messages must be acknowledged within a bound, or the server is starving it (a stall, reported as a failure).
import net from 'node:net';
import WebSocket from 'ws';
import type { Ports } from './transport.js';

/** The room the watchers chat in (the seeds flood it too). */
export const WATCH_ROOM = 'watch';
/** Gap between a watcher's acknowledged message and its next: about ten a second, under the default rate. */
const GAP_MS = 100;

/**
 * Watchers connect from 127.0.0.2 where the system allows it (Linux routes all of 127/8 to loopback), so that the
 * per-address limit the fuzzers fill from 127.0.0.1 does not count them.
 */
const WATCHER_ADDRESS = '127.0.0.2';

let watchers = 0;

/** A chatting client over native TCP or WebSocket. */
export class Watcher {
  /** Resolves with a description when the watcher is not served within the bound, or is cut off. */
  readonly failed: Promise<string>;
  acks = 0;
  maxLatencyMs = 0;
  private fail!: (why: string) => void;
  private stopped = false;
  private tick = 0;
  private sentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private sendText: (json: string) => void = () => {};
  private close: () => void = () => {};
  private readonly nick = `watcher${process.pid % 1000}x${++watchers}`;
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly kind: 'tcp' | 'ws',
    private readonly ports: Ports,
    private readonly boundMs: number,
  ) {
    this.failed = new Promise((resolve) => (this.fail = resolve));
  }

  /** Connect, join the room, and start chatting; resolves once joined. */
  async start(): Promise<void> {
    const joined = new Promise<void>((resolve, reject) => {
      this.expect('connect', reject);
      const onMessage = (message: Record<string, unknown>): void => {
        if (message.action === 'ping') this.sendText('{"action":"pong"}');
        else if (message.action === 'welcome') {
          this.expect('join', reject);
          this.sendText(JSON.stringify({ action: 'joinroom', room: WATCH_ROOM, id: 'join' }));
        } else if (message.id === 'join' && message.action === 'ok') {
          resolve();
          this.next();
        } else if (message.id === `t${this.tick}`) this.acknowledged(message);
      };
      const onClose = (): void => {
        reject(new Error(`watcher (${this.kind}) could not connect`));
        if (!this.stopped) this.fail(`the ${this.kind} watcher was disconnected by the server`);
      };
      if (this.kind === 'tcp') this.openTcp(onMessage, onClose);
      else this.openWs(onMessage, onClose);
    });
    await joined;
  }

  /** Resolves once the watcher has had `count` more messages acknowledged (or rejects after the bound). */
  served(count = 2): Promise<void> {
    const target = this.acks + count;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.kind} watcher not served`)),
        this.boundMs * count,
      );
      const check = (): void => {
        if (this.acks >= target) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Stop chatting and disconnect. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.close();
  }

  private expect(what: string, reject: (error: Error) => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => reject(new Error(`watcher (${this.kind}): no answer to ${what}`)),
      this.boundMs,
    );
  }

  private next(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.tick++;
    this.sentAt = performance.now();
    this.sendText(
      JSON.stringify({ action: 'chat', room: WATCH_ROOM, message: `tick ${this.tick}`, id: `t${this.tick}` }),
    );
    this.timer = setTimeout(() => {
      if (!this.stopped)
        this.fail(
          `the ${this.kind} watcher's message ${this.tick} was not acknowledged within ${this.boundMs} ms`,
        );
    }, this.boundMs);
  }

  private acknowledged(message: Record<string, unknown>): void {
    clearTimeout(this.timer);
    if (message.action !== 'chat') {
      this.fail(`the ${this.kind} watcher's message was refused: ${JSON.stringify(message)}`);
      return;
    }
    this.acks++;
    this.maxLatencyMs = Math.max(this.maxLatencyMs, performance.now() - this.sentAt);
    for (const waiter of this.waiters.splice(0)) waiter();
    this.timer = setTimeout(() => this.next(), GAP_MS);
  }

  private openTcp(onMessage: (m: Record<string, unknown>) => void, onClose: () => void): void {
    const socket = net.connect({ host: this.ports.host, port: this.ports.tcp, localAddress: localAddress() });
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      while (buffer.length >= 4) {
        const length = buffer.readUInt32LE(0);
        if (buffer.length < 4 + length) break;
        const body = buffer.subarray(4, 4 + length).toString();
        buffer = buffer.subarray(4 + length);
        onMessage(JSON.parse(body) as Record<string, unknown>);
      }
    });
    socket.on('error', () => {});
    socket.on('close', onClose);
    socket.on('connect', () =>
      this.sendText(JSON.stringify({ action: 'connect', username: this.nick, id: 'c' })),
    );
    this.sendText = (json) => {
      const body = Buffer.from(json);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(body.length);
      socket.write(Buffer.concat([head, body]));
    };
    this.close = () => socket.destroy();
  }

  private openWs(onMessage: (m: Record<string, unknown>) => void, onClose: () => void): void {
    const ws = new WebSocket(`ws://${this.ports.host}:${this.ports.http}/ws`, {
      localAddress: localAddress(),
      perMessageDeflate: false,
    });
    ws.on('message', (data) => onMessage(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.on('error', () => {});
    ws.on('close', onClose);
    ws.on('open', () => this.sendText(JSON.stringify({ action: 'connect', username: this.nick, id: 'c' })));
    this.sendText = (json) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(json);
    };
    this.close = () => ws.terminate();
  }
}

let secondLoopback: boolean | null = null;

/** 127.0.0.2 when this system can bind it, else the default. */
function localAddress(): string | undefined {
  return secondLoopback === false ? undefined : WATCHER_ADDRESS;
}

/** Find out once whether 127.0.0.2 can be bound (Linux: yes; macOS: only with an alias). */
export async function probeLoopback(): Promise<void> {
  if (secondLoopback !== null) return;
  secondLoopback = await new Promise<boolean>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      const socket = net.connect({ host: '127.0.0.1', port, localAddress: WATCHER_ADDRESS });
      socket.on('connect', () => {
        socket.destroy();
        server.close();
        resolve(true);
      });
      socket.on('error', () => {
        server.close();
        resolve(false);
      });
    });
  });
}
