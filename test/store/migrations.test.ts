// Schema migrations on in-memory databases: fresh, repeated, from an older version, and refusals.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion, type Migration } from '../../src/store/migrations.js';

const tables = (db: Database.Database) =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name",
    )
    .all()
    .map((r) => r.name);

describe('migrations', () => {
  let db: Database.Database;
  afterEach(() => db.close());

  it('brings a new database to the latest version', () => {
    db = new Database(':memory:');
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['messages', 'targets', 'messages_ts']));
  });

  it('is a no-op when re-applied', () => {
    db = new Database(':memory:');
    migrate(db);
    const before = tables(db);
    db.prepare("INSERT INTO targets (target, last_seq) VALUES ('#a', 7)").run();
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(before);
    expect(db.prepare('SELECT last_seq FROM targets').pluck().get()).toBe(7);
  });

  it('migrates a database at an older version, keeping its data', () => {
    db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    const insert = db.prepare(
      "INSERT INTO messages (mid, target, kind, sender, text, seq, ts) VALUES (?, ?, 'room', 'a', 't', ?, 0)",
    );
    insert.run('m1', '#a', 1);
    insert.run('m2', '#a', 2);
    insert.run('m3', '#b', 1);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    // Version 2 backfills the targets table from the messages already stored.
    expect(db.prepare('SELECT target, last_seq FROM targets ORDER BY target').all()).toEqual([
      { target: '#a', last_seq: 2 },
      { target: '#b', last_seq: 1 },
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(3);
  });

  it('rolls back every step when one fails', () => {
    db = new Database(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, description: 'fails', up: (d) => d.exec('CREATE TABLE nope (x') },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database newer than the code, and a misnumbered list', () => {
    db = new Database(':memory:');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
    const gap: Migration[] = [{ ...MIGRATIONS[0]!, version: 2 }];
    const other = new Database(':memory:');
    expect(() => migrate(other, gap)).toThrow(/expected 1/);
    other.close();
  });

  it('has unique, consecutive versions and a description for each', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS.every((m) => m.description.length > 0)).toBe(true);
  });
});
