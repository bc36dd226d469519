// Nickname rules: invisible characters refused, look-alikes of a nick in use refused, a freed nick's look freed.
import { describe, expect, it } from 'vitest';
import { nickProblem, roomProblem } from '../../src/protocol/index.js';
import { NickRegistry } from '../../src/server/nick-registry.js';
import { lookAlikeKey, nickLookAlikeKeys, tr39Skeleton } from '../../src/server/skeleton.js';

/** The look-alikes of `alice`: Cyrillic а, Cyrillic е, Ukrainian і, small capital ʟ. */
const LOOK_ALIKES = ['\u0430lice', 'alic\u0435', 'al\u0456ce', 'a\u029Fice'];
const FILLERS = ['\u3164', '\u115F', '\u1160', '\uFFA0'];

describe('nickProblem and roomProblem', () => {
  it('refuse the Hangul fillers, which are letters that show nothing, anywhere in a name', () => {
    for (const filler of FILLERS) {
      for (const nick of [`alice${filler}`, `${filler}alice`, `al${filler}ice`, filler]) {
        expect(nickProblem(nick, 32), JSON.stringify(nick)).toMatch(/invisible/);
        expect(roomProblem(`#${nick}`, 64), JSON.stringify(nick)).toMatch(/invisible/);
      }
    }
  });

  it('refuse other default-ignorable characters: joiners, format controls, variation selectors, soft hyphen', () => {
    for (const char of ['\u200B', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u034F', '\uFE0F', '\u180E']) {
      expect(nickProblem(`ali${char}ce`, 32)).toMatch(/invisible/);
      expect(roomProblem(`ro${char}om`, 64)).toMatch(/invisible/);
    }
  });

  it('still accept letters of any script', () => {
    for (const nick of ['alice', 'Алиса', 'Δημήτρης', '小明', 'aʟice', 'Zoë_[1]'])
      expect(nickProblem(nick, 32)).toBeNull();
    expect(roomProblem('#Ñandú', 64)).toBeNull();
  });
});

describe('look-alike keys', () => {
  it("are TR39 skeletons: confusables.txt's prototypes", () => {
    expect(tr39Skeleton('\u0430')).toBe('a');
    expect(tr39Skeleton('rn')).toBe(tr39Skeleton('m'));
  });

  it('map every look-alike of alice, and a small capital, to alice', () => {
    for (const nick of LOOK_ALIKES) expect(nickLookAlikeKeys(nick), nick).toContain('~alice');
    expect(lookAlikeKey('ᴀʟɪᴄᴇ')).toBe('alice');
  });

  it('ignore case, and catch a capital I for an l', () => {
    expect(nickLookAlikeKeys('ALICE')).toContain('~alice');
    expect(nickLookAlikeKeys('aIice')).toContain('=alice');
    expect(nickLookAlikeKeys('alice')).toContain('=alice');
    // As typed, case counts: ALICE (skeleton ALlCE) does not look like ALLCE.
    expect(nickLookAlikeKeys('ALICE')).not.toContain(nickLookAlikeKeys('ALLCE')[1]);
    expect(lookAlikeKey('B0B')).toBe(lookAlikeKey('bob'));
  });

  it('keep nicks that differ apart', () => {
    expect(lookAlikeKey('alice2')).not.toBe(lookAlikeKey('alice'));
    expect(lookAlikeKey('Алиса')).not.toBe(lookAlikeKey('alice'));
    expect(lookAlikeKey('bob')).not.toBe(lookAlikeKey('rob'));
  });
});

describe('NickRegistry', () => {
  it('refuses the same nick in another case as "same", and a look-alike as "look-alike", naming the holder', () => {
    const nicks = new NickRegistry<string>();
    expect(nicks.claim('s1', 'alice')).toBeNull();
    expect(nicks.claim('s2', 'ALICE')).toEqual({ kind: 'same', holder: 's1', nick: 'alice' });
    for (const nick of LOOK_ALIKES)
      expect(nicks.claim('s2', nick)).toEqual({ kind: 'look-alike', holder: 's1', nick: 'alice' });
    expect(nicks.size).toBe(1);
    expect(nicks.claim('s2', 'alice2')).toBeNull();
    expect(nicks.claim('s3', 'Алиса')).toBeNull();
    expect(nicks.find('Alice')).toBe('s1');
    expect(nicks.find('\u0430lice')).toBeUndefined(); // direct messages name the nick itself, not its look
  });

  it('works the other way round: a look-alike first keeps the Latin nick out', () => {
    const nicks = new NickRegistry<string>();
    expect(nicks.claim('s1', 'a\u029Fice')).toBeNull();
    expect(nicks.claim('s2', 'alice')).toMatchObject({ kind: 'look-alike', nick: 'a\u029Fice' });
  });

  it('lets a holder take a look-alike of its own nick, and frees the old look on rename and release', () => {
    const nicks = new NickRegistry<string>();
    nicks.claim('s1', 'alice');
    expect(nicks.claim('s1', 'Alice')).toBeNull();
    expect(nicks.claim('s1', '\u0430lice')).toBeNull();
    expect(nicks.claim('s1', 'carol')).toBeNull();
    expect(nicks.taken('alice')).toBe(false); // the rename freed it
    expect(nicks.taken('car0l')).toBe(true);
    expect(nicks.taken('car0l', 's1')).toBe(false);
    nicks.release('s1');
    expect(nicks.taken('car0l')).toBe(false);
    expect(nicks.claim('s2', 'c\u0430rol')).toBeNull();
    expect(nicks.size).toBe(1);
  });

  it('leaves everything as it was when a claim is refused', () => {
    const nicks = new NickRegistry<string>();
    nicks.claim('s1', 'alice');
    nicks.claim('s2', 'bob');
    expect(nicks.claim('s2', 'al\u0456ce')).not.toBeNull();
    expect(nicks.find('bob')).toBe('s2');
    expect(nicks.taken('b0b')).toBe(true);
  });
});
