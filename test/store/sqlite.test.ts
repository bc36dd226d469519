// SqliteStore: the shared contract, plus what only a durable, batched store can show.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../src/store/migrations.js';
import { SqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite.js';
import { KEEP_ALL, appendMany, msg, storeContract } from './contract.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  dirs.push(dir);
  return join(dir, 'parley.db');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

storeContract('SqliteStore', (retention) => new SqliteStore({ path: tempDb(), retention }));
storeContract('SqliteStore :memory:', (retention) => new SqliteStore({ path: ':memory:', retention }));

describe('SqliteStore', () => {
  const open: SqliteStore[] = [];
  const make = (options: Partial<SqliteStoreOptions> & { path: string }) => {
    const store = new SqliteStore({ retention: KEEP_ALL, ...options });
    open.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('creates the parent directory, uses WAL and migrates', async () => {
    const path = join(tempDb(), '..', 'deeper', 'still', 'chat.db');
    const store = make({ path });
    expect(store.description).toBe(`sqlite ${path} (WAL)`);
    await store.append(msg('#a', 'hi'));
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('continues each sequence after close and reopen, with no gap or repeat', async () => {
    const path = tempDb();
    let store = make({ path });
    await appendMany(store, '#a', 5);
    await appendMany(store, '#b', 2);
    const mids = new Set((await store.history('#a', { limit: 100 })).map((m) => m.mid));
    await store.close();
    store = make({ path });
    const more = await appendMany(store, '#a', 3, 6);
    expect(more.map((m) => m.seq)).toEqual([6, 7, 8]);
    expect((await store.append(msg('#b', 'x'))).message.seq).toBe(3);
    const all = await store.history('#a', { limit: 100 });
    expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8']);
    for (const m of more) expect(mids.has(m.mid)).toBe(false);
    expect(new Set(all.map((m) => m.mid)).size).toBe(8);
  });

  it('returns the original for a repeated key after a reopen', async () => {
    const path = tempDb();
    let store = make({ path });
    const first = await store.append(msg('#k', 'once', { key: 'abc', to: 'bob', kind: 'dm' }));
    await store.close();
    store = make({ path });
    expect(await store.append(msg('#k', 'twice', { key: 'abc' }))).toEqual({
      message: first.message,
      duplicate: true,
    });
    expect((await store.append(msg('#k', 'next'))).message.seq).toBe(2);
  });

  it('prunes by age with the injected clock, and the sequence outlives its rows', async () => {
    const path = tempDb();
    let clock = 1_000;
    const retention = { maxMessagesPerTarget: 0, maxAgeMs: 500 };
    let store = make({ path, retention, now: () => clock });
    await appendMany(store, '#old', 3);
    clock = 1_400;
    await appendMany(store, '#old', 2, 4);
    clock = 1_600;
    expect(store.pruneExpired()).toBe(3);
    expect(await store.bounds('#old')).toEqual({ first: 4, last: 5 });
    clock = 10_000;
    expect(store.pruneExpired()).toBe(2);
    // Everything is gone, but the sequence is known: an empty range just after the last seq.
    expect(await store.bounds('#old')).toEqual({ first: 6, last: 5 });
    expect(await store.bounds('#never')).toBeNull();
    expect((await store.append(msg('#old', 'after the purge'))).message.seq).toBe(6);
    await store.close();
    // Reopening prunes at once (the last message is older than maxAgeMs by then), yet seq continues.
    clock = 20_000;
    store = make({ path, retention, now: () => clock });
    expect(await store.bounds('#old')).toEqual({ first: 7, last: 6 });
    expect((await store.append(msg('#old', 'still counting'))).message.seq).toBe(7);
  });

  it('continues the sequence after count retention, across a reopen', async () => {
    const path = tempDb();
    const retention = { maxMessagesPerTarget: 2, maxAgeMs: 0 };
    let store = make({ path, retention });
    await appendMany(store, '#c', 10);
    await store.close();
    store = make({ path, retention });
    expect(await store.bounds('#c')).toEqual({ first: 9, last: 10 });
    expect((await store.append(msg('#c', 'x'))).message.seq).toBe(11);
    expect(await store.bounds('#c')).toEqual({ first: 10, last: 11 });
  });

  it('writes many appends of one tick in one transaction', async () => {
    const store = make({ path: tempDb() });
    const start = store.batchesCommitted;
    await appendMany(store, '#a', 1_000);
    expect(store.batchesCommitted - start).toBe(1);
    await Promise.all([store.append(msg('#a', 'x')), store.append(msg('#b', 'y'))]);
    expect(store.batchesCommitted - start).toBe(2);
  });

  it('gathers appends of several ticks when flushIntervalMs is set', async () => {
    const store = make({ path: tempDb(), flushIntervalMs: 50 });
    const first = store.append(msg('#a', 'one'));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const second = store.append(msg('#a', 'two'));
    expect(store.batchesCommitted).toBe(0);
    await Promise.all([first, second]);
    expect(store.batchesCommitted).toBe(1);
  });

  it('flushes pending appends on close, is idempotent, then refuses work', async () => {
    const path = tempDb();
    const store = make({ path, flushIntervalMs: 60_000 });
    const pending = [store.append(msg('#a', 'one')), store.append(msg('#a', 'two'))];
    await store.close();
    await store.close();
    expect((await Promise.all(pending)).map((r) => r.message.seq)).toEqual([1, 2]);
    await expect(store.append(msg('#a', 'late'))).rejects.toThrow(/closed/);
    await expect(store.history('#a', { limit: 1 })).rejects.toThrow(/closed/);
    const reopened = make({ path });
    expect(await reopened.bounds('#a')).toEqual({ first: 1, last: 2 });
  });

  it('rejects every append of a failed batch and leaves no gap', async () => {
    const path = tempDb();
    const store = make({ path });
    await appendMany(store, '#a', 2);
    // A second connection installs a trigger that fails any batch containing 'boom'.
    const saboteur = new Database(path);
    saboteur.exec(`CREATE TRIGGER boom BEFORE INSERT ON messages WHEN NEW.text = 'boom'
                   BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const batch = [
      store.append(msg('#a', 'ok', { key: 'k' })),
      store.append(msg('#a', 'ok again', { key: 'k' })),
      store.append(msg('#a', 'boom')),
      store.append(msg('#b', 'innocent')),
    ];
    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    saboteur.exec('DROP TRIGGER boom');
    saboteur.close();
    const retry = await store.append(msg('#a', 'ok', { key: 'k' }));
    expect(retry).toMatchObject({ duplicate: false, message: { seq: 3 } });
    expect((await store.append(msg('#b', 'innocent'))).message.seq).toBe(1);
    expect((await store.history('#a', { limit: 10 })).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps acknowledged appends when the process is killed with SIGKILL', async () => {
    const path = tempDb();
    const storeUrl = new URL('../../src/store/sqlite.ts', import.meta.url).href;
    const script = `
      import { SqliteStore } from ${JSON.stringify(storeUrl)};
      const store = new SqliteStore({ path: ${JSON.stringify(path)}, retention: { maxMessagesPerTarget: 0, maxAgeMs: 0 } });
      const results = await Promise.all(Array.from({ length: 500 }, (_, i) =>
        store.append({ target: '#k', kind: 'room', from: 'a', text: 't' + i })));
      process.stdout.write('acked ' + results.at(-1).message.seq + '\\n');
      setInterval(() => {}, 1000);`;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => resolve(d.toString()));
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    expect(line.trim()).toBe('acked 500');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    const store = make({ path });
    expect(await store.bounds('#k')).toEqual({ first: 1, last: 500 });
  });
});
