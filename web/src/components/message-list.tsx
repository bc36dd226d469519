// The message list. It follows new messages only while the reader is at the bottom: someone reading back is never
// moved; they get a button saying how many arrived. Scrolling near the top loads the page before, without a jump.
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Conversation, PendingMessage } from '../chat/conversation.js';
import { timeline } from '../chat/timeline.js';
import type { TimelineItem } from '../chat/timeline.js';
import { formatDay, formatFull, formatTime } from '../lib/format.js';
import { nickColourClass } from '../lib/nick-color.js';
import { MessageBody, MessageText } from './message-text.js';

/** Within this many pixels of the bottom counts as at the bottom. */
const BOTTOM_SLACK = 48;
/** Within this many pixels of the top, the page before is asked for. */
const TOP_SLACK = 400;

/** Where the list was after the last render, to tell what changed and keep what the reader sees in place. */
interface Snapshot {
  first?: string;
  last?: string;
  firstOffset: number;
  scrollTop: number;
}

/** The scrolling list of one conversation (keyed by conversation, so each starts at its bottom). */
export function MessageList(props: {
  conversation: Conversation;
  connected: boolean;
  onLoadOlder(): void;
  onRetry(localId: string, again: boolean): void;
}) {
  const { messages, notices, pending, hasOlder, loadingOlder } = props.conversation;
  const items = useMemo(() => timeline(messages, notices), [messages, notices]);
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const snapshot = useRef<Snapshot>({ firstOffset: 0, scrollTop: 0 });
  const [away, setAway] = useState(false);
  const [unseen, setUnseen] = useState(0);

  const wantOlder = (el: HTMLElement): void => {
    if (hasOlder && !loadingOlder && props.connected && el.scrollTop < TOP_SLACK) props.onLoadOlder();
  };
  const onScroll = (): void => {
    const el = ref.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    snapshot.current.scrollTop = el.scrollTop;
    setAway(!atBottom.current);
    if (atBottom.current) setUnseen(0);
    wantOlder(el);
  };
  const toBottom = (): void => {
    const el = ref.current!;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setAway(false);
    setUnseen(0);
  };

  useLayoutEffect(() => {
    const el = ref.current!;
    const before = snapshot.current;
    const first = messages[0]?.mid;
    const lastPending = pending.at(-1);
    const last = lastPending?.localId ?? messages.at(-1)?.mid;
    const mine = lastPending !== undefined && lastPending.localId !== before.last;
    if (atBottom.current || mine) {
      // Following the conversation (or just sent something): stay at, or go to, the newest message.
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
      setAway(false);
    } else {
      const oldFirst = before.first !== undefined ? find(el, before.first) : null;
      // Older messages came in above: keep the one that was first exactly where it was on screen.
      if (oldFirst && first !== before.first)
        el.scrollTop = before.scrollTop + (oldFirst.offsetTop - before.firstOffset);
      if (last !== before.last) {
        const index = before.last ? messages.findIndex((m) => m.mid === before.last) : -1;
        const fresh = index >= 0 ? messages.slice(index + 1).filter((m) => !m.own).length : 0;
        if (fresh > 0) setUnseen((n) => n + fresh);
      }
    }
    const firstEl = first !== undefined ? find(el, first) : null;
    snapshot.current = { first, last, firstOffset: firstEl?.offsetTop ?? 0, scrollTop: el.scrollTop };
    // A short list cannot be scrolled up to ask for more, so ask now.
    if (el.scrollHeight <= el.clientHeight + TOP_SLACK) wantOlder(el);
  }, [messages, pending, notices, hasOlder, loadingOlder, props.connected]);

  useLayoutEffect(() => {
    // A resized window (a phone keyboard, a maximised window) keeps the reader at the bottom if they were.
    const el = ref.current!;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      class="messages"
      ref={ref}
      onScroll={onScroll}
      role="log"
      aria-live="polite"
      aria-label="Messages"
      tabIndex={0}
    >
      <div class="history-edge">
        {loadingOlder
          ? 'Loading older messages…'
          : hasOlder
            ? 'Scroll up for older messages'
            : messages.length > 0
              ? 'This is the beginning of the conversation.'
              : ''}
      </div>
      {items.length === 0 && pending.length === 0 && <p class="empty">No messages yet. Say hello!</p>}
      {items.map((item) => (
        <Item key={item.key} item={item} />
      ))}
      {pending.length > 0 && (
        <PendingGroup pending={pending} connected={props.connected} onRetry={props.onRetry} />
      )}
      {away && (
        <button type="button" class="jump primary" onClick={toBottom}>
          {unseen > 0 ? `↓ ${unseen} new message${unseen === 1 ? '' : 's'}` : '↓ Jump to latest'}
        </button>
      )}
    </div>
  );
}

/** A message's text box (the message element itself is `display: contents` and has no position). */
function find(list: HTMLElement, mid: string): HTMLElement | null {
  return list.querySelector<HTMLElement>(`[data-mid="${CSS.escape(mid)}"] > .text`);
}

function Item({ item }: { item: TimelineItem }) {
  if (item.kind === 'day') {
    return (
      <div class="day" role="separator">
        {formatDay(item.ts)}
      </div>
    );
  }
  if (item.kind === 'notice') return <p class="history-edge notice">{item.notice.text}</p>;
  return (
    <div class="group" data-from={item.from}>
      <div class="head">
        <span class={`from ${nickColourClass(item.from)}`}>{item.from}</span>
        <time dateTime={new Date(item.ts).toISOString()} title={formatFull(item.ts)}>
          {formatTime(item.ts)}
        </time>
      </div>
      {item.messages.map((m) => (
        <div class="message" key={m.mid} data-mid={m.mid} data-seq={m.seq}>
          <time class="side-time" dateTime={new Date(m.ts).toISOString()} title={formatFull(m.ts)}>
            {formatTime(m.ts)}
          </time>
          <div class="text">
            <MessageBody from={m.from} text={m.text} />
          </div>
        </div>
      ))}
    </div>
  );
}

function PendingGroup(props: {
  pending: readonly PendingMessage[];
  connected: boolean;
  onRetry(localId: string, again: boolean): void;
}) {
  const from = props.pending[0]!.from;
  return (
    <div class="group pending-group" data-from={from}>
      <div class="head">
        <span class={`from ${nickColourClass(from)}`}>{from}</span>
      </div>
      {props.pending.map((p) => (
        <div class={p.failed ? 'message failed' : 'message pending'} key={p.localId} data-pending={p.localId}>
          <div class="text">
            <MessageText text={p.text} />
          </div>
          <div class="status-note">
            {p.failed ? (
              <>
                Not sent: {p.failed}{' '}
                <button type="button" onClick={() => props.onRetry(p.localId, true)}>
                  Retry
                </button>{' '}
                <button type="button" onClick={() => props.onRetry(p.localId, false)}>
                  Discard
                </button>
              </>
            ) : props.connected ? (
              'Sending…'
            ) : (
              'Waiting for the connection; it will be sent when it is back.'
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
