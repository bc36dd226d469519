// A scriptable native-protocol server over TCP, for conditions a real server does not produce (going silent).
import net from 'node:net';
import { FrameDecoder, encodeFrame } from '../../src/protocol/index.js';

type Json = Record<string, unknown>;

/** One accepted connection of the fake server. */
export interface FakeConnection {
  send(message: Json): void;
  readonly received: Json[];
  readonly socket: net.Socket;
}

/** Decides how the fake server answers each message; the default answers like a real server would. */
export type Script = (message: Json, connection: FakeConnection) => void;

/** The greeting a real server sends. */
export function welcome(message: Json): Json {
  return {
    action: 'welcome',
    id: message.id,
    nick: message.username ?? 'guest-1',
    version: 1,
    server: 'fake/0',
    heartbeatMs: 30_000,
    limits: {},
  };
}

/** A TCP server on loopback, port 0, answering with a script that tests may swap at any time. */
export class FakeServer {
  readonly connections: FakeConnection[] = [];
  script: Script = () => undefined;
  private readonly server = net.createServer((socket) => this.accept(socket));
  private listeners: ((connection: FakeConnection) => void)[] = [];

  /** Start listening; resolves with the tcp:// URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `tcp://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Resolves with the next connection to arrive. */
  nextConnection(): Promise<FakeConnection> {
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  /** Close the listener and every connection. */
  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const decoder = new FrameDecoder(4, 1 << 20);
    const connection: FakeConnection = {
      socket,
      received: [],
      send: (message) => socket.write(encodeFrame(Buffer.from(JSON.stringify(message)))),
    };
    this.connections.push(connection);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk).frames) {
        const message = JSON.parse(Buffer.from(frame).toString('utf8')) as Json;
        connection.received.push(message);
        this.script(message, connection);
      }
    });
    for (const listener of this.listeners.splice(0)) listener(connection);
  }
}
