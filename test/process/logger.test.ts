// The server's log must never hold the process: a closed standard output (the reader went away) stops logging.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Run a script that logs two lines and exits at once, with its stdout a pipe whose reader is already gone. */
function logIntoClosedPipe(format: 'json' | 'pretty'): Promise<number | string> {
  const script = `
    import { createLogger } from './src/server/logger.ts';
    const log = createLogger('info', '${format}');
    log.info('first'); // meets the closed pipe
    log.info('second'); // an asynchronous logger still holds this one when exit comes
    process.exit(0);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.destroy(); // closed long before the child has loaded its modules
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  // A logger that retries the pipe for ever would never exit: end it so the test fails instead of hanging.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return exited.finally(() => clearTimeout(timer));
}

describe('the logger on a closed standard output', () => {
  it.each(['json', 'pretty'] as const)('lets the process exit (%s)', async (format) => {
    expect(await logIntoClosedPipe(format)).toBe(0);
  });
});
