// The Store contract: where messages live. The hub depends on this interface only; main.ts picks the
// implementation (sqlite.ts by default, memory.ts for tests and --store memory).

/** A message to store; the store assigns its id, sequence number and time. */
export interface NewMessage {
  /** Room name, or a direct conversation's id (see conversationId in the server). */
  target: string;
  kind: 'room' | 'dm';
  from: string;
  /** The recipient's nick, for direct messages. */
  to?: string;
  text: string;
  /** The client's idempotency key; unique per target. */
  key?: string;
}

/** A message as stored. */
export interface StoredMessage {
  mid: string;
  target: string;
  kind: 'room' | 'dm';
  from: string;
  to?: string;
  text: string;
  /** Gap-free, strictly increasing per target, across restarts. */
  seq: number;
  /** Milliseconds since the epoch. */
  ts: number;
}

/** What append returns: the stored message, and whether it already existed under the same key. */
export interface AppendResult {
  message: StoredMessage;
  duplicate: boolean;
}

/** A page request: messages with seq < before, or seq > after (ascending), at most limit of them. */
export interface HistoryQuery {
  before?: number;
  after?: number;
  limit: number;
}

/**
 * The retained range of a target: oldest and newest sequence number still stored. When retention removed every
 * message, the range is empty and sits just after the last sequence: { first: last + 1, last }.
 */
export interface SeqBounds {
  first: number;
  last: number;
}

/** How long messages are kept; 0 means no limit. */
export interface RetentionPolicy {
  maxMessagesPerTarget: number;
  maxAgeMs: number;
}

/** A room's topic as stored: it outlives the room's members and the process. An empty text means no topic. */
export interface StoredTopic {
  room: string;
  topic: string;
  /** Who set it. */
  by: string;
  /** Milliseconds since the epoch. */
  ts: number;
}

/** Where messages live. Every method may be called before an earlier promise settles; appends keep order. */
export interface Store {
  /** A human description for logs, such as "sqlite ./data/parley.db" or "memory". */
  readonly description: string;
  /** Store a message, or return the existing one when (target, key) was stored before. */
  append(message: NewMessage): Promise<AppendResult>;
  /** A page of a target's messages in ascending seq order. */
  history(target: string, query: HistoryQuery): Promise<StoredMessage[]>;
  /** The retained range (possibly empty, see SeqBounds), or null when the target never had a message. */
  bounds(target: string): Promise<SeqBounds | null>;
  /** Set a room's topic (an empty text clears it); resolves once it is stored. */
  setTopic(topic: StoredTopic): Promise<void>;
  /** Every stored topic, cleared ones left out: read once at start. */
  topics(): Promise<StoredTopic[]>;
  /** Flush pending writes and release the store. */
  close(): Promise<void>;
}
