// The fuzz loop of one fuzzer: several connections at once, each planned from the seed and its number, with a
// record of the last frames each sent (what was in flight if the server dies).
import type { Ending, Frame, Fuzzer, Target } from './plan.js';
import { Rng } from './prng.js';
import { openLink } from './transport.js';
import type { Link, Ports } from './transport.js';

/** Frames kept from the start of a connection (its connect and join) and from its end. */
const HEAD_FRAMES = 4;
const TAIL_FRAMES = 16;
/** A batch of frames written at once. */
const BATCH_BYTES = 32 * 1024;
const BATCH_FRAMES = 32;
/** Finished connections remembered: a crash may come from one that has just reset. */
const RECENT = 48;

/** What one connection sent, as much as a reproducer needs. */
export interface ConnRecord {
  fuzzer: string;
  /** The connection's number: with the seed and the fuzzer it regenerates the whole plan. */
  index: number;
  target: Target;
  head: Frame[];
  tail: Frame[];
  /** Frames sent between head and tail and not kept. */
  omitted: number;
  ending: Ending;
  waitMs: number;
  state: 'sending' | 'ending' | 'closed';
}

/** Counts of one fuzzer's run. */
export interface FuzzStats {
  fuzzer: string;
  frames: number;
  bytes: number;
  connections: number;
  /** Connections the server did not accept (refused, limited, or a handshake that failed). */
  refused: number;
  elapsedMs: number;
}

/** Bounds of a run: whichever comes first. */
export interface Budget {
  frames: number;
  /** performance.now() deadline. */
  until: number;
}

/** The frames a connection plan would send: connection n of a fuzzer under a seed (used by runs and replays). */
export function rngFor(seed: string, fuzzer: string, index: number): Rng {
  return new Rng(`${seed}/${fuzzer}/${index}`);
}

/** One fuzzer running against a server. */
export class FuzzRun {
  readonly stats: FuzzStats;
  readonly live = new Set<ConnRecord>();
  readonly recent: ConnRecord[] = [];
  private readonly links = new Set<Link>();
  private aborted = false;
  private nextIndex = 0;
  /** performance.now() when run() began. */
  startedAt = 0;

  constructor(
    readonly fuzzer: Fuzzer,
    private readonly seed: string,
    private readonly budget: Budget,
    private readonly concurrency: number,
  ) {
    this.stats = { fuzzer: fuzzer.name, frames: 0, bytes: 0, connections: 0, refused: 0, elapsedMs: 0 };
  }

  /** Run until the budget is spent or abort() is called. */
  async run(ports: Ports): Promise<FuzzStats> {
    this.startedAt = performance.now();
    await Promise.all(Array.from({ length: this.concurrency }, () => this.slot(ports)));
    this.stats.elapsedMs = performance.now() - this.startedAt;
    return this.stats;
  }

  /** Stop at once: every open connection is dropped. */
  abort(): void {
    this.aborted = true;
    for (const link of this.links) link.abort();
  }

  /** The records a reproducer keeps: connections still open, then the most recently finished. */
  records(): ConnRecord[] {
    return [...this.recent, ...this.live].sort((a, b) => a.index - b.index);
  }

  private spent(): boolean {
    return this.aborted || this.stats.frames >= this.budget.frames || performance.now() >= this.budget.until;
  }

  private async slot(ports: Ports): Promise<void> {
    while (!this.spent()) {
      const index = this.nextIndex++;
      const plan = this.fuzzer.connection(rngFor(this.seed, this.fuzzer.name, index));
      const record: ConnRecord = {
        fuzzer: this.fuzzer.name,
        index,
        target: plan.target,
        head: [],
        tail: [],
        omitted: 0,
        ending: plan.ending,
        waitMs: plan.waitMs,
        state: 'sending',
      };
      this.stats.connections++;
      this.live.add(record);
      const link = await openLink(plan.target, ports);
      if (!link) {
        this.stats.refused++;
        this.retire(record);
        // A port that refuses (a limit, a dead server) must not turn the loop into a busy spin.
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      this.links.add(link);
      // Frames go out in batches (one write each on a stream): the server still reads them at whatever
      // boundaries the kernel gives, and both sides spend their time on frames rather than on system calls.
      let batch: Frame[] = [];
      let batchBytes = 0;
      for (const frame of plan.frames) {
        if (this.spent()) break;
        this.keep(record, frame);
        this.stats.frames++;
        this.stats.bytes += frame.data.length;
        batch.push(frame);
        batchBytes += frame.data.length;
        if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_FRAMES) {
          const open = await link.send(batch);
          batch = [];
          batchBytes = 0;
          if (!open) break;
        }
      }
      if (batch.length > 0) await link.send(batch);
      record.state = 'ending';
      if (!this.aborted) await link.finish(plan.ending, plan.waitMs);
      this.links.delete(link);
      this.retire(record);
    }
  }

  private keep(record: ConnRecord, frame: Frame): void {
    if (record.head.length < HEAD_FRAMES) record.head.push(frame);
    else {
      record.tail.push(frame);
      if (record.tail.length > TAIL_FRAMES) {
        record.tail.shift();
        record.omitted++;
      }
    }
  }

  private retire(record: ConnRecord): void {
    record.state = 'closed';
    this.live.delete(record);
    this.recent.push(record);
    if (this.recent.length > RECENT) this.recent.shift();
  }
}
