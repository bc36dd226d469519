// A log-linear latency histogram in microseconds (about 1.5% resolution): cheap to record, mergeable across
// generator processes, so percentiles cover every delivery rather than a sample.

const LINEAR = 128;
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
const MAX_VALUE = 0x7fffffff;
/** Number of buckets: values up to 2^31 µs (about 35 minutes). */
export const BUCKETS = LINEAR + (31 - SUB_BITS) * SUB;

/** The bucket of a value in microseconds. */
export function bucketOf(us: number): number {
  const v = us <= 0 ? 0 : us >= MAX_VALUE ? MAX_VALUE : us | 0;
  if (v < LINEAR) return v;
  const shift = 31 - Math.clz32(v) - SUB_BITS;
  return LINEAR + (shift - 1) * SUB + ((v >>> shift) - SUB);
}

/** The middle value of a bucket, in microseconds. */
export function valueOf(bucket: number): number {
  if (bucket < LINEAR) return bucket;
  const shift = Math.floor((bucket - LINEAR) / SUB) + 1;
  const mantissa = ((bucket - LINEAR) % SUB) + SUB;
  return (mantissa << shift) + (1 << (shift - 1));
}

/** Latency counts per bucket. */
export class Histogram {
  readonly counts = new Float64Array(BUCKETS);
  total = 0;

  /** Count one value in microseconds. */
  record(us: number): void {
    this.counts[bucketOf(us)]!++;
    this.total++;
  }

  /** Forget everything. */
  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  /** Non-empty buckets as [bucket, count] pairs, small enough for IPC. */
  toPairs(): [number, number][] {
    const pairs: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]! > 0) pairs.push([i, this.counts[i]!]);
    return pairs;
  }

  /** Add counts received as pairs from another process. */
  addPairs(pairs: readonly [number, number][]): void {
    for (const [bucket, count] of pairs) {
      this.counts[bucket]! += count;
      this.total += count;
    }
  }

  /** The value in microseconds below which a share q (0..1) of the recorded values fall; NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return valueOf(i);
    }
    return valueOf(BUCKETS - 1);
  }
}
