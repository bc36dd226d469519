// Typed fakes for driving the hub and its command table without sockets (the connection is ../fakes.ts's):
// a JSON dialect, and sessions that record which rate buckets they spend.
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { ClientMessage, ServerMessage } from '../../../src/protocol/index.js';
import { buildConfig } from '../../../src/server/config.js';
import type { ServerOptions } from '../../../src/server/config.js';
import type { Dialect } from '../../../src/server/dialects/dialect.js';
import { Hub } from '../../../src/server/hub.js';
import { localSeams } from '../../../src/server/seams/local.js';
import type { RequestOptions, RequestOutcome } from '../../../src/server/request.js';
import { Session } from '../../../src/server/session.js';
import type { RateKind } from '../../../src/server/session.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { FakeConnection } from '../fakes.js';
import type { Store } from '../../../src/store/types.js';

/** A dialect whose wire form is a message's JSON text, with history replayed after a join (as native's). */
export const jsonDialect: Dialect = {
  name: 'json',
  answersPing: true,
  replaysHistory: true,
  encode: (message) => Buffer.from(JSON.stringify(message)),
  frameJson: (json) => Buffer.from(json),
  attach: () => ({ receive: () => undefined }),
};

/** A session that records each rate token it is asked for. */
export class CountingSession extends Session {
  readonly spent: RateKind[] = [];

  override allow(kind: RateKind): boolean {
    this.spent.push(kind);
    return super.allow(kind);
  }
}

/** One client of the hub: its session, what it was sent, and a way to send requests. */
export class FakeClient {
  readonly connection = new FakeConnection();
  readonly session: CountingSession;

  constructor(readonly hub: Hub) {
    this.session = new CountingSession(this.connection, jsonDialect, hub);
    hub.open(this.session);
  }

  /** Run a request through the hub's door. */
  request(message: ClientMessage, options?: RequestOptions): RequestOutcome {
    return this.hub.dispatch(this.session, message, options);
  }

  /** Everything sent so far, forgotten once read. */
  take(): ServerMessage[] {
    return this.connection.sent.splice(0);
  }

  /** The last message sent. */
  get last(): ServerMessage | undefined {
    return this.connection.sent[this.connection.sent.length - 1];
  }
}

/** Log lines written at error level, parsed. */
export interface LogRecord {
  msg: string;
  action?: string;
  err?: { message: string };
}

/** A hub over a memory store (or the one given) whose error log lines are kept. */
export function makeHub(
  options: ServerOptions = {},
  store: Store = new MemoryStore(),
): { hub: Hub; errors: LogRecord[] } {
  const errors: LogRecord[] = [];
  const log: Logger = pino(
    { level: 'error' },
    { write: (line: string) => errors.push(JSON.parse(line) as LogRecord) },
  );
  const config = buildConfig({ store: 'memory', logLevel: 'silent', logFormat: 'json' }, options);
  return { hub: new Hub(config, store, log, localSeams), errors };
}

/** Wait until the promises and the I/O callbacks queued so far have run (a store's append, a replay's page). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
