// Turns a conversation's messages into what the list shows: day separators, and runs of consecutive messages by
// the same person grouped under one name and time.
import { foldNick } from '../../../src/protocol/index.js';
import { sameDay } from '../lib/format.js';
import type { Notice, ShownMessage } from './conversation.js';

/** One row of the message list. */
export type TimelineItem =
  | { kind: 'day'; key: string; ts: number }
  | { kind: 'group'; key: string; from: string; ts: number; messages: ShownMessage[] }
  | { kind: 'notice'; key: string; notice: Notice };

/** Messages closer than this to the previous one by the same person join its group. */
export const GROUP_GAP_MS = 5 * 60_000;

/** Lay out messages (by sequence) and notices (by time) as day separators, groups and notices. */
export function timeline(messages: readonly ShownMessage[], notices: readonly Notice[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let group: Extract<TimelineItem, { kind: 'group' }> | null = null;
  let lastTs: number | null = null;
  let n = 0;
  const dayBreak = (ts: number): void => {
    if (lastTs === null || !sameDay(lastTs, ts)) {
      items.push({ kind: 'day', key: `day-${ts}`, ts });
      group = null;
    }
    lastTs = ts;
  };
  const addNotices = (until: number): void => {
    while (n < notices.length && notices[n]!.ts <= until) {
      const notice = notices[n++]!;
      dayBreak(notice.ts);
      items.push({ kind: 'notice', key: notice.id, notice });
      group = null;
    }
  };
  for (const message of messages) {
    addNotices(message.ts);
    const previous: ShownMessage | undefined = group?.messages.at(-1);
    dayBreak(message.ts);
    if (
      group &&
      previous &&
      foldNick(previous.from) === foldNick(message.from) &&
      message.ts - previous.ts < GROUP_GAP_MS
    ) {
      group.messages.push(message);
    } else {
      group = { kind: 'group', key: message.mid, from: message.from, ts: message.ts, messages: [message] };
      items.push(group);
    }
  }
  addNotices(Infinity);
  return items;
}
