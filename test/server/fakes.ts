// Typed fakes for unit tests of the server core: a connection that records what it is sent, a JSON dialect
// without framing, and the narrow host a session reports to. A real Session runs on them, with no socket.
import type { ClientMessage, QuitReason, ServerMessage } from '../../src/protocol/index.js';
import type { Dialect } from '../../src/server/dialects/dialect.js';
import { Session } from '../../src/server/session.js';
import type { SessionHost } from '../../src/server/session.js';
import type { RequestOutcome } from '../../src/server/request.js';
import { Stats } from '../../src/server/stats.js';
import type { Connection, ConnectionHandler } from '../../src/server/transports/connection.js';

/** A connection that keeps what it is sent (as parsed JSON) and how it was probed and closed. */
export class FakeConnection implements Connection {
  readonly transport = 'tcp' as const;
  readonly remoteAddress = 'test:1';
  /** What the test says is still unread by the peer. */
  bufferedBytes = 0;
  /** What probe() answers: whether the transport has a ping of its own. */
  canProbe = true;
  probes = 0;
  closed = false;
  destroyed = false;
  handler: ConnectionHandler | null = null;
  readonly sent: ServerMessage[] = [];

  start(handler: ConnectionHandler): void {
    this.handler = handler;
  }

  send(bytes: Uint8Array): void {
    this.sent.push(JSON.parse(Buffer.from(bytes).toString('utf8')) as ServerMessage);
  }

  close(): void {
    this.closed = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  probe(): boolean {
    if (this.canProbe) this.probes++;
    return this.canProbe;
  }

  /** The actions sent, in order. */
  actions(): string[] {
    return this.sent.map((message) => message.action);
  }
}

/** A dialect whose wire form is a message's JSON text, unframed; answersPing as asked. */
export function jsonDialect(answersPing = true): Dialect {
  return {
    name: 'json/test',
    answersPing,
    encode: (message: ServerMessage) => Buffer.from(JSON.stringify(message), 'utf8'),
    attach: () => ({ receive: () => undefined }),
  };
}

/** The host a session reports to: keeps the reasons sessions ended for. */
export class FakeHost implements SessionHost {
  readonly stats = new Stats();
  readonly config = {
    rate: { perSecond: 0, burst: 0 },
    joinRate: { perSecond: 0, burst: 0 },
    changeRate: { perSecond: 0, burst: 0 },
  };
  readonly ended: QuitReason[] = [];

  /** Requests the session made, in order; none is run (the command table has tests of its own). */
  readonly dispatched: ClientMessage[] = [];

  sessionEnded(_session: Session, reason: QuitReason): void {
    this.ended.push(reason);
  }

  dispatch(_session: Session, message: ClientMessage): RequestOutcome {
    this.dispatched.push(message);
    return 'done';
  }
}

/** A started session on a fake connection, identified as `nick` unless that is null. */
export function fakeSession(
  nick: string | null = 'alice',
  dialect: Dialect = jsonDialect(),
): { session: Session; connection: FakeConnection; host: FakeHost } {
  const connection = new FakeConnection();
  const host = new FakeHost();
  const session = new Session(connection, dialect, host);
  session.start();
  if (nick !== null) session.identifyAs(nick, nick.toLowerCase());
  return { session, connection, host };
}
