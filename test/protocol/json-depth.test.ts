// The depth scan that runs before every JSON decode: it must count structure, never string contents.
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, jsonNestsDeeper } from '../../src/protocol/index.js';
import { decodeJson } from '../../src/server/dialects/native.js';

const nested = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

describe('jsonNestsDeeper', () => {
  it('allows exactly the limit and refuses one level more, for arrays, objects and both mixed', () => {
    expect(jsonNestsDeeper(nested(3), 3)).toBe(false);
    expect(jsonNestsDeeper(nested(4), 3)).toBe(true);
    expect(jsonNestsDeeper('{"a":{"b":{}}}', 3)).toBe(false);
    expect(jsonNestsDeeper('{"a":{"b":{"c":[]}}}', 3)).toBe(true);
    expect(jsonNestsDeeper(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestsDeeper(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts depth, not the number of brackets: siblings do not add up', () => {
    expect(jsonNestsDeeper(`[${Array(1000).fill('[[]]').join(',')}]`, 3)).toBe(false);
    expect(jsonNestsDeeper('1', 0)).toBe(false);
    expect(jsonNestsDeeper('[]', 0)).toBe(true);
  });

  it('skips brackets inside strings', () => {
    expect(jsonNestsDeeper(`["${nested(100)}"]`, 1)).toBe(false);
    expect(jsonNestsDeeper(`{"${'{'.repeat(100)}":"${'['.repeat(100)}"}`, 1)).toBe(false);
  });

  it('skips escapes: an escaped quote does not end a string, an escaped backslash does not escape the quote', () => {
    // ["\"[[[["] is one level: the brackets are still inside the string.
    expect(jsonNestsDeeper('["\\"[[[["]', 1)).toBe(false);
    // ["\\"][[ ]]: the string ends after the escaped backslash, so what follows is structure.
    expect(jsonNestsDeeper('["\\\\",[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeper('["\\\\",[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeper('["\\u005b\\u005b[["]', 1)).toBe(false);
  });

  it('is one linear pass: 30,000 levels are refused without recursion', () => {
    expect(jsonNestsDeeper(nested(30_000))).toBe(true);
    expect(jsonNestsDeeper(`"${nested(30_000)}"`)).toBe(false);
  });
});

describe('decodeJson', () => {
  const bytes = (text: string): Uint8Array => Buffer.from(text);

  it('refuses a frame nested too deeply with invalid_json, before parsing it', () => {
    const result = decodeJson(bytes(nested(30_000)));
    expect(result).toEqual({
      ok: false,
      code: 'invalid_json',
      message: `invalid frame: the JSON nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });

  it('still decodes what is within the limit, and still reports bad JSON as before', () => {
    expect(decodeJson(bytes(nested(MAX_JSON_DEPTH)))).toMatchObject({ ok: true });
    expect(decodeJson(bytes('{"a":"[[[[[["}'))).toEqual({ ok: true, value: { a: '[[[[[[' } });
    expect(decodeJson(bytes('{"a":'))).toMatchObject({ ok: false, code: 'invalid_json' });
  });
});
