// WriteBatch: what one iteration queues for a socket leaves in one write after the iteration's I/O, a big burst
// leaves early, a socket that keeps too much unread is reported, and nothing is written once the socket is closed.
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, WriteBatch } from '../../../src/server/transports/write-batch.js';
import type { BacklogListener, BatchSocket } from '../../../src/server/transports/write-batch.js';

/** A socket that records its writes; the test sets what it reports as writable and unread. */
class FakeSocket implements BatchSocket {
  readonly writes: Buffer[] = [];
  writable = true;
  writableLength = 0;

  write(chunk: Uint8Array): boolean {
    this.writes.push(Buffer.from(chunk));
    return true;
  }

  /** Everything written, as text. */
  text(): string[] {
    return this.writes.map((chunk) => chunk.toString('utf8'));
  }
}

/** Counts the times it heard of a backlog. */
class Listener implements BacklogListener {
  calls = 0;

  backlogged(): void {
    this.calls++;
  }
}

/** The end of this event-loop iteration: the batch's shared setImmediate was scheduled before this one. */
function nextIteration(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('WriteBatch', () => {
  it('writes what one iteration queued as one write, in order, after the iteration', async () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch(socket, new Listener(), 1 << 20);
    batch.push(bytes('one '));
    batch.push(bytes('two '));
    batch.push(bytes('three'));
    expect(socket.writes).toHaveLength(0);
    expect(batch.pendingBytes).toBe(13);
    await nextIteration();
    expect(socket.text()).toEqual(['one two three']);
    expect(batch.pendingBytes).toBe(0);
  });

  it('serves many sockets with one flush, each getting its own single write', async () => {
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    const batches = sockets.map((socket) => new WriteBatch(socket, new Listener(), 1 << 20));
    const shared = bytes('broadcast;');
    for (const batch of batches) batch.push(shared);
    batches[1]!.push(bytes('more'));
    await nextIteration();
    expect(sockets.map((socket) => socket.text())).toEqual([
      ['broadcast;'],
      ['broadcast;more'],
      ['broadcast;'],
    ]);
  });

  it('hands a single chunk over as it is, without copying it', async () => {
    const socket = new FakeSocket();
    const written: Uint8Array[] = [];
    socket.write = (chunk) => {
      written.push(chunk);
      return true;
    };
    const batch = new WriteBatch(socket, new Listener(), 1 << 20);
    const chunk = bytes('alone');
    batch.push(chunk);
    await nextIteration();
    expect(written).toHaveLength(1);
    expect(written[0]).toBe(chunk);
  });

  it('writes early once the queued bytes reach the threshold, and queues the rest for the iteration', async () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch(socket, new Listener(), 1 << 20);
    const half = new Uint8Array(BATCH_BYTES / 2).fill(0x61);
    batch.push(half);
    expect(socket.writes).toHaveLength(0);
    batch.push(half); // reaches BATCH_BYTES: out now, as one write
    expect(socket.writes.map((chunk) => chunk.length)).toEqual([BATCH_BYTES]);
    expect(batch.pendingBytes).toBe(0);
    batch.push(bytes('tail'));
    expect(socket.writes).toHaveLength(1);
    await nextIteration();
    expect(socket.writes.map((chunk) => chunk.length)).toEqual([BATCH_BYTES, 4]);
    expect(socket.writes[1]!.toString()).toBe('tail');
  });

  it('tells its owner once the socket keeps more unread than the limit, checking after each write', async () => {
    const socket = new FakeSocket();
    const owner = new Listener();
    const batch = new WriteBatch(socket, owner, 100);
    socket.writableLength = 100; // at the limit is not past it
    batch.push(bytes('x'));
    await nextIteration();
    expect(owner.calls).toBe(0);
    socket.writableLength = 101;
    batch.push(bytes('y'));
    batch.push(bytes('z')); // same iteration, same write: one check
    expect(owner.calls).toBe(0); // not before the write
    await nextIteration();
    expect(owner.calls).toBe(1);
    expect(socket.text()).toEqual(['x', 'yz']);
  });

  it('flush() writes now; a flush with nothing queued writes nothing', async () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch(socket, new Listener(), 1 << 20);
    batch.flush();
    batch.push(bytes('a'));
    batch.push(bytes('b'));
    batch.flush();
    expect(socket.text()).toEqual(['ab']);
    await nextIteration(); // the scheduled flush finds nothing left
    expect(socket.text()).toEqual(['ab']);
  });

  it('discard() forgets what is queued: nothing is written at the end of the iteration', async () => {
    const socket = new FakeSocket();
    const batch = new WriteBatch(socket, new Listener(), 1 << 20);
    batch.push(bytes('dropped '));
    batch.push(bytes('too'));
    batch.discard();
    expect(batch.pendingBytes).toBe(0);
    await nextIteration();
    expect(socket.writes).toHaveLength(0);
    batch.push(bytes('after')); // the batch is usable again
    await nextIteration();
    expect(socket.text()).toEqual(['after']);
  });

  it('writes nothing to a socket that is no longer writable, and drops what was queued', async () => {
    const socket = new FakeSocket();
    const owner = new Listener();
    const batch = new WriteBatch(socket, owner, 0);
    batch.push(bytes('lost'));
    socket.writable = false;
    socket.writableLength = 1_000;
    await nextIteration();
    expect(socket.writes).toHaveLength(0);
    expect(batch.pendingBytes).toBe(0);
    expect(owner.calls).toBe(0); // a closed socket is not a slow reader
    socket.writable = true;
    socket.writableLength = 0;
    await nextIteration();
    expect(socket.writes).toHaveLength(0);
  });
});
