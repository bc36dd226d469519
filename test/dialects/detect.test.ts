// Pure units fed raw bytes: which dialect the first bytes pick, and the TP6 text rules (hello, pseudo, lines).
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/server/config.js';
import { caseStudyDialect } from '../../src/server/dialects/case-study.js';
import { isChatDemoFrame } from '../../src/server/dialects/chat-demo.js';
import { detectDialect, textRule, uint24JsonRule, uint32Rule } from '../../src/server/dialects/detect.js';
import { nativeDialect } from '../../src/server/dialects/native.js';
import { nickFromPseudo, parseHello, splitMessages, tp6Dialect } from '../../src/server/dialects/tp6.js';
import { Hub } from '../../src/server/hub.js';
import { localSeams } from '../../src/server/seams/local.js';
import { MemoryStore } from '../../src/store/memory.js';

const hub = new Hub(
  buildConfig({ store: 'memory', logLevel: 'silent', logFormat: 'json' }),
  new MemoryStore({ maxMessagesPerTarget: 0, maxAgeMs: 0 }),
  pino({ level: 'silent' }),
  localSeams,
);
afterAll(() => hub.dispose());

const native = nativeDialect(hub, 'u32');
const caseStudy = caseStudyDialect(hub);
const tp6 = tp6Dialect(hub);
const rules = [uint32Rule(native), uint24JsonRule(caseStudy), textRule(tp6)];
const detect = (head: number[] | string) =>
  detectDialect(rules, typeof head === 'string' ? Buffer.from(head, 'utf8') : Uint8Array.from(head));

describe('detecting the dialect from the first bytes', () => {
  it('takes a uint32 length below 16 MiB (zero fourth byte) as uint32 framing', () => {
    expect(detect([0x1a, 0x00, 0x00, 0x00])).toEqual({ framing: { prefixBytes: 4 }, dialect: native });
    expect(detect([0xff, 0xff, 0xff, 0x00])).toEqual({ framing: { prefixBytes: 4 }, dialect: native });
  });

  it('takes a uint24 length followed by { or " as the case study', () => {
    expect(detect([0x24, 0x00, 0x00, 0x7b])).toEqual({ framing: { prefixBytes: 3 }, dialect: caseStudy });
    expect(detect([0x07, 0x00, 0x00, 0x22])).toEqual({ framing: { prefixBytes: 3 }, dialect: caseStudy });
    expect(detect([0x00, 0x10, 0x01, 0x7b])).toEqual({ framing: { prefixBytes: 3 }, dialect: caseStudy });
  });

  it('takes printable first bytes as text, even when the fourth is { or "', () => {
    for (const text of ['Hello|bob', 'Hi {', 'ab "x', 'Zoé!', '\tab\r\n']) {
      expect(detect(text)).toEqual({ framing: 'text', dialect: tp6 });
    }
  });

  it('waits for four bytes, and refuses bytes that fit no dialect', () => {
    expect(detect([])).toBe('more');
    expect(detect('Hel')).toBe('more');
    expect(detect([0x05, 0x00, 0x00])).toBe('more');
    expect(detect([0x01, 0x02, 0x03, 0x04])).toBeNull();
    expect(detect([0x41, 0x42, 0x43, 0x7f])).toBeNull();
  });
});

describe('telling the chat demo from native on a shared uint32 framing', () => {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  it('knows the demo by join, leave or a {room, msg} line', () => {
    expect(isChatDemoFrame(json({ action: 'join', room: 'general' }))).toBe(true);
    expect(isChatDemoFrame(json({ action: 'leave', room: 'general' }))).toBe(true);
    expect(isChatDemoFrame(json({ room: 'general', msg: 'hi' }))).toBe(true);
  });
  it('leaves everything else to native', () => {
    expect(isChatDemoFrame(json({ action: 'connect', username: 'x' }))).toBe(false);
    expect(isChatDemoFrame(json({ action: 'joinroom', room: 'general' }))).toBe(false);
    expect(isChatDemoFrame(json({ room: 'general' }))).toBe(false);
    expect(isChatDemoFrame(json(['join']))).toBe(false);
    expect(isChatDemoFrame(Buffer.from('{"action":'))).toBe(false);
    expect(isChatDemoFrame(Buffer.from([0xc3, 0x28]))).toBe(false);
  });
});

describe('TP6 text', () => {
  it('reads the hello: the pseudo ends at the first line break, the rest is chat', () => {
    expect(parseHello('Hello|it4')).toEqual({ pseudo: 'it4', rest: '' });
    expect(parseHello('Hello|it4\nsalut\n')).toEqual({ pseudo: 'it4', rest: 'salut\n' });
    expect(parseHello('Hello|it4\r\nsalut')).toEqual({ pseudo: 'it4', rest: 'salut' });
    expect(parseHello('Hello|')).toBe('more');
    expect(parseHello('Hel')).toBe('more');
    expect(parseHello('')).toBe('more');
    expect(parseHello('Hello|\n')).toEqual({ pseudo: '', rest: '' });
    expect(parseHello('hello|it4')).toBeNull();
    expect(parseHello('Bonjour')).toBeNull();
    expect(parseHello('Hello')).toBe('more');
    expect(parseHello('Hello it4')).toBeNull();
  });

  it('maps a pseudo to a parley nick, or refuses it when nothing is left', () => {
    expect(nickFromPseudo('it4', 32)).toBe('it4');
    expect(nickFromPseudo('  Zoé  ', 32)).toBe('Zoé');
    expect(nickFromPseudo('Jean Dupont', 32)).toBe('Jean_Dupont');
    expect(nickFromPseudo('a  b!!c', 32)).toBe('a_b_c');
    expect(nickFromPseudo('@bob@', 32)).toBe('bob');
    expect(nickFromPseudo('x'.repeat(40), 32)).toBe('x'.repeat(32));
    expect(nickFromPseudo('🙂🙂', 32)).toBeNull();
    expect(nickFromPseudo('', 32)).toBeNull();
    expect(nickFromPseudo('   ', 32)).toBeNull();
  });

  it('splits a read into trimmed, non-blank lines', () => {
    expect(splitMessages('salut')).toEqual(['salut']);
    expect(splitMessages('un\ndeux\r\ntrois\rquatre\n')).toEqual(['un', 'deux', 'trois', 'quatre']);
    expect(splitMessages('\n  \r\n')).toEqual([]);
    expect(splitMessages('  ça va ?  ')).toEqual(['ça va ?']);
  });
});
