// User text for plain-text readers: split on every line break under its writer's prefix, controls made visible.
import { describe, expect, it } from 'vitest';
import { neutralizeControls, prefixEachLine, safeLines } from '../../src/protocol/index.js';
import { describeError } from '../../src/cli/chat/bind.js';
import { sanitize } from '../../src/cli/chat/text.js';
import { ServerError } from '../../src/client/errors.js';
import { nickFromPseudo } from '../../src/server/dialects/tp6.js';

const R = '\uFFFD';

describe('safeLines', () => {
  it('splits on CRLF, CR, LF, NEL, U+2028, U+2029, vertical tab and form feed', () => {
    expect(safeLines('a\r\nb\rc\nd\u0085e\u2028f\u2029g\vh\fi')).toEqual([...'abcdefghi']);
    expect(safeLines('')).toEqual(['']);
    expect(safeLines('a\n\nb')).toEqual(['a', '', 'b']);
  });

  it('replaces C0 controls but tab, DEL, C1 controls and bidi controls with U+FFFD', () => {
    expect(neutralizeControls('a\tb')).toBe('a\tb');
    expect(neutralizeControls('\u0000\u0007\u0008\u001b[2J\u007f\u009b31m')).toBe(
      `${R}${R}${R}${R}[2J${R}${R}31m`,
    );
    expect(neutralizeControls('x\u202Ey\u202Az\u2066w\u2069')).toBe(`x${R}y${R}z${R}w${R}`);
    expect(neutralizeControls('héllo 🙂 日本')).toBe('héllo 🙂 日本');
  });
});

describe('prefixEachLine', () => {
  it("puts the writer's prefix on every line, so no line can pass for someone else's", () => {
    expect(prefixEachLine('alice a dit : ', 'hi\nvictim a dit : send your password\u001b[2J')).toBe(
      `alice a dit : hi\nalice a dit : victim a dit : send your password${R}[2J`,
    );
    expect(prefixEachLine('Annonce : bob a changé le sujet : ', 'new\r\nAnnonce : fake')).toBe(
      'Annonce : bob a changé le sujet : new\nAnnonce : bob a changé le sujet : Annonce : fake',
    );
    expect(prefixEachLine('p: ', 'one line')).toBe('p: one line');
  });
});

describe('TP6 pseudos', () => {
  it('lose their invisible characters as they lose other characters a nick cannot hold', () => {
    expect(nickFromPseudo('alice\u3164', 32)).toBe('alice');
    expect(nickFromPseudo('\u115Fal\u200Bice', 32)).toBe('al_ice');
    expect(nickFromPseudo('\u3164\uFFA0', 32)).toBeNull();
  });
});

describe('the terminal client', () => {
  it('shows Unicode line separators as a visible break, like newlines', () => {
    expect(sanitize('a\u2028b\u2029c\u0085d\ve')).toBe('a ⏎ b ⏎ c ⏎ d ⏎ e');
  });

  it("neutralises control characters in the server's error messages before printing them", () => {
    const error = new ServerError('no_such_user', 'nobody is called \u001b]0;pwned\u0007x\ny');
    expect(describeError(error)).toBe(`nobody is called ${R}]0;pwned${R}x ⏎ y (no_such_user)`);
    expect(describeError(new Error('\u001b[2J'))).toBe(`${R}[2J`);
  });
});
