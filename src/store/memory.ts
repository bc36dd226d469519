// The in-memory store: for tests and for `--store memory`. Same contract as SQLite, nothing survives a restart.
import type {
  AppendResult,
  HistoryQuery,
  NewMessage,
  RetentionPolicy,
  SeqBounds,
  Store,
  StoredMessage,
  StoredTopic,
} from './types.js';

interface Target {
  messages: StoredMessage[];
  lastSeq: number;
  byKey: Map<string, StoredMessage>;
}

/** A Store that keeps everything in process memory. */
export class MemoryStore implements Store {
  readonly description = 'memory (history is lost on restart)';
  private readonly targets = new Map<string, Target>();
  private readonly roomTopics = new Map<string, StoredTopic>();
  private nextId = 1;
  private readonly keyOf = new WeakMap<StoredMessage, string>();

  constructor(private readonly retention: RetentionPolicy = { maxMessagesPerTarget: 0, maxAgeMs: 0 }) {}

  async setTopic(topic: StoredTopic): Promise<void> {
    if (topic.topic === '') this.roomTopics.delete(topic.room);
    else this.roomTopics.set(topic.room, { ...topic });
  }

  async topics(): Promise<StoredTopic[]> {
    return [...this.roomTopics.values()].map((topic) => ({ ...topic }));
  }

  async append(input: NewMessage): Promise<AppendResult> {
    const target = this.target(input.target);
    if (input.key !== undefined) {
      const existing = target.byKey.get(input.key);
      if (existing) return { message: existing, duplicate: true };
    }
    const message: StoredMessage = {
      mid: `m${(this.nextId++).toString(36)}`,
      target: input.target,
      kind: input.kind,
      from: input.from,
      text: input.text,
      seq: ++target.lastSeq,
      ts: Date.now(),
      ...(input.to !== undefined ? { to: input.to } : {}),
    };
    target.messages.push(message);
    if (input.key !== undefined) {
      target.byKey.set(input.key, message);
      this.keyOf.set(message, input.key);
    }
    this.prune(target, message.ts);
    return { message, duplicate: false };
  }

  async history(targetName: string, query: HistoryQuery): Promise<StoredMessage[]> {
    const messages = this.targets.get(targetName)?.messages ?? [];
    if (query.after !== undefined) {
      const after = query.after;
      const upper = query.before ?? Infinity;
      return messages.filter((m) => m.seq > after && m.seq < upper).slice(0, query.limit);
    }
    const before = query.before ?? Infinity;
    const older = messages.filter((m) => m.seq < before);
    return older.slice(Math.max(0, older.length - query.limit));
  }

  async bounds(targetName: string): Promise<SeqBounds | null> {
    const target = this.targets.get(targetName);
    if (!target || target.lastSeq === 0) return null;
    const { messages, lastSeq } = target;
    // Retention may have removed every message: then the range is empty, just after the last seq.
    return messages.length === 0
      ? { first: lastSeq + 1, last: lastSeq }
      : { first: messages[0]!.seq, last: lastSeq };
  }

  async close(): Promise<void> {}

  private target(name: string): Target {
    let target = this.targets.get(name);
    if (!target) {
      target = { messages: [], lastSeq: 0, byKey: new Map() };
      this.targets.set(name, target);
    }
    return target;
  }

  private prune(target: Target, now: number): void {
    const { maxMessagesPerTarget, maxAgeMs } = this.retention;
    let drop = 0;
    if (maxMessagesPerTarget > 0) drop = Math.max(0, target.messages.length - maxMessagesPerTarget);
    if (maxAgeMs > 0)
      while (drop < target.messages.length && target.messages[drop]!.ts < now - maxAgeMs) drop++;
    if (drop === 0) return;
    for (const m of target.messages.splice(0, drop)) {
      const key = this.keyOf.get(m);
      if (key !== undefined) target.byKey.delete(key);
    }
  }
}
