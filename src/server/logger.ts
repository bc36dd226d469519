// The server's logger: pino, human-readable on a terminal, JSON lines otherwise.
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** A logger at a level, pretty or JSON, writing to standard output. */
export function createLogger(level: string, format: 'pretty' | 'json'): Logger {
  const out = stdout();
  if (format === 'json') return pino({ level, base: { name: 'parley' } }, out);
  const prettify = prettyFactory({
    colorize: process.stdout.isTTY,
    translateTime: 'HH:MM:ss',
    ignore: 'pid,hostname',
  });
  // Formatted in the write call, not in a stream pipeline, so nothing is buffered and nothing can fail later.
  return pino({ level, base: undefined }, { write: (line: string) => out.write(prettify(line)) });
}

/**
 * Standard output as a log destination that can neither hang nor crash the server. Writes are synchronous, so no
 * line waits in a buffer for an exit-time flush (sonic-boom's flushSync retries a closed pipe for ever, which
 * hung `parley serve | head -1` on SIGTERM). After the first failed write (EPIPE: the reader went away; EIO: the
 * terminal is gone) logging stops: a log line is never worth stopping the server for.
 */
function stdout(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: true });
  let open = true;
  destination.on('error', () => {
    open = false;
  });
  return {
    write(line: string): void {
      if (open) destination.write(line);
    },
  };
}
