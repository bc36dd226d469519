// SqliteStore on a damaged file: refused at open with a sentence that says what to do, and damage met later fails
// the calls that touch it (rejected promises, errors reported) without ever throwing out of a timer.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError, SqliteStore } from '../../src/store/sqlite.js';
import { KEEP_ALL, appendMany, msg } from './contract.js';
import { damageMessages } from './damage.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-damage-'));
  dirs.push(dir);
  return join(dir, 'parley.db');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A closed database of a few hundred messages: the WAL is checkpointed into the file. */
async function filled(): Promise<string> {
  const path = tempDb();
  const store = new SqliteStore({ path, retention: KEEP_ALL });
  await appendMany(store, '#a', 300);
  await appendMany(store, '#b', 300);
  await store.close();
  return path;
}

function garbage(path: string, at: number, length: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, at);
  closeSync(fd);
}

const corrupt = { code: expect.stringMatching(/^SQLITE_CORRUPT/) as unknown };

describe('SqliteStore opening a damaged file', () => {
  it('refuses a file whose header is overwritten, naming it and what to do', async () => {
    const path = await filled();
    garbage(path, 0, 100);
    expect(() => new SqliteStore({ path, retention: KEEP_ALL })).toThrow(DatabaseOpenError);
    expect(() => new SqliteStore({ path, retention: KEEP_ALL })).toThrow(
      `the database ${path} is damaged (file is not a database): restore it from a backup`,
    );
  });

  it('finds damaged pages with quick_check, and skips the check above quickCheckMaxBytes', async () => {
    const path = await filled();
    const middle = Math.floor(statSync(path).size / 2 / 4096) * 4096;
    garbage(path, middle, 3 * 4096);
    expect(() => new SqliteStore({ path, retention: KEEP_ALL })).toThrow(/is damaged \(.+\): restore it/);
    // Unchecked, the store opens (its start-up reads miss the damage) and the damage fails the reads that meet it.
    const store = new SqliteStore({ path, retention: KEEP_ALL, quickCheckMaxBytes: 0 });
    const reads = await Promise.allSettled([
      store.history('#a', { limit: 300 }),
      store.history('#b', { limit: 300 }),
    ]);
    expect(reads.some((r) => r.status === 'rejected')).toBe(true);
    await store.close();
  });

  it('refuses a database from a newer parley without a stack of migration errors', () => {
    const path = tempDb();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteStore({ path, retention: KEEP_ALL })).toThrow(
      `the database ${path} was written by a newer parley (schema 99, this one knows 3): upgrade parley`,
    );
  });
});

describe('SqliteStore meeting damage while it runs', () => {
  it('rejects the reads and writes that meet it, reports the retention timer, and still closes', async () => {
    const path = tempDb();
    const errors: { error: unknown; during: string }[] = [];
    let reported!: () => void;
    const firstReport = new Promise<void>((resolve) => (reported = resolve));
    const store = new SqliteStore({
      path,
      retention: { maxMessagesPerTarget: 0, maxAgeMs: 3_600_000 },
      pruneIntervalMs: 5,
      onError: (error, during) => {
        errors.push({ error, during });
        reported();
      },
    });
    await appendMany(store, '#a', 300);
    expect(damageMessages(path)).toBeGreaterThan(0);
    // Before the fix, this timer's exception ended the process; now it is reported and the timer goes on.
    await firstReport;
    expect(errors[0]).toMatchObject({ error: corrupt, during: 'removing expired messages' });
    await expect(store.history('#a', { limit: 10 })).rejects.toMatchObject(corrupt);
    await expect(store.append(msg('#a', 'after the damage'))).rejects.toMatchObject(corrupt);
    await expect(store.bounds('#new')).rejects.toMatchObject(corrupt);
    await store.close();
    await expect(store.append(msg('#a', 'closed'))).rejects.toThrow(/closed/);
  });
});
