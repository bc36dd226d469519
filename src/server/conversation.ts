// The storage id of a direct conversation: both the hub (storing a direct message) and the history command use it.
import { foldNick } from '../protocol/index.js';

/** The id under which a direct conversation between two nicks is stored. */
export function conversationId(a: string, b: string): string {
  const [x, y] = [foldNick(a), foldNick(b)].sort();
  return `dm:${x},${y}`;
}
