// One socket's output gathered per event-loop iteration and written with one call: the write path shared by the
// stream (TCP/TLS) and WebSocket connections.

/** Most bytes one batch holds before it is written early; far more than an iteration's chat to one member. */
export const BATCH_BYTES = 16 * 1024;

/** Batches holding output of this event-loop iteration; flushed together once its I/O has been handled. */
let queued: WriteBatch[] = [];
let spare: WriteBatch[] = [];
let flushScheduled = false;

function flushQueued(): void {
  flushScheduled = false;
  // Swap lists: a flush that queues more (it should not) lands in the next round, not in this loop.
  const batches = queued;
  queued = spare;
  spare = batches;
  for (let i = 0; i < batches.length; i++) batches[i]!.flush();
  batches.length = 0;
}

/** What a batch writes to: a socket, or a WebSocket connection writing frames to its socket. */
export interface BatchSocket {
  write(chunk: Uint8Array): unknown;
  readonly writable: boolean;
  /** Bytes written and not yet taken by the kernel. */
  readonly writableLength: number;
}

/** Who hears that a peer stopped reading: its output passed the limit. */
export interface BacklogListener {
  backlogged(): void;
}

/**
 * One socket's output, gathered during an event-loop iteration and written with one call (one syscall) once the
 * iteration's I/O has been handled (setImmediate): a burst of broadcasts to a busy room, from one sender or from
 * many, costs each member one write, not one per message. One shared setImmediate serves every socket, so
 * queueing allocates nothing per delivery.
 */
export class WriteBatch {
  // The usual iteration queues one chunk: it waits in `first`; an array exists only for sockets that get bursts,
  // so an idle connection carries none.
  private first: Uint8Array | null = null;
  private more: Uint8Array[] | null = null;
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly socket: BatchSocket,
    private readonly owner: BacklogListener,
    /** Bytes the peer may leave unread (--max-outbound) before the owner hears of it. */
    private readonly maxBacklogBytes: number,
  ) {}

  /** Bytes queued and not yet handed to the socket. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Queue bytes (never modified afterwards: broadcasts share them) for the end of this iteration. */
  push(bytes: Uint8Array): void {
    if (this.count === 0) {
      this.first = bytes;
      queued.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushQueued);
      }
    } else {
      this.more ??= [];
      if (this.count === 1) this.more.push(this.first!);
      this.more.push(bytes);
    }
    this.count++;
    this.bytes += bytes.length;
    // A big burst goes out in pieces: the kernel takes them now, so a member that reads fast is never counted as
    // slow (--max-outbound) for output that merely waited for the end of the iteration.
    if (this.bytes >= BATCH_BYTES) this.flush();
  }

  /** Hand everything queued to the socket now, as one write. */
  flush(): void {
    if (this.count === 0) return;
    // One copy into a single buffer is cheaper than the stream's bookkeeping for each chunk of a writev.
    const out = this.count === 1 ? this.first! : Buffer.concat(this.more!, this.bytes);
    this.discard();
    if (!this.socket.writable) return;
    this.socket.write(out);
    // Checked once per write, not once per delivery: what the kernel has not taken is what the peer left unread
    // (the batch itself never holds more than BATCH_BYTES).
    if (this.socket.writableLength > this.maxBacklogBytes) this.owner.backlogged();
  }

  /** Forget what is queued (the connection is being dropped). */
  discard(): void {
    this.first = null;
    if (this.more !== null) this.more.length = 0;
    this.count = 0;
    this.bytes = 0;
  }
}
