// Length-prefixed framing (little-endian uint32 for native and the chat demo, uint24 for the asyncio tutorial).
// Pure: works on Uint8Array so that it runs in a browser and can be fed raw bytes in tests.

/** How many bytes the length prefix takes. */
export type PrefixBytes = 3 | 4;

/** What one push into a FrameDecoder produced. */
export interface DecodeResult {
  frames: Uint8Array[];
  /** Set when a prefix announced more than the maximum; the stream cannot be trusted after it. */
  tooLarge?: { announced: number };
}

/** Prefix a payload with its length. */
export function encodeFrame(payload: Uint8Array, prefixBytes: PrefixBytes = 4): Uint8Array {
  const out = new Uint8Array(prefixBytes + payload.length);
  writeFrameLength(out, payload.length, prefixBytes);
  out.set(payload, prefixBytes);
  return out;
}

/**
 * Write the length prefix of a `length`-byte payload at the start of `out`. For writers that build prefix and
 * payload in one allocation (the server's JSON frames: Buffer.byteLength, then one buffer, then the text written
 * after the prefix). Throws a RangeError when the length does not fit the prefix (16 MiB for uint24).
 */
export function writeFrameLength(out: Uint8Array, length: number, prefixBytes: PrefixBytes): void {
  // Constants, not 2 ** (8 * prefixBytes): this runs for every frame the server writes.
  if (length > (prefixBytes === 4 ? 0xffffffff : 0xffffff))
    throw new RangeError(`frame of ${length} bytes does not fit the prefix`);
  out[0] = length & 0xff;
  out[1] = (length >>> 8) & 0xff;
  out[2] = (length >>> 16) & 0xff;
  if (prefixBytes === 4) out[3] = (length >>> 24) & 0xff;
}

function readLength(buf: Uint8Array, at: number, prefixBytes: PrefixBytes): number {
  const low = buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16);
  return prefixBytes === 4 ? low + buf[at + 3]! * 0x1000000 : low;
}

const EMPTY = new Uint8Array(0);

/** Splits a byte stream into frames, checking each announced length before buffering its payload. */
export class FrameDecoder {
  private buf: Uint8Array = EMPTY;
  private offset = 0;

  constructor(
    private readonly prefixBytes: PrefixBytes,
    private readonly maxFrameBytes: number,
  ) {}

  /** Bytes received that do not make a whole frame yet. */
  get pendingBytes(): number {
    return this.buf.length - this.offset;
  }

  /** Feed bytes; returns the whole frames they complete (views into the input, not copies). */
  push(chunk: Uint8Array): DecodeResult {
    this.append(chunk);
    const frames: Uint8Array[] = [];
    const p = this.prefixBytes;
    while (this.buf.length - this.offset >= p) {
      const length = readLength(this.buf, this.offset, p);
      if (length > this.maxFrameBytes) return { frames, tooLarge: { announced: length } };
      const end = this.offset + p + length;
      if (end > this.buf.length) break;
      frames.push(this.buf.subarray(this.offset + p, end));
      this.offset = end;
    }
    // All consumed: let the read buffer go rather than hold it for the life of an idle connection.
    if (this.offset === this.buf.length) {
      this.buf = EMPTY;
      this.offset = 0;
    }
    return { frames };
  }

  private append(chunk: Uint8Array): void {
    const rest = this.buf.length - this.offset;
    if (rest === 0) {
      this.buf = chunk;
    } else {
      const joined = new Uint8Array(rest + chunk.length);
      joined.set(this.buf.subarray(this.offset), 0);
      joined.set(chunk, rest);
      this.buf = joined;
    }
    this.offset = 0;
  }
}
