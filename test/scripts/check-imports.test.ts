// scripts/check-imports.ts, run as CI runs it (a process through tsx) on small trees written for the test: a cycle
// or an upward import from a server transport fails it and is named; a tree without either passes.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImports, formatReport } from '../../scripts/check-imports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/check-imports.ts');

/** How the script ended. */
interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the script on a directory. */
function check(dir: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, dir], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('check-imports', { timeout: 60_000 }, () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A temporary tree holding these files (path relative to the tree -> contents). */
  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-imports-'));
    made.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it('passes a tree whose imports all point one way', async () => {
    const dir = tree({
      'a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'b.ts': "import type { C } from './lib/c.js';\nexport const b: C = 1;\n",
      'lib/c.ts': "import { readFileSync } from 'node:fs';\nexport type C = number;\nvoid readFileSync;\n",
      'server/transports/tcp.ts': "import { a } from '../../a.js';\nexport const t = a;\n",
    });
    const outcome = await check(dir);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    expect(outcome.stdout).toContain('0 cycle(s), 0 upward import(s) in 4 files');
  });

  it('fails on a cycle of two files, also when one side imports only a type, and names it', async () => {
    const dir = tree({
      'one.ts': "import { two } from './two.js';\nexport const one = two + 1;\n",
      'two.ts': "import type { One } from './one.js';\nexport const two = 2;\nexport type Two = One;\n",
      'three.ts': "import { one } from './one.js';\nexport const three = one;\n",
    });
    const outcome = await check(dir);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('import cycle: one.ts -> two.ts -> one.ts');
    expect(outcome.stderr).toContain('1 cycle(s), 0 upward import(s) in 3 files');
  });

  it('follows export-from and dynamic imports, and names a longer loop in import order', async () => {
    const dir = tree({
      'index.ts': "export { x } from './x.js';\n",
      'x.ts': "export const x = 1;\nexport async function load() {\n  return import('./y.js');\n}\n",
      'y.ts': "export * from './index.js';\n",
    });
    const report = checkImports(dir); // in-process: the exported API the command line prints
    expect(report).toEqual({
      files: 3,
      cycles: [{ files: ['index.ts', 'x.ts', 'y.ts'], loop: ['index.ts', 'x.ts', 'y.ts', 'index.ts'] }],
      upward: [],
    });
    expect(formatReport(report)).toEqual([
      'import cycle: index.ts -> x.ts -> y.ts -> index.ts',
      '1 cycle(s), 0 upward import(s) in 3 files',
    ]);
  });

  it('fails on a server transport importing the hub or the session', async () => {
    const dir = tree({
      'server/hub.ts': 'export class Hub {}\n',
      'server/session.ts': 'export class Session {}\n',
      'server/transports/tcp.ts':
        "import type { Hub } from '../hub.js';\nimport { Session } from '../session.js';\nexport type T = [Hub, Session];\n",
      'server/transports/connection.ts': 'export interface Connection {}\n',
    });
    const outcome = await check(dir);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('upward import: server/transports/tcp.ts -> server/hub.ts');
    expect(outcome.stderr).toContain('upward import: server/transports/tcp.ts -> server/session.ts');
    expect(outcome.stderr).toContain('0 cycle(s), 2 upward import(s) in 4 files');
  });

  it('names every file of a larger circle, with one of its loops', () => {
    const dir = tree({
      'a.ts': "import './b.js';\nimport './c.js';\n",
      'b.ts': "import './a.js';\n",
      'c.ts': "import './a.js';\n",
    });
    expect(formatReport(checkImports(dir))[0]).toBe(
      'import cycle among 3 files (a.ts, b.ts, c.ts), for one: a.ts -> b.ts -> a.ts',
    );
  });

  it('refuses a directory that does not exist', async () => {
    const outcome = await check(path.join(tmpdir(), 'parley-imports-missing-dir'));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('is not a directory');
  });
});
