// Opening the SQLite file: pragmas, an integrity check while the file is small, the schema migration, and
// SQLite's failures turned into one sentence that says what is wrong and what to do about it.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS, schemaVersion } from './migrations.js';

/**
 * Files up to this size (database plus WAL) get `PRAGMA quick_check` at open. It reads every page: about 7 ms per
 * MiB measured here (452 MiB took 3.2 s, from the page cache), so 64 MiB costs under half a second. Larger files
 * skip it rather than make every restart slow; damage found later fails the requests that touch it.
 */
export const QUICK_CHECK_MAX_BYTES = 64 << 20;

/** The database cannot be used as it is; the message names the file, says what is wrong and what to do. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/** An open, checked, migrated database and how to describe it. */
export interface OpenedDatabase {
  db: Database.Database;
  description: string;
}

/**
 * Open (creating if needed), check and migrate a database file, or ':memory:'. Throws DatabaseOpenError for
 * every problem a user can act on; the handle is closed before anything is thrown.
 */
export function openDatabase(file: string, quickCheckMaxBytes = QUICK_CHECK_MAX_BYTES): OpenedDatabase {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // WAL + synchronous=NORMAL: a commit is appended to the WAL with write() but not fsync()ed (only
    // checkpoints are). The data is then in the OS page cache, so an acknowledged write survives the
    // process dying, even by SIGKILL; only an OS crash or power loss can lose the last commits, and
    // even then the database stays consistent. That trade buys much cheaper commits.
    const mode = String(db.pragma('journal_mode = WAL', { simple: true })); // 'memory' for :memory:
    db.pragma('synchronous = NORMAL');
    // Wait instead of failing if an outside reader (backup, sqlite3 shell) briefly holds a lock.
    db.pragma('busy_timeout = 5000');
    if (file !== ':memory:' && fileBytes(file) <= quickCheckMaxBytes) {
      // Rows of one or more lines each, with "*** in database main ***" headings; "ok" alone when sound.
      const rows = db.pragma('quick_check(3)', { simple: false }) as { quick_check: string }[];
      const problems = rows
        .flatMap((row) => row.quick_check.split('\n'))
        .filter((line) => line !== 'ok' && !line.startsWith('***'));
      if (problems.length > 0) {
        const more = problems.length > 1 ? ', and more' : '';
        throw new DatabaseOpenError(damaged(file, `${problems[0]}${more}`));
      }
    }
    const version = schemaVersion(db);
    if (version > MIGRATIONS.length) {
      throw new DatabaseOpenError(
        `the database ${file} was written by a newer parley (schema ${version}, this one knows ${MIGRATIONS.length}): ` +
          'upgrade parley, or pass --data-dir another directory',
      );
    }
    migrate(db);
    return { db, description: `sqlite ${file} (${mode.toUpperCase()})` };
  } catch (error) {
    db?.close(); // never leak the handle of a database we refuse
    throw openError(file, error);
  }
}

/** The sentence for a database SQLite calls damaged: what it said, and the two ways forward. */
function damaged(file: string, reason: string): string {
  return (
    `the database ${file} is damaged (${reason}): restore it from a backup, or move it and its -wal and -shm ` +
    'files away to start with an empty history'
  );
}

/**
 * SQLite's error at open or first use, as a DatabaseOpenError when a user can act on it; anything else (a bug)
 * is returned unchanged, so its stack is kept.
 */
export function openError(file: string, error: unknown): unknown {
  if (error instanceof DatabaseOpenError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const reason = (error as Error).message;
  let sentence: string;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) sentence = damaged(file, reason);
  else if (code.startsWith('SQLITE_CANTOPEN'))
    sentence = `cannot open the database ${file} (${reason}): check that it is a file parley may read and write`;
  else if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM'))
    sentence = `the database ${file} is read-only (${reason}): give parley write permission on it and its directory`;
  else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    sentence = `the database ${file} is locked (${reason}): is another parley using this --data-dir? stop it first`;
  else if (code === 'SQLITE_FULL') sentence = `the disk of ${file} is full (${reason}): free some space`;
  else if (code.startsWith('SQLITE_IOERR'))
    sentence = `cannot read or write the database ${file} (${code}: ${reason}): check the disk`;
  else return error;
  return new DatabaseOpenError(sentence);
}

/** Bytes of the database file and its WAL: what quick_check would read. */
function fileBytes(file: string): number {
  const size = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  return size(file) + size(`${file}-wal`);
}
