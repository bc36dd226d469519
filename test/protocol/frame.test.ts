// The frame codec is a pure unit: fed raw bytes, split or merged any way.
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame, writeFrameLength } from '../../src/protocol/index.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe.each([3, 4] as const)('uint%s frames', (prefixBytes) => {
  const frames = ['{"a":1}', '', 'é'.repeat(300), '{"b":2}'].map((s) => new TextEncoder().encode(s));
  const stream = Buffer.concat(frames.map((f) => encodeFrame(f, prefixBytes)));

  it('encodes the length little-endian', () => {
    const bytes = encodeFrame(new Uint8Array(0x0102), prefixBytes);
    expect([...bytes.subarray(0, prefixBytes)]).toEqual(
      prefixBytes === 4 ? [0x02, 0x01, 0, 0] : [0x02, 0x01, 0],
    );
  });

  it('decodes frames merged in one chunk', () => {
    const { frames: out } = new FrameDecoder(prefixBytes, 1 << 16).push(stream);
    expect(out.map(text)).toEqual(frames.map(text));
  });

  it('decodes frames split at every possible byte', () => {
    for (let cut = 1; cut < stream.length; cut += 7) {
      const decoder = new FrameDecoder(prefixBytes, 1 << 16);
      const out = [
        ...decoder.push(stream.subarray(0, cut)).frames,
        ...decoder.push(stream.subarray(cut)).frames,
      ];
      expect(out.map(text)).toEqual(frames.map(text));
      expect(decoder.pendingBytes).toBe(0);
    }
  });

  it('decodes a stream fed one byte at a time', () => {
    const decoder = new FrameDecoder(prefixBytes, 1 << 16);
    const out: Uint8Array[] = [];
    for (const byte of stream) out.push(...decoder.push(Uint8Array.of(byte)).frames);
    expect(out.map(text)).toEqual(frames.map(text));
  });

  it('reports an oversized frame from its prefix alone', () => {
    const decoder = new FrameDecoder(prefixBytes, 100);
    const result = decoder.push(encodeFrame(new Uint8Array(101), prefixBytes).subarray(0, prefixBytes));
    expect(result.tooLarge).toEqual({ announced: 101 });
  });
});

describe('uint32 prefix', () => {
  it('reads lengths above 2^31 without going negative', () => {
    const result = new FrameDecoder(4, 1 << 16).push(Uint8Array.of(0, 0, 0, 0x80));
    expect(result.tooLarge).toEqual({ announced: 2 ** 31 });
  });
});

describe('uint24 prefix', () => {
  it('carries up to 16 MiB - 1 and refuses a payload that does not fit', () => {
    const out = new Uint8Array(3);
    writeFrameLength(out, 0xffffff, 3);
    expect([...out]).toEqual([0xff, 0xff, 0xff]);
    expect(() => writeFrameLength(out, 0x1000000, 3)).toThrow(RangeError);
    expect(() => encodeFrame(new Uint8Array(0x1000000), 3)).toThrow(RangeError);
  });

  it('reads the third byte as the high one, and never a fourth', () => {
    const decoder = new FrameDecoder(3, 1 << 20);
    const { frames } = decoder.push(Uint8Array.of(2, 0, 0, 0x7b, 0x7d, 0xff));
    expect(frames.map(text)).toEqual(['{}']);
    expect(decoder.pendingBytes).toBe(1);
  });

  it('reports the largest announcement as too large from the prefix alone', () => {
    const result = new FrameDecoder(3, 1 << 20).push(Uint8Array.of(0xff, 0xff, 0xff));
    expect(result).toEqual({ frames: [], tooLarge: { announced: 0xffffff } });
  });

  it('takes a frame of exactly the maximum, and a zero-length one', () => {
    const max = 1000;
    const decoder = new FrameDecoder(3, max);
    const stream = Buffer.concat([encodeFrame(new Uint8Array(max), 3), encodeFrame(new Uint8Array(0), 3)]);
    const result = decoder.push(stream);
    expect(result.tooLarge).toBeUndefined();
    expect(result.frames.map((f) => f.length)).toEqual([max, 0]);
  });
});

describe('writeFrameLength', () => {
  it('writes the prefix encodeFrame writes', () => {
    for (const prefixBytes of [3, 4] as const) {
      for (const length of [0, 1, 0xff, 0x100, 0xabcdef]) {
        const out = new Uint8Array(prefixBytes);
        writeFrameLength(out, length, prefixBytes);
        expect([...out]).toEqual([
          ...encodeFrame(new Uint8Array(length), prefixBytes).subarray(0, prefixBytes),
        ]);
      }
    }
  });

  it('refuses a uint32 length past 2^32 - 1', () => {
    const out = new Uint8Array(4);
    writeFrameLength(out, 0xffffffff, 4);
    expect([...out]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(() => writeFrameLength(out, 2 ** 32, 4)).toThrow(RangeError);
  });
});
