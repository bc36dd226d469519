// One connected user: its connection, dialect, identity, joined rooms, liveness and outbound limits.
import type { ClientMessage, ErrorCode, QuitReason, RequestId, ServerMessage } from '../protocol/index.js';
import { ERROR_CODES, withId } from '../protocol/index.js';
import type { RateConfig } from './config.js';
import type { Dialect, DialectHost, DialectSession } from './dialects/dialect.js';
import { Outbound, encodeFor } from './outbound.js';
import type { SweepTimings } from './liveness.js';
import type { RequestOptions, RequestOutcome } from './request.js';
import type { CloseInfo, Connection, ConnectionHandler } from './transports/connection.js';
import type { Stats } from './stats.js';
import { TokenBucket } from './token-bucket.js';

/** What a session's rate limits count: messages, joins and leaves, nick and topic changes. */
export type RateKind = 'chat' | 'join' | 'change';

/** What a session needs from the hub; kept narrow so that sessions can be tested alone. */
export interface SessionHost {
  readonly stats: Stats;
  /** The rates a session's buckets fill at. */
  readonly config: {
    readonly rate: RateConfig;
    readonly joinRate: RateConfig;
    readonly changeRate: RateConfig;
  };
  /** The session's connection is gone (or must go) for this reason. */
  sessionEnded(session: Session, reason: QuitReason): void;
  /** Run a client message as this session through the command table. */
  dispatch(session: Session, message: ClientMessage, options?: RequestOptions): RequestOutcome;
}

/**
 * What a session keeps of a history replay in progress for one room (replay.ts's LiveHold): the room's live
 * events pass through it, to be held back until the replay ends.
 */
export interface ReplayHold {
  /** Whether the replay is still running (events are held rather than filtered). */
  readonly holding: boolean;
  /** Settles when the hold is released or aborted. */
  readonly finished: Promise<void>;
  /** A broadcast for the room: true when it is held or dropped as replayed, false when it is delivered now. */
  takes(out: Outbound): boolean;
  /** The session's own copy of its message: true when it is held behind the replay. */
  takesOwn(message: ServerMessage): boolean;
  /** Forget the hold and what it held. */
  abort(): void;
}

let nextSessionId = 1;

/** One connected user. */
export class Session implements ConnectionHandler, DialectHost {
  readonly id = nextSessionId++;
  private readonly openedAt = Date.now();
  private currentNick: string | null = null;
  private currentNickKey: string | null = null;
  /** Set by any inbound traffic; the next liveness tick reads and clears it. */
  private seen = true;
  /** Liveness ticks in a row without traffic. */
  private idleTicks = 0;
  /** One token bucket per kind of action, made on first use so that idle connections carry none. */
  private buckets: Partial<Record<RateKind, TokenBucket>> | null = null;
  /** History requests read but not yet answered. */
  private historyPending = 0;
  /** Per room, the hold of a history replay in progress (or its tail); null, the usual case, costs one check. */
  private holds: Map<string, ReplayHold> | null = null;
  private state: 'open' | 'ending' | 'ended' = 'open';
  private currentDialect: Dialect;
  private currentProtocol: DialectSession;

  constructor(
    readonly connection: Connection,
    dialect: Dialect,
    private readonly host: SessionHost,
  ) {
    this.currentDialect = dialect;
    this.currentProtocol = dialect.attach(this);
  }

  /** The dialect this session speaks. */
  get dialect(): Dialect {
    return this.currentDialect;
  }

  /** This session's state in its dialect. */
  get protocol(): DialectSession {
    return this.currentProtocol;
  }

  /**
   * Hand the session to the dialect its first payload revealed: two dialects share the uint32 framing (native and
   * the chat demo), so the bytes that pick the framing cannot pick the dialect. Call once, before any state.
   */
  settle(dialect: Dialect): void {
    this.currentDialect = dialect;
    this.currentProtocol = dialect.attach(this);
    this.currentProtocol.open?.();
  }

  /** Null until the session has identified itself (connect, or a dialect that names it). */
  get nick(): string | null {
    return this.currentNick;
  }

  /** The folded nick: the key in the nick registry and in its rooms' member lists. */
  get nickKey(): string | null {
    return this.currentNickKey;
  }

  /** Take the nick the nick registry has just granted (`key` is its folded form). */
  identifyAs(nick: string, key: string): void {
    this.currentNick = nick;
    this.currentNickKey = key;
  }

  /** The hold of a replay in progress (or its tail) for a room, if any. */
  holdFor(room: string): ReplayHold | undefined {
    return this.holds === null ? undefined : this.holds.get(room);
  }

  /** Hold the room's live events behind a replay (replacing an earlier hold for the room). */
  hold(room: string, hold: ReplayHold): void {
    (this.holds ??= new Map()).set(room, hold);
  }

  /** Drop a room's hold, if it is still this one (a later join may have replaced it). */
  releaseHold(room: string, hold: ReplayHold): void {
    const holds = this.holds;
    if (holds?.get(room) !== hold) return;
    holds.delete(room);
    if (holds.size === 0) this.holds = null;
  }

  /** Spend one token of a rate limit: true when the action may go ahead, false when the session is over the rate. */
  allow(kind: RateKind): boolean {
    const buckets = (this.buckets ??= {});
    const bucket = (buckets[kind] ??= new TokenBucket(this.rateOf(kind)));
    return bucket.take();
  }

  /** The rate a kind of action is limited to (for the refusal's message). */
  rateOf(kind: RateKind): RateConfig {
    const { rate, joinRate, changeRate } = this.host.config;
    return kind === 'chat' ? rate : kind === 'join' ? joinRate : changeRate;
  }

  /** Count a history request in flight; false (nothing counted) when `max` are already. */
  beginHistory(max: number): boolean {
    if (this.historyPending >= max) return false;
    this.historyPending++;
    return true;
  }

  /** A history request counted by beginHistory was answered (or failed). */
  endHistory(): void {
    this.historyPending--;
  }

  /** Whether the session still takes messages. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Whether the session has a nick. */
  get identified(): boolean {
    return this.currentNick !== null;
  }

  /**
   * One liveness sweep: a session that has not identified in time is told and closed; one silent for a probe
   * period is probed, for two is dropped. Inbound traffic only sets a flag, so nothing is paid per message.
   */
  tick(now: number, timings: SweepTimings): void {
    if (this.currentNick === null && now - this.openedAt > timings.helloTimeoutMs) {
      this.sendError('handshake_timeout', `identify within ${timings.helloTimeoutMs} ms`);
      this.end('timeout');
      return;
    }
    if (this.seen) {
      this.seen = false;
      this.idleTicks = 0;
      return;
    }
    this.idleTicks++;
    if (this.idleTicks === timings.probeTicks) {
      if (!this.probe()) this.idleTicks = -Infinity; // no way to ask: rely on TCP keepalive
    } else if (this.idleTicks >= timings.probeTicks * 2) {
      this.end('timeout');
    }
  }

  /** Wire the connection to the dialect and start. */
  start(): void {
    // Open before wiring the connection: a stream connection delivers the bytes read while sniffing at once.
    this.protocol.open?.();
    // The session is its own handler: four closures and an object less for every connection.
    this.connection.start(this);
  }

  /** DialectHost: a request from this session's dialect, into the command table. */
  request(message: ClientMessage, options?: RequestOptions): RequestOutcome {
    return this.host.dispatch(this, message, options);
  }

  /** ConnectionHandler: one inbound payload, for the dialect. */
  message(payload: Uint8Array): void {
    this.seen = true;
    if (this.state === 'open') this.currentProtocol.receive(payload);
  }

  /** ConnectionHandler: a transport-level sign of life. */
  alive(): void {
    this.seen = true;
  }

  /** ConnectionHandler: the transport rejected input it cannot recover from. */
  protocolError(code: 'frame_too_large' | 'frame_timeout' | 'invalid_utf8', detail: string): void {
    this.sendError(code, detail);
    this.end('error');
  }

  /** ConnectionHandler: the peer stopped reading. A client that does must not grow our memory: cut it off, not the others. */
  backlogged(): void {
    this.end('slow_consumer');
  }

  /** ConnectionHandler: the connection is gone. */
  closed(info: CloseInfo): void {
    const wasOpen = this.state === 'open';
    this.state = 'ended';
    if (wasOpen) this.host.sessionEnded(this, info.clean ? 'quit' : 'error');
  }

  /** Deliver a broadcast: shared bytes, encoded once per dialect. */
  deliver(out: Outbound): void {
    if (this.state !== 'open') return;
    if (this.holds !== null && out.room !== undefined && this.holds.get(out.room)?.takes(out)) return;
    if (this.protocol.wants && !this.protocol.wants(out.message, false)) return;
    const bytes = out.bytesFor(this.dialect);
    if (bytes !== null) this.connection.send(bytes);
  }

  /**
   * Send a message to this session alone, as send() does (self set), framed from the Outbound's shared JSON text
   * where the dialect allows: the sender's copy of its message, a direct message's recipient.
   */
  sendOutbound(out: Outbound): void {
    if (this.state !== 'open') return;
    if (this.protocol.wants && !this.protocol.wants(out.message, true)) return;
    const bytes = encodeFor(this.dialect, out, true);
    if (bytes !== null) this.connection.send(bytes);
  }

  /** Send a message meant for this session only (a reply). */
  send(message: ServerMessage): void {
    this.sendOutbound(new Outbound(message));
  }

  /** Send an error with its stable code; id and re tie it to the request that caused it. */
  sendError(code: ErrorCode, message: string = ERROR_CODES[code], id?: RequestId, re?: string): void {
    this.host.stats.error(code);
    this.send({
      action: 'error',
      code,
      message,
      ...withId(id),
      ...(re !== undefined ? { re } : {}),
    });
  }

  /** Probe liveness: the transport's own ping, else the dialect's; false when neither exists. */
  probe(): boolean {
    if (this.connection.probe()) return true;
    if (!this.dialect.answersPing) return false;
    this.send({ action: 'ping' });
    return true;
  }

  /** End the session: the hub removes it (telling the others why), then the connection closes. */
  end(reason: QuitReason): void {
    if (this.state !== 'open') return;
    this.state = 'ending';
    this.host.sessionEnded(this, reason);
    if (reason === 'slow_consumer') this.connection.destroy();
    else this.connection.close();
  }
}
