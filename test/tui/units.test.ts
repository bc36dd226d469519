// The terminal client's pure parts: key decoding, the line editor, text widths, wrapping, sanitising, layout.
import { describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../src/cli/chat.js';
import { LineEditor } from '../../src/cli/chat/editor.js';
import { mentions, nickColour } from '../../src/cli/chat/format.js';
import { KeyDecoder } from '../../src/cli/chat/keys.js';
import { renderRow } from '../../src/cli/chat/screen.js';
import { displayWidth, sanitize, wrapSpans } from '../../src/cli/chat/text.js';
import { layout, stateText } from '../../src/cli/chat/view.js';
import type { StatusInfo } from '../../src/cli/chat/view.js';
import { WindowList } from '../../src/cli/chat/windows.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const plain = (spans: { text: string }[]): string => spans.map((s) => s.text).join('');

describe('KeyDecoder', () => {
  it('turns bytes into text runs and named keys', () => {
    const keys = new KeyDecoder();
    expect(keys.push(bytes('hé\x1b[D\x7f\r\x1b[5~\x1b2\x0e\x03\t'))).toEqual([
      { name: 'text', text: 'hé' },
      { name: 'left' },
      { name: 'backspace' },
      { name: 'enter' },
      { name: 'pageup' },
      { name: 'window', number: 2 },
      { name: 'ctrl', letter: 'n' },
      { name: 'ctrl', letter: 'c' },
      { name: 'tab' },
    ]);
  });

  it('keeps a character or sequence split across chunks for the next one', () => {
    const keys = new KeyDecoder();
    const euro = bytes('€');
    expect(keys.push(euro.subarray(0, 2))).toEqual([]);
    expect(keys.push(euro.subarray(2))).toEqual([{ name: 'text', text: '€' }]);
    expect(keys.push(bytes('\x1b[1;'))).toEqual([]);
    expect(keys.push(bytes('3C'))).toEqual([{ name: 'next-window' }]);
  });
});

describe('LineEditor', () => {
  it('edits at the cursor and never splits a surrogate pair', () => {
    const e = new LineEditor();
    e.insert('hello 🎉 world');
    e.wordLeft();
    e.backspace();
    e.backspace();
    expect(e.text).toBe('hello world');
    e.home();
    e.deleteForward();
    e.end();
    e.deleteWord();
    expect(e.text).toBe('ello ');
    e.killToStart();
    expect(e.text).toBe('');
  });

  it('remembers submitted lines for Up and Down, keeping the draft', () => {
    const e = new LineEditor();
    e.insert('one');
    expect(e.submit()).toBe('one');
    e.insert('two');
    e.submit();
    e.insert('draft');
    e.historyBack();
    expect(e.text).toBe('two');
    e.historyBack();
    e.historyBack();
    expect(e.text).toBe('one');
    e.historyForward();
    e.historyForward();
    expect(e.text).toBe('draft');
  });

  it('scrolls a long line so that the cursor stays visible', () => {
    const e = new LineEditor();
    e.insert('abcdefghij');
    expect(e.view(5)).toEqual({ text: 'ghij', cursorCol: 4 });
    e.home();
    expect(e.view(5)).toEqual({ text: 'abcde', cursorCol: 0 });
  });
});

describe('text', () => {
  it('measures wide and zero-width characters', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('🎉')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('neutralises escape sequences and line breaks from the network', () => {
    expect(sanitize('hi\x1b[2J\x1b]0;pwned\x07\nthere\u202e')).toBe(
      'hi\ufffd[2J\ufffd]0;pwned\ufffd ⏎ there\ufffd',
    );
  });

  it('wraps at word boundaries with a hanging indent, and breaks words longer than a line', () => {
    const lines = wrapSpans([{ text: '12:00 ' }, { text: 'the cat sat on the mat', style: '1' }], 16, 6);
    expect(lines.map(plain)).toEqual(['12:00 the cat ', '      sat on the', '      mat']);
    expect(lines.every((l) => displayWidth(plain(l)) <= 16)).toBe(true);
    expect(wrapSpans([{ text: 'abcdefghijkl' }], 5, 0).map(plain)).toEqual(['abcde', 'fghij', 'kl']);
  });
});

describe('format and layout', () => {
  it('gives a nick the same colour every time, and finds mentions as whole words', () => {
    expect(nickColour('alice')).toBe(nickColour('ALICE'));
    expect(mentions('hey Alice!', 'alice')).toBe(true);
    expect(mentions('malice', 'alice')).toBe(false);
  });

  it('lays out the window list, messages at the bottom, the status line and the input', () => {
    const windows = new WindowList();
    const room = windows.room('lobby');
    windows.show(room);
    windows.room('dev').unread = 2;
    windows.add(room, {
      kind: 'message',
      ts: 0,
      from: 'bob',
      text: 'hi',
      own: false,
      history: false,
      mention: false,
    });
    const editor = new LineEditor();
    editor.insert('typing');
    const status: StatusInfo = {
      nick: 'ann',
      server: 'ws://x/ws',
      state: 'disconnected',
      wasConnected: true,
      retryAt: 3000,
      queued: 1,
    };
    const frame = layout(windows, editor, status, { columns: 60, rows: 6 }, 500);
    const rows = frame.rows.map((r) => plain(r).trimEnd());
    expect(rows[0]).toBe(' 1:parley 2:lobby 3:dev(2)');
    expect(rows[1]).toBe('');
    expect(rows[3]).toMatch(/^\d\d:\d\d <bob> hi$/);
    expect(rows[4]).toBe(' ann  reconnecting in 3 s  ws://x/ws │ lobby │ 1 queued');
    expect(rows[5]).toBe('lobby> typing');
    expect(frame.cursor).toEqual({ row: 5, col: 13 });
    expect(renderRow([{ text: 'x', style: '1' }, { text: 'y' }])).toBe('\x1b[1mx\x1b[0my');
  });

  it('words the connection state', () => {
    const base: StatusInfo = { nick: 'n', server: 's', state: 'connecting', wasConnected: false, queued: 0 };
    expect(stateText(base, 0)).toBe('connecting…');
    expect(stateText({ ...base, wasConnected: true }, 0)).toBe('reconnecting…');
    expect(stateText({ ...base, state: 'disconnected', retryAt: 10_001 }, 0)).toBe('reconnecting in 11 s');
  });
});

describe('normalizeUrl', () => {
  it('accepts the URL forms people type', () => {
    expect(normalizeUrl('ws://h:8080').href).toBe('ws://h:8080/ws');
    expect(normalizeUrl('https://chat.example').href).toBe('wss://chat.example/ws');
    expect(normalizeUrl('h:9011').href).toBe('tcp://h:9011');
    expect(normalizeUrl('tls://h').href).toBe('tls://h');
    expect(() => normalizeUrl('ftp://h')).toThrow(/unsupported URL/);
  });
});
