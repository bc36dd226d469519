// The server's JSON frames (one allocation for prefix and text) are the protocol codec's frames, byte for byte.
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from '../../../src/protocol/index.js';
import { encodeJson, frameJsonText } from '../../../src/server/dialects/native.js';

const texts = ['{}', '{"action":"chat","message":"héllo ✓ 🎉"}', JSON.stringify({ big: 'x'.repeat(70_000) })];

describe('frameJsonText', () => {
  it('writes what encodeFrame writes for uint32 and uint24, and the bare text without a prefix', () => {
    for (const json of texts) {
      const payload = new TextEncoder().encode(json);
      // Buffer.equals, not toEqual: a deep compare of 70,000 bytes one by one takes seconds.
      expect(frameJsonText(json, 4).equals(encodeFrame(payload, 4))).toBe(true);
      expect(frameJsonText(json, 3).equals(encodeFrame(payload, 3))).toBe(true);
      expect(frameJsonText(json, 0).equals(payload)).toBe(true);
    }
  });

  it('frames that FrameDecoder reads back', () => {
    const message = { action: 'ok', re: 'quit', id: 7 };
    for (const prefixBytes of [3, 4] as const) {
      const { frames } = new FrameDecoder(prefixBytes, 1 << 20).push(encodeJson(message, prefixBytes));
      expect(frames.map((f) => JSON.parse(Buffer.from(f).toString('utf8')) as unknown)).toEqual([message]);
    }
  });

  it('throws a RangeError when the text does not fit a uint24 prefix', () => {
    expect(() => frameJsonText('x'.repeat(0x1000000), 3)).toThrow(RangeError);
  });
});
