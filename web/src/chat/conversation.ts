// One conversation's view state, and the pure operations on it. Values are replaced, never changed in place, so
// that components can tell what changed by identity.
import type { Target } from './targets.js';

/** A stored message, as shown. */
export interface ShownMessage {
  mid: string;
  /** The sequence number in its room or direct conversation: gap-free, so `seq > 1` means older ones exist. */
  seq: number;
  ts: number;
  from: string;
  text: string;
  own: boolean;
}

/** A message the user sent that the server has not acknowledged yet (offline, or on its way). */
export interface PendingMessage {
  localId: string;
  text: string;
  ts: number;
  from: string;
  /** Why the server refused it; the user may retry or discard it. */
  failed?: string;
}

/** A line the page adds itself (a gap in history, a refused join). */
export interface Notice {
  id: string;
  ts: number;
  text: string;
}

/** Everything shown for one room or direct conversation. */
export interface Conversation {
  key: string;
  target: Target;
  messages: readonly ShownMessage[];
  pending: readonly PendingMessage[];
  notices: readonly Notice[];
  unread: number;
  /** Members present (rooms only); empty while not joined. */
  members: readonly string[];
  /** Members of a big room that the join's first page of members did not name. */
  unlisted: number;
  topic: string;
  /** Joined on the current connection (rooms); a direct conversation is always open. */
  joined: boolean;
  /** Whether older messages may exist on the server. */
  hasOlder: boolean;
  loadingOlder: boolean;
}

/** Most messages kept per conversation as live ones arrive; the oldest are dropped and load again on scrolling. */
export const MAX_KEPT = 3000;

/** A new, empty conversation. */
export function emptyConversation(key: string, target: Target): Conversation {
  return {
    key,
    target,
    messages: [],
    pending: [],
    notices: [],
    unread: 0,
    members: [],
    unlisted: 0,
    topic: '',
    joined: target.kind === 'dm',
    hasOlder: false,
    loadingOlder: false,
  };
}

/**
 * Merge messages into a sorted list: by sequence number, each once. The same message can reach the page twice (a
 * history page overlapping the live stream, an acknowledgement and its event); the sequence number decides.
 */
export function mergeMessages(
  list: readonly ShownMessage[],
  incoming: readonly ShownMessage[],
): readonly ShownMessage[] {
  if (incoming.length === 0) return list;
  const last = list.at(-1);
  // The common case, one live message after the others, needs no sort.
  if (incoming.length === 1 && (!last || incoming[0]!.seq > last.seq)) return trim([...list, incoming[0]!]);
  const bySeq = new Map<number, ShownMessage>();
  for (const message of list) bySeq.set(message.seq, message);
  for (const message of incoming) if (!bySeq.has(message.seq)) bySeq.set(message.seq, message);
  if (bySeq.size === list.length) return list;
  const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  // A page of older history was asked for by scrolling up: keep all of it. Live growth drops from the top.
  const older = list.length > 0 && incoming.every((m) => m.seq < list[0]!.seq);
  return older ? merged : trim(merged);
}

function trim(list: ShownMessage[]): ShownMessage[] {
  return list.length <= MAX_KEPT ? list : list.slice(list.length - MAX_KEPT);
}

/** Whether older messages than the first shown may exist (sequence numbers start at 1). */
export function mayHaveOlder(messages: readonly ShownMessage[]): boolean {
  const first = messages[0];
  return first !== undefined && first.seq > 1;
}
