// The runner's side of the load generator: a few forked generator processes, requests with answers, and
// the relay that tells a room's sender how far its members in other processes have read.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Envelope, Request } from './messages.js';

/** The generator process's entry point, compiled by buildForBench like everything measured. */
const WORKER = path.resolve(import.meta.dirname, '../results/build/bench/load/worker.js');

/** One generator process. */
export class GeneratorProcess {
  private nextRid = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(
    readonly child: ChildProcess,
    onProgress: (worker: GeneratorProcess, room: string, min: number) => void,
  ) {
    child.on('message', (envelope: Envelope) => {
      if ('progress' in envelope) {
        onProgress(this, envelope.progress.room, envelope.progress.min);
        return;
      }
      if (!('ok' in envelope)) return;
      const waiter = this.pending.get(envelope.rid);
      this.pending.delete(envelope.rid);
      if (envelope.ok) waiter?.resolve(envelope.result);
      else waiter?.reject(new Error(envelope.error));
    });
    child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`generator exited (${code})`));
      this.pending.clear();
    });
  }

  /** The process id, for reading its CPU time. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Send a request and wait for its answer. */
  request<T>(request: Request): Promise<T> {
    const rid = this.nextRid++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(rid, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ rid, request } satisfies Envelope);
    });
  }

  /** Tell this process how far the slowest member of a room elsewhere has read. */
  remoteMin(room: string, min: number): void {
    if (this.child.connected) this.child.send({ remoteMin: { room, min } } satisfies Envelope);
  }
}

/** The generator processes of one benchmark run. */
export class GeneratorPool {
  readonly workers: GeneratorProcess[];
  /** Per room: the process holding its sender, and the latest progress of each other process. */
  private readonly relay = new Map<
    string,
    { sender: GeneratorProcess; mins: Map<GeneratorProcess, number> }
  >();

  constructor(count: number) {
    this.workers = Array.from(
      { length: count },
      () =>
        new GeneratorProcess(
          fork(WORKER, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
          (worker, room, min) => this.progress(worker, room, min),
        ),
    );
  }

  /** Route progress reports of a room spanning processes to the process that sends to it. */
  setRelay(room: string, sender: GeneratorProcess, others: GeneratorProcess[]): void {
    this.relay.set(room, { sender, mins: new Map(others.map((w) => [w, 0])) });
  }

  /** Forget all relays. */
  clearRelays(): void {
    this.relay.clear();
  }

  /** The same request to every process. */
  all<T>(request: Request): Promise<T[]> {
    return Promise.all(this.workers.map((w) => w.request<T>(request)));
  }

  /** Stop every process. */
  close(): void {
    for (const worker of this.workers) worker.child.kill();
  }

  private progress(worker: GeneratorProcess, room: string, min: number): void {
    const entry = this.relay.get(room);
    if (!entry) return;
    entry.mins.set(worker, min);
    entry.sender.remoteMin(room, Math.min(...entry.mins.values()));
  }
}
