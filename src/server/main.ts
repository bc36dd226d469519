// The composition root: the only place that picks the concrete store, dialects and listeners.
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { MemoryStore } from '../store/memory.js';
import type { Store } from '../store/types.js';
import { acceptInto } from './accept.js';
import type { ServerConfig } from './config.js';
import { ConfigError } from './config.js';
import { aiohttpDialect } from './dialects/aiohttp.js';
import { caseStudyDialect } from './dialects/case-study.js';
import { chatDemoDialect, isChatDemoFrame } from './dialects/chat-demo.js';
import type { Dialect } from './dialects/dialect.js';
import { firstPayloadDialect, onlyRule, textRule, uint24JsonRule, uint32Rule } from './dialects/detect.js';
import { echoDialect } from './dialects/echo.js';
import { nativeDialect } from './dialects/native.js';
import { tp6Dialect } from './dialects/tp6.js';
import { Hub } from './hub.js';
import { createMetrics, metricsHandler } from './metrics.js';
import { localSeams } from './seams/local.js';
import { AddressLimit, REFUSALS } from './transports/address-limit.js';
import { createHttpListener, healthHandler } from './transports/http.js';
import { staticHandler } from './transports/static.js';
import type { ListenerHost } from './transports/connection.js';
import { createTcpListener } from './transports/tcp.js';
import { plainAndTls } from './transports/tls-port.js';

/** A server that is listening. */
export interface RunningServer {
  readonly hub: Hub;
  readonly tcpPort: number;
  readonly httpPort: number;
  /** The text dialect's own port (TP6 clients), or null when it is off. */
  readonly textPort: number | null;
  /** Tell clients, close connections, flush the store; resolves when done (within the configured grace). */
  close(): Promise<void>;
}

/** Open the store the config names; a data directory or database a user must fix is a ConfigError. */
export async function openStore(config: ServerConfig, log?: Logger): Promise<Store> {
  if (config.store === 'memory') return new MemoryStore(config.retention);
  makeDataDir(config.dataDir);
  const { SqliteStore, DatabaseOpenError } = await import('../store/sqlite.js');
  try {
    return new SqliteStore({
      path: path.resolve(config.dataDir, 'parley.db'),
      retention: config.retention,
      onError: (error, during) => log?.error({ err: error }, `message store: ${during} failed`),
    });
  } catch (error) {
    throw error instanceof DatabaseOpenError ? new ConfigError(error.message) : error;
  }
}

function makeDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // mkdir's own words would be "EEXIST: file already exists, mkdir", which hides the problem.
    if (code === 'EEXIST')
      throw new ConfigError(`--data-dir ${dir} is a file, not a directory: pass a directory`);
    if (code === 'ENOTDIR')
      throw new ConfigError(`--data-dir ${dir} cannot be made: part of its path is a file: pass a directory`);
    throw new ConfigError(
      `cannot make --data-dir ${dir} (${code ?? (error as Error).message}): pass a directory parley may write`,
    );
  }
}

/** Start every listener the config asks for. */
export async function startServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  // One count of open connections per address for every port together (checked before anything is opened).
  const addressLimit = connectionLimit(config);
  const store = await openStore(config, log);
  // One node: nick claims, presence and event fan-out live in this process.
  const hub = new Hub(config, store, log, localSeams);
  // Rooms are made on first join; their topics were kept by the store and wait for them.
  for (const kept of await store.topics()) hub.rooms.setTopic(kept.room, kept.topic, kept.by);
  const native = { tcp: nativeDialect(hub, 'u32'), ws: nativeDialect(hub, 'ws') };
  const tp6 = tp6Dialect(hub);
  // Native and the chat demo share uint32 frames: their first frame tells them apart.
  const u32 = firstPayloadDialect(native.tcp, [{ test: isChatDemoFrame, dialect: chatDemoDialect(hub) }]);
  const rules = [uint32Rule(u32), uint24JsonRule(caseStudyDialect(hub)), textRule(tp6)];
  // What every listener gets: the hand-over into the hub, and the few settings a transport needs.
  const host: ListenerHost<Dialect> = {
    accept: acceptInto(hub),
    closing: () => hub.isClosing,
    log,
    helloTimeoutMs: config.helloTimeoutMs,
  };
  // One limits object for every connection of a TCP listener (each would otherwise keep its own copy).
  const limits = {
    maxFrameBytes: config.limits.maxFrameBytes,
    frameTimeoutMs: config.frameTimeoutMs,
    maxOutboundBytes: config.maxOutboundBytes,
  };
  const tcp = createTcpListener({
    ...host,
    limits,
    rules,
    tls: config.tls,
    addressLimit,
    refusal: REFUSALS.native,
  });
  const text =
    config.textPort === null
      ? null
      : createTcpListener({
          ...host,
          limits,
          rules: [onlyRule('text', tp6)],
          tls: null,
          addressLimit,
          refusal: REFUSALS.text,
        });
  const httpServer = createHttpListener({
    ...host,
    maxFrameBytes: config.limits.maxFrameBytes,
    maxOutboundBytes: config.maxOutboundBytes,
    allowedOrigins: config.allowedOrigins,
    websockets: { '/ws': native.ws, '/chat': aiohttpDialect(hub), '/echo': echoDialect(hub) },
    handlers: [
      healthHandler(
        () => ({
          closing: hub.isClosing,
          sessions: hub.sessions.size,
          rooms: hub.rooms.size,
          store: config.store,
        }),
        Date.now(),
      ),
      metricsHandler(createMetrics(hub, addressLimit), config.metrics),
      staticHandler(),
    ],
  });
  // With a certificate the HTTP port speaks HTTPS and wss:// as well, told apart by the first byte.
  const httpPort = plainAndTls(httpServer, {
    credentials: config.tls,
    helloTimeoutMs: config.helloTimeoutMs,
    addressLimit,
    log,
  });
  try {
    await listen(tcp, config.host, config.tcpPort, '--port');
    await listen(httpPort, config.host, config.httpPort, '--http-port');
    if (text) await listen(text, config.host, config.textPort!, '--text-port');
  } catch (error) {
    tcp.close();
    httpPort.close();
    text?.close();
    hub.dispose();
    await store.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    hub,
    tcpPort: portOf(tcp),
    httpPort: portOf(httpPort),
    textPort: text ? portOf(text) : null,
    close: () =>
      (closing ??= shutdown(config, hub, store, [tcp, httpPort, ...(text ? [text] : [])], httpServer)),
  };
}

async function shutdown(
  config: ServerConfig,
  hub: Hub,
  store: Store,
  servers: net.Server[],
  httpServer: http.Server,
): Promise<void> {
  const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
  await hub.shutdown();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref());
  await Promise.race([Promise.all(closed), grace]);
  httpServer.closeAllConnections();
  hub.dispose();
  await store.close();
}

/** The per-address connection limit the config asks for; a bad exempt entry is a configuration error. */
function connectionLimit(config: ServerConfig): AddressLimit {
  try {
    return new AddressLimit(config.quotas.maxConnectionsPerAddress, config.quotas.connectionLimitExempt);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function listen(server: net.Server, host: string, port: number, flag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE')
        reject(
          new ConfigError(`port ${port} in use: pass ${flag} another port, or stop the program using it`),
        );
      else if (error.code === 'EACCES')
        reject(new ConfigError(`no permission to listen on port ${port}: pass ${flag} a port above 1023`));
      else if (error.code === 'EADDRNOTAVAIL')
        reject(new ConfigError(`cannot listen on ${host}: pass --host an address of this machine`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function portOf(server: net.Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
