// The frame codec is a pure unit: fed raw bytes, split or merged any way.
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from '../../src/protocol/index.js';

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
