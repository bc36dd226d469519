/** The protocol version this code speaks; the major number changes only on incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** Limits a server enforces, announced to clients in the welcome message. */
export interface Limits {
  /** Largest frame payload in bytes, checked before the payload is read. */
  maxFrameBytes: number;
  /** Longest message text, in UTF-16 code units (what JavaScript's length counts). */
  maxMessageChars: number;
  /** Longest nickname. */
  maxNickChars: number;
  /** Longest room name. */
  maxRoomChars: number;
  /** Longest topic. */
  maxTopicChars: number;
  /** Most messages one history request returns. */
  maxHistoryPage: number;
}

/** The defaults, used when nothing is configured. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxFrameBytes: 64 * 1024,
  maxMessageChars: 4000,
  maxNickChars: 32,
  maxRoomChars: 64,
  maxTopicChars: 390,
  maxHistoryPage: 500,
});

/** Longest client-chosen request id or idempotency key. */
export const MAX_ID_CHARS = 64;
