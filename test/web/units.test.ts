// The web client's pure parts: finding links, merging messages once and in order, grouping the timeline.
import { describe, expect, it } from 'vitest';
import { mergeMessages } from '../../web/src/chat/conversation.js';
import type { ShownMessage } from '../../web/src/chat/conversation.js';
import { GROUP_GAP_MS, timeline } from '../../web/src/chat/timeline.js';
import { linkify } from '../../web/src/lib/linkify.js';

function message(seq: number, from = 'ann', ts = 1_700_000_000_000 + seq * 1000): ShownMessage {
  return { mid: `m${seq}`, seq, ts, from, text: `text ${seq}`, own: false };
}

describe('linkify', () => {
  it('finds http(s) and www links and leaves the sentence around them', () => {
    expect(linkify('see https://example.com/a?b=1#c, then www.example.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps balanced brackets and drops an unbalanced closing one', () => {
    const wiki = 'https://en.wikipedia.org/wiki/Parley_(disambiguation)';
    expect(linkify(`(${wiki})`)).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: wiki, href: wiki },
      { kind: 'text', text: ')' },
    ]);
  });

  it('never makes a link of another scheme, and keeps markup as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      '<a href="x">y</a>',
      'file:///etc/passwd',
    ]) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });
});

describe('mergeMessages', () => {
  it('keeps each sequence number once, in order, whatever order they come in', () => {
    const live = mergeMessages([message(5), message(6)], [message(7)]);
    const older = mergeMessages(live, [message(3), message(4), message(5)]);
    expect(older.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(mergeMessages(older, [message(6), message(7)])).toBe(older);
  });
});

describe('timeline', () => {
  it('groups consecutive messages by the same person, and starts a new group after a pause', () => {
    const start = new Date(2025, 0, 6, 12, 0).getTime();
    const items = timeline(
      [
        message(1, 'ann', start),
        message(2, 'ANN', start + 1000),
        message(3, 'bob', start + 2000),
        message(4, 'bob', start + 2000 + GROUP_GAP_MS),
      ],
      [],
    );
    expect(items.map((i) => (i.kind === 'group' ? `${i.from}:${i.messages.length}` : i.kind))).toEqual([
      'day',
      'ann:2',
      'bob:1',
      'bob:1',
    ]);
  });
});
