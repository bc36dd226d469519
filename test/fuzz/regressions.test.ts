// Every reproducer committed to test/fuzz/corpus/ is replayed against a fresh server process: it must survive and
// go on serving a chatting client (over TCP and WebSocket). A fuzz finding becomes a test by copying its
// repro.json (trimmed) there; see docs/operations.md, "Fuzzing".
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepro, replay } from '../../fuzz/repro.js';

const CORPUS = path.join(import.meta.dirname, 'corpus');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));

describe('fuzz regressions', () => {
  it('has reproducers to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`survives ${file}`, { timeout: 60_000 }, async () => {
      const repro = loadRepro(path.join(CORPUS, file));
      const result = await replay(repro);
      expect(result.survived, `${result.detail}\n${result.stderr}`).toBe(true);
    });
  }
});
