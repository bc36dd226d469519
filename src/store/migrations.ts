// Versioned schema for the SQLite store. The version lives in `PRAGMA user_version` (a header field, so it
// needs no table of its own and commits atomically with the schema change). Never edit a released
// migration: append a new one, because existing databases have already run the old text.
import type Database from 'better-sqlite3';

/** One schema step; `up` runs inside the migration transaction and must not commit on its own. */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/** Every migration, in order; versions are 1, 2, 3, ... with no gaps. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'messages table, paged by (target, seq), idempotent by (target, key)',
    up(db) {
      // UNIQUE(target, seq) doubles as the paging index (history and bounds are range scans on it).
      // UNIQUE(target, key) ignores NULL keys, so only keyed appends are deduplicated.
      db.exec(`
        CREATE TABLE messages (
          id        INTEGER PRIMARY KEY,
          mid       TEXT    NOT NULL UNIQUE,
          target    TEXT    NOT NULL,
          kind      TEXT    NOT NULL CHECK (kind IN ('room', 'dm')),
          sender    TEXT    NOT NULL,
          recipient TEXT,
          text      TEXT    NOT NULL,
          seq       INTEGER NOT NULL,
          ts        INTEGER NOT NULL,
          key       TEXT,
          UNIQUE (target, seq),
          UNIQUE (target, key)
        );
      `);
    },
  },
  {
    version: 2,
    description: 'targets table (sequence survives retention) and ts index (age retention)',
    up(db) {
      // Retention may delete every row of a target; MAX(seq) would then restart at 1, so the last
      // sequence number is kept here. Backfilled for databases that already hold messages.
      db.exec(`
        CREATE TABLE targets (
          target   TEXT    PRIMARY KEY,
          last_seq INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO targets (target, last_seq) SELECT target, MAX(seq) FROM messages GROUP BY target;
        CREATE INDEX messages_ts ON messages (ts);
      `);
    },
  },
  {
    version: 3,
    description: 'topics table (a room keeps its topic when it empties and across restarts)',
    up(db) {
      db.exec(`
        CREATE TABLE topics (
          room   TEXT    PRIMARY KEY,
          topic  TEXT    NOT NULL,
          set_by TEXT    NOT NULL,
          set_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
];

/** The schema version of a database (0 for a new one). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Bring a database up to the latest version in one transaction (all pending steps or none) and return
 * the version reached. A database newer than this code is refused rather than risk misreading it.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const apply = db.transaction(() => {
    // Read inside the (immediate) transaction so two processes opening the same file cannot both migrate.
    const current = schemaVersion(db);
    if (current > latest) {
      throw new Error(
        `database schema version ${current} is newer than this parley (${latest}); upgrade parley`,
      );
    }
    for (const m of migrations.slice(current)) {
      m.up(db);
      // Integer only (validated above), so interpolating into the pragma is safe.
      db.pragma(`user_version = ${m.version}`);
    }
  });
  apply.immediate();
  return schemaVersion(db);
}
