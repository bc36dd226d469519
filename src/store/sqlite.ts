// The embedded SQLite store (better-sqlite3, synchronous API). Appends are batched: seq, mid and ts are
// assigned at call time so order is the call order, rows are queued, and one transaction per event-loop
// tick (or per flushIntervalMs) writes them all, so disk syncs never cap the fan-out rate.
// Assumes one writing process per database file: the seq cache is not shared between processes.
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, openError } from './sqlite-open.js';
import type {
  AppendResult,
  HistoryQuery,
  NewMessage,
  RetentionPolicy,
  SeqBounds,
  Store,
  StoredMessage,
  StoredTopic,
} from './types.js';

export { DatabaseOpenError, QUICK_CHECK_MAX_BYTES } from './sqlite-open.js';

/** Options for SqliteStore. */
export interface SqliteStoreOptions {
  /** Database file (its directory is created if missing), or ':memory:'. */
  path: string;
  retention: RetentionPolicy;
  /** Batch window in ms; 0 or unset flushes once per event-loop tick (setImmediate). */
  flushIntervalMs?: number;
  /** How often age retention runs, in ms (default one minute). */
  pruneIntervalMs?: number;
  /** The clock for message timestamps and age retention; tests replace it. */
  now?: () => number;
  /** Largest file (with its WAL) checked with quick_check at open; default QUICK_CHECK_MAX_BYTES. */
  quickCheckMaxBytes?: number;
  /** Told about a failure no caller is waiting for (age retention on its timer); by default it is ignored. */
  onError?: (error: unknown, during: string) => void;
}

interface Pending {
  message: StoredMessage;
  key: string | undefined;
  duplicate: boolean;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** A messages row as read back: the columns differ from StoredMessage only in the names of from and to. */
type Row = Omit<StoredMessage, 'from' | 'to'> & { sender: string; recipient: string | null };

const COLUMNS = 'mid, target, kind, sender, recipient, text, seq, ts';
// Fixed width keeps mids in numeric order when compared as text, which MAX(mid) relies on at startup.
const MID_CLOCK_WIDTH = 9;

function toMessage(row: Row): StoredMessage {
  const { sender, recipient, ...rest } = row;
  return { ...rest, from: sender, ...(recipient !== null ? { to: recipient } : {}) };
}

/** Every statement the store runs, prepared once. */
function prepare(db: Database.Database) {
  return {
    insert: db.prepare<unknown[]>(
      `INSERT INTO messages (${COLUMNS}, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    byKey: db.prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM messages WHERE target = ? AND key = ?`),
    lastSeq: db.prepare<[string, string], { s: number }>(
      `SELECT MAX(COALESCE((SELECT last_seq FROM targets WHERE target = ?), 0),
              COALESCE((SELECT MAX(seq) FROM messages WHERE target = ?), 0)) AS s`,
    ),
    setLastSeq: db.prepare<[string, number]>(
      `INSERT INTO targets (target, last_seq) VALUES (?, ?)
       ON CONFLICT (target) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)`,
    ),
    pruneCount: db.prepare<[string, number]>('DELETE FROM messages WHERE target = ? AND seq <= ?'),
    pruneAge: db.prepare<[number]>('DELETE FROM messages WHERE ts < ?'),
    after: db.prepare<[string, number, number, number], Row>(
      `SELECT ${COLUMNS} FROM messages WHERE target = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?`,
    ),
    before: db.prepare<[string, number, number], Row>(
      `SELECT ${COLUMNS} FROM messages WHERE target = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    ),
    bounds: db.prepare<[string], { first: number | null; last: number | null }>(
      'SELECT MIN(seq) AS first, MAX(seq) AS last FROM messages WHERE target = ?',
    ),
    maxMid: db.prepare<[], { mid: string | null }>('SELECT MAX(mid) AS mid FROM messages'),
    setTopic: db.prepare<[string, string, string, number]>(
      `INSERT INTO topics (room, topic, set_by, set_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (room) DO UPDATE SET topic = excluded.topic, set_by = excluded.set_by, set_at = excluded.set_at`,
    ),
    clearTopic: db.prepare<[string]>('DELETE FROM topics WHERE room = ?'),
    topics: db.prepare<[], StoredTopic>(
      "SELECT room, topic, set_by AS by, set_at AS ts FROM topics WHERE topic <> '' ORDER BY room",
    ),
  };
}

/** A Store in an SQLite file, in WAL mode, with batched writes and retention. */
export class SqliteStore implements Store {
  readonly description: string;
  /** Transactions committed by the write batcher (a metric; also lets tests see batching). */
  batchesCommitted = 0;

  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly lastSeq = new Map<string, number>();
  private pending: Pending[] = [];
  private readonly pendingKeys = new Map<string, StoredMessage>();
  /** Cancels the scheduled flush; a closure because clearImmediate must never see a Timeout (and back). */
  private cancelFlush: (() => void) | undefined;
  private readonly pruneTimer: NodeJS.Timeout | undefined;
  private midClock: number;
  private closed = false;
  private readonly stmt: ReturnType<typeof prepare>;

  /** Open (creating and migrating if needed) the database; synchronous, see also SqliteStore.open. */
  constructor(private readonly options: SqliteStoreOptions) {
    this.now = options.now ?? Date.now;
    const inMemory = options.path === ':memory:' || options.path === '';
    const file = inMemory ? ':memory:' : resolve(options.path);
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    const opened = openDatabase(file, options.quickCheckMaxBytes);
    this.db = opened.db;
    this.description = opened.description;
    try {
      this.stmt = prepare(this.db);
      // Start the mid clock past every stored mid, so mids stay unique even if the wall clock went back.
      const stored = parseInt(this.stmt.maxMid.get()?.mid?.slice(0, MID_CLOCK_WIDTH) ?? '', 36);
      this.midClock = Math.max(Date.now(), Number.isFinite(stored) ? stored : 0);
      // A restart after a long downtime should not serve stale history for a minute.
      if (options.retention.maxAgeMs > 0) this.pruneExpired();
    } catch (error) {
      this.db.close();
      throw openError(file, error);
    }
    if (options.retention.maxAgeMs > 0) {
      this.pruneTimer = setInterval(() => this.pruneOnTimer(), options.pruneIntervalMs ?? 60_000);
      this.pruneTimer.unref(); // retention must never keep the process alive
    }
  }

  /** Open a store; async so callers need not change if opening ever becomes asynchronous. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    return new SqliteStore(options);
  }

  append(input: NewMessage): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    // Checked here so one bad message cannot fail (and reject) the whole batch on the CHECK constraint.
    if (input.kind !== 'room' && input.kind !== 'dm')
      return Promise.reject(new Error(`bad kind ${input.kind}`));
    return new Promise<AppendResult>((resolve, reject) => {
      const pendingKey = input.key === undefined ? undefined : `${input.target}\0${input.key}`;
      let original = pendingKey === undefined ? undefined : this.pendingKeys.get(pendingKey);
      if (!original && input.key !== undefined) {
        const row = this.stmt.byKey.get(input.target, input.key);
        if (row) original = toMessage(row);
      }
      // Duplicates are queued too: they are acknowledged in call order, and never before their original
      // is durable (if the original's batch fails, so does the duplicate).
      if (original) {
        this.enqueue({ message: original, key: input.key, duplicate: true, resolve, reject });
        return;
      }
      const seq = this.currentSeq(input.target) + 1;
      this.lastSeq.set(input.target, seq);
      const message: StoredMessage = {
        mid: this.nextMid(),
        target: input.target,
        kind: input.kind,
        from: input.from,
        text: input.text,
        seq,
        ts: this.now(),
        ...(input.to !== undefined ? { to: input.to } : {}),
      };
      if (pendingKey !== undefined) this.pendingKeys.set(pendingKey, message);
      this.enqueue({ message, key: input.key, duplicate: false, resolve, reject });
    });
  }

  async history(target: string, query: HistoryQuery): Promise<StoredMessage[]> {
    this.readable();
    const limit = Math.max(0, Math.floor(query.limit));
    if (limit === 0) return [];
    const before = query.before ?? Number.MAX_SAFE_INTEGER;
    if (query.after !== undefined)
      return this.stmt.after.all(target, query.after, before, limit).map(toMessage);
    return this.stmt.before.all(target, before, limit).reverse().map(toMessage);
  }

  async bounds(target: string): Promise<SeqBounds | null> {
    this.readable();
    const row = this.stmt.bounds.get(target);
    if (row && row.first !== null && row.last !== null) return { first: row.first, last: row.last };
    // Retention may have removed every row; the targets table still knows where the sequence stands.
    const last = this.stmt.lastSeq.get(target, target)?.s ?? 0;
    return last > 0 ? { first: last + 1, last } : null;
  }

  async setTopic(topic: StoredTopic): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    // Topics are rare: written at once, outside the append batches.
    if (topic.topic === '') this.stmt.clearTopic.run(topic.room);
    else this.stmt.setTopic.run(topic.room, topic.topic, topic.by, topic.ts);
  }

  async topics(): Promise<StoredTopic[]> {
    this.readable();
    return this.stmt.topics.all();
  }

  /** Delete messages older than retention.maxAgeMs now (the timer calls this); returns how many. */
  pruneExpired(): number {
    const { maxAgeMs } = this.options.retention;
    if (this.closed || maxAgeMs <= 0) return 0;
    // The targets table keeps last_seq, so a target pruned to nothing still continues its sequence.
    return this.stmt.pruneAge.run(this.now() - maxAgeMs).changes;
  }

  /** Write every pending append now, in one transaction. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.pendingKeys.clear();
    const rows = batch.filter((p) => !p.duplicate);
    const touched = new Set(rows.map((p) => p.message.target));
    try {
      if (rows.length > 0) {
        this.db.transaction(() => this.writeBatch(rows, touched))();
        this.batchesCommitted++;
      }
    } catch (error) {
      // Nothing of the batch was written: forget the cached seqs so the next append reloads the
      // committed value from the database and no gap appears.
      for (const target of touched) this.lastSeq.delete(target);
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) p.resolve({ message: p.message, duplicate: p.duplicate });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    try {
      this.db.pragma('optimize'); // SQLite's advice: refresh planner statistics before closing
    } catch (error) {
      this.options.onError?.(error, 'optimizing before close'); // advice only: still close the file
    }
    this.db.close();
  }

  /** Age retention on its timer: an exception here would escape the timer and end the process. */
  private pruneOnTimer(): void {
    try {
      this.pruneExpired();
    } catch (error) {
      this.options.onError?.(error, 'removing expired messages');
    }
  }

  private writeBatch(rows: Pending[], touched: Set<string>): void {
    for (const { message: m, key } of rows) {
      this.stmt.insert.run(m.mid, m.target, m.kind, m.from, m.to ?? null, m.text, m.seq, m.ts, key ?? null);
    }
    const max = this.options.retention.maxMessagesPerTarget;
    for (const target of touched) {
      const last = this.currentSeq(target);
      this.stmt.setLastSeq.run(target, last);
      // seq is gap-free, so "keep the newest max" is a range delete on the paging index.
      if (max > 0 && last > max) this.stmt.pruneCount.run(target, last - max);
    }
  }

  private enqueue(p: Pending): void {
    this.pending.push(p);
    if (this.cancelFlush) return;
    const ms = this.options.flushIntervalMs ?? 0;
    if (ms > 0) {
      const timer = setTimeout(() => this.flush(), ms);
      this.cancelFlush = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => this.flush());
      this.cancelFlush = () => clearImmediate(immediate);
    }
  }

  /** The last seq assigned to a target, loaded from the database the first time the target is used. */
  private currentSeq(target: string): number {
    let seq = this.lastSeq.get(target);
    if (seq === undefined) {
      seq = this.stmt.lastSeq.get(target, target)?.s ?? 0;
      this.lastSeq.set(target, seq);
    }
    return seq;
  }

  /** A time-ordered counter in fixed-width base36, plus random chars against a second writer. */
  private nextMid(): string {
    this.midClock = Math.max(Date.now(), this.midClock + 1);
    const clock = this.midClock.toString(36).padStart(MID_CLOCK_WIDTH, '0');
    return (
      clock +
      randomInt(36 ** 3)
        .toString(36)
        .padStart(3, '0')
    );
  }

  /** Reads see pending appends: flush them first (a synchronous, usually tiny, transaction). */
  private readable(): void {
    if (this.closed) throw new Error('store is closed');
    this.flush();
  }
}
