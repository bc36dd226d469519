// Start a real server on port 0 for a test, with an in-memory store and silent logs unless asked otherwise.
import { pino } from 'pino';
import { buildConfig } from '../../src/server/config.js';
import type { ServerOptions } from '../../src/server/config.js';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';

/** A running test server and the addresses to reach it. */
export interface TestServer extends RunningServer {
  wsUrl: string;
  httpUrl: string;
  /** aiohttp-chat's WebSocket paths. */
  chatUrl: string;
  echoUrl: string;
}

/**
 * Start a server on loopback with free ports; options override the test defaults. The text (TP6) port is off
 * unless asked for: pass `textPort: 0` for a free one, then read `server.textPort`.
 */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const config = buildConfig({
    host: '127.0.0.1',
    port: 0,
    httpPort: 0,
    textPort: null,
    store: 'memory',
    rate: 0,
    logLevel: 'silent',
    logFormat: 'json',
    ...options,
  });
  const log = pino({ level: process.env.PARLEY_TEST_LOG ?? 'silent' });
  const server = await startServer(config, log);
  return Object.assign(server, {
    wsUrl: `ws://127.0.0.1:${server.httpPort}/ws`,
    chatUrl: `ws://127.0.0.1:${server.httpPort}/chat`,
    echoUrl: `ws://127.0.0.1:${server.httpPort}/echo`,
    httpUrl: `http://127.0.0.1:${server.httpPort}`,
  });
}
