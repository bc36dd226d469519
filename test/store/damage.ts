// Damage an SQLite database behind the back of a process that has it open, as a failing disk would.
import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Overwrite every page of the messages table and its indexes with garbage, then commit an unrelated change: in WAL
 * mode that commit makes every other connection drop its cached pages, so its next read meets the damage.
 */
export function damageMessages(file: string): number {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    // Move every committed page from the WAL into the file, where the garbage will be written.
    const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (checkpoint?.busy) throw new Error('the database is busy: cannot checkpoint it');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db
      .prepare<[], number>(
        "SELECT pageno FROM dbstat WHERE name = 'messages' OR name = 'messages_ts' OR name LIKE 'sqlite_autoindex_messages%'",
      )
      .pluck()
      .all();
    const fd = openSync(file, 'r+');
    try {
      for (const page of pages)
        writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    } finally {
      closeSync(fd);
    }
    db.prepare(
      "INSERT OR REPLACE INTO topics (room, topic, set_by, set_at) VALUES ('elsewhere', 'x', 'disk', 0)",
    ).run();
    return pages.length;
  } finally {
    db.close();
  }
}
