// A load-generator process: opens connections, sends chat at the pace the runner asks for, and counts
// what arrives. Forked by the runner (see pool.ts); it talks to it over IPC only.
import { Histogram } from './histogram.js';
import { openConn } from './conn.js';
import type { Conn, ConnSink } from './conn.js';
import { chatTemplate, nowUs, parleyFrame, readDigits, writeDigits } from './protocol.js';
import type { ChatTemplate } from './protocol.js';
import type { Envelope, OpenResult, OpenSpec, Request, Snapshot, StreamSpec } from './messages.js';
import type { Target } from './protocol.js';

interface Group {
  room: string;
  members: Conn[];
  sender: Conn | null;
  shared: boolean;
  remoteMin: number;
  sent: number;
  template: ChatTemplate | null;
  dirty: boolean;
}

/** Larger batches would only delay the first bytes of a burst. */
const MAX_BATCH = 512;
const NONE = Number.MAX_SAFE_INTEGER;

class Generator implements ConnSink {
  private readonly conns = new Map<number, Conn>();
  private groups: Group[] = [];
  private stream: StreamSpec | null = null;
  private sending = false;
  private windowFrom = NONE;
  private windowTo = NONE;
  private sentInWindow = 0;
  private dropped = 0;
  private readonly histogram = new Histogram();
  private readonly dirty: Group[] = [];
  private topUpScheduled = false;
  private timers: NodeJS.Timeout[] = [];
  private pacedStart = 0;

  delivery(conn: Conn, buf: Buffer, markAt: number): void {
    if (this.windowFrom === NONE) return;
    const ts = readDigits(buf, markAt + 2);
    if (ts >= this.windowFrom && ts < this.windowTo) {
      conn.inWindow++;
      this.histogram.record(nowUs() - ts);
    }
  }

  afterRead(conn: Conn): void {
    if (!this.sending || conn.group < 0 || this.stream!.mode === 'paced') return;
    const group = this.groups[conn.group]!;
    if (group.dirty || group.sender === null) return;
    group.dirty = true;
    this.dirty.push(group);
    if (!this.topUpScheduled) {
      this.topUpScheduled = true;
      setImmediate(() => this.topUpAll());
    }
  }

  closed(conn: Conn): void {
    if (this.sending && conn.group >= 0) this.dropped++;
    this.conns.delete(conn.index);
  }

  async handle(request: Request): Promise<unknown> {
    switch (request.op) {
      case 'open':
        return this.open(request.target, request.conns, request.concurrency, request.timeoutMs);
      case 'arm':
        return this.arm(request.stream);
      case 'go':
        return this.go();
      case 'window':
        this.windowFrom = request.from;
        this.windowTo = request.to;
        return null;
      case 'snap':
        return this.snapshot();
      case 'stop':
        this.stop();
        return null;
      case 'histogram':
        return this.histogram.toPairs();
      case 'frames': {
        let frames = 0;
        for (const conn of this.conns.values()) frames += conn.frames;
        return frames;
      }
      case 'joinAll':
        return this.joinAll(request.room, request.timeoutMs);
      case 'closeAll':
        this.stop();
        for (const conn of this.conns.values()) conn.destroy();
        this.conns.clear();
        this.groups = [];
        return null;
    }
  }

  remoteMin(room: string, min: number): void {
    for (const group of this.groups) {
      if (group.room !== room) continue;
      group.remoteMin = min;
      this.topUp(group);
    }
  }

  private async open(
    target: Target,
    specs: OpenSpec[],
    concurrency: number,
    timeoutMs: number,
  ): Promise<OpenResult> {
    const started = performance.now();
    let next = 0;
    let opened = 0;
    let failed = 0;
    let error: string | undefined;
    const lane = async (): Promise<void> => {
      while (next < specs.length) {
        const spec = specs[next++]!;
        try {
          this.conns.set(spec.index, await openConn(target, spec.index, spec.room, this, timeoutMs));
          opened++;
        } catch (e) {
          failed++;
          error ??= (e as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, lane));
    return { opened, failed, ms: performance.now() - started, ...(error ? { error } : {}) };
  }

  /**
   * Send every open parley connection's joinroom at once and wait for the answers: a server that reads many joins
   * in one loop iteration tells its members of all of them in one write each, which fills a big room in seconds
   * where one join after another costs a write per member per join.
   */
  private async joinAll(room: string, timeoutMs: number): Promise<number> {
    const joined: Promise<void>[] = [];
    for (const conn of this.conns.values()) {
      joined.push(conn.waitFor('"re":"joinroom"'));
      conn.write(parleyFrame(conn.target.kind, { action: 'joinroom', room }));
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`joins not answered within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all(joined), late]);
    } finally {
      clearTimeout(timer);
    }
    return joined.length;
  }

  private arm(stream: StreamSpec): null {
    this.stop();
    this.stream = stream;
    this.windowFrom = this.windowTo = NONE;
    this.sentInWindow = 0;
    this.dropped = 0;
    this.histogram.reset();
    for (const conn of this.conns.values()) {
      conn.received = conn.inWindow = 0;
      conn.group = -1;
    }
    this.groups = stream.groups.map((spec, i) => {
      const members: Conn[] = [];
      for (const index of spec.members) {
        const conn = this.conns.get(index);
        if (!conn) continue;
        conn.group = i;
        members.push(conn);
      }
      const sender = spec.sender === null ? null : (this.conns.get(spec.sender) ?? null);
      return {
        room: spec.room,
        members,
        sender,
        shared: spec.shared,
        remoteMin: 0,
        sent: 0,
        template: sender ? chatTemplate(sender.target.kind, spec.room, `u${sender.index}`) : null,
        dirty: false,
      };
    });
    return null;
  }

  private go(): null {
    const stream = this.stream!;
    this.sending = true;
    if (this.groups.some((g) => g.shared && g.sender === null)) {
      this.timers.push(setInterval(() => this.reportProgress(), 5));
    }
    if (stream.mode === 'paced') {
      this.pacedStart = nowUs();
      this.timers.push(setInterval(() => this.pace(), 1));
    } else {
      for (const group of this.groups) this.topUp(group);
    }
    return null;
  }

  private stop(): void {
    this.sending = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private snapshot(): Snapshot {
    let received = 0;
    let inWindow = 0;
    let sent = 0;
    for (const conn of this.conns.values()) {
      received += conn.received;
      inWindow += conn.inWindow;
    }
    for (const group of this.groups) sent += group.sent;
    return { received, sent, sentInWindow: this.sentInWindow, inWindow, dropped: this.dropped };
  }

  private topUpAll(): void {
    this.topUpScheduled = false;
    for (const group of this.dirty) {
      group.dirty = false;
      this.topUp(group);
    }
    this.dirty.length = 0;
  }

  /** Send as many messages as the window allows: one per echo in flight mode, up to the window when saturated. */
  private topUp(group: Group): void {
    const sender = group.sender;
    if (!this.sending || sender === null || sender.closed || this.stream!.mode === 'paced') return;
    const window = this.stream!.window;
    let min = group.shared ? group.remoteMin : NONE;
    for (const member of group.members) if (!member.closed && member.received < min) min = member.received;
    const own = this.stream!.mode === 'inflight' ? 1 : window;
    const n = Math.min(sender.received + own, min + window, group.sent + MAX_BATCH) - group.sent;
    if (n > 0) this.send(group, sender, n, nowUs(), 0);
  }

  private pace(): void {
    if (!this.sending) return;
    const rate = this.stream!.rate;
    const now = nowUs();
    for (const group of this.groups) {
      if (group.sender === null || group.sender.closed) continue;
      const due = Math.floor(((now - this.pacedStart) * rate) / 1e6) + 1 - group.sent;
      // Messages carry their scheduled time, not the time the timer fired: a late generator cannot hide latency.
      if (due > 0) this.send(group, group.sender, Math.min(due, MAX_BATCH), 0, 1e6 / rate);
    }
  }

  /** Send n messages in one write; each carries ts (or its scheduled time when step is set). */
  private send(group: Group, sender: Conn, n: number, ts: number, step: number): void {
    const { bytes, tsAt } = group.template!;
    const len = bytes.length;
    const batch = Buffer.allocUnsafe(n * len);
    for (let i = 0; i < n; i++) {
      bytes.copy(batch, i * len);
      const t = step > 0 ? Math.round(this.pacedStart + (group.sent + i) * step) : ts;
      writeDigits(batch, i * len + tsAt, t);
      if (t >= this.windowFrom && t < this.windowTo) this.sentInWindow++;
    }
    group.sent += n;
    sender.write(batch);
  }

  private reportProgress(): void {
    for (const group of this.groups) {
      if (!group.shared || group.sender !== null) continue;
      let min = NONE;
      for (const member of group.members) if (!member.closed && member.received < min) min = member.received;
      send({ progress: { room: group.room, min } });
    }
  }
}

function send(envelope: Envelope): void {
  process.send!(envelope);
}

const generator = new Generator();
process.on('message', (envelope: Envelope) => {
  if ('remoteMin' in envelope) {
    generator.remoteMin(envelope.remoteMin.room, envelope.remoteMin.min);
    return;
  }
  if (!('request' in envelope)) return;
  const { rid, request } = envelope;
  generator.handle(request).then(
    (result) => send({ rid, ok: true, result }),
    (error: unknown) => send({ rid, ok: false, error: String((error as Error).stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
