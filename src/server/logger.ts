// The server's logger: pino, human-readable on a terminal, JSON lines otherwise.
import { pino } from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

/** A logger at a level, pretty or JSON. */
export function createLogger(level: string, format: 'pretty' | 'json'): Logger {
  if (format === 'json') return pino({ level, base: { name: 'parley' } });
  return pino(
    { level, base: undefined },
    pretty({ sync: true, colorize: process.stdout.isTTY, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }),
  );
}
