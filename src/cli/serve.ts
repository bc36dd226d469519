// `parley serve`: build the config from file, environment and flags, start the server, stop on signals.
import type { Command } from 'commander';
import { buildConfig, ConfigError, optionsFromEnv, optionsFromFile } from '../server/config.js';
import type { ServerOptions } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { startServer } from '../server/main.js';

/** Add the serve command to the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the chat server (TCP, TLS, WebSocket, web client)')
    .option('--host <address>', 'address to listen on (env PARLEY_HOST)', undefined)
    .option('-p, --port <port>', 'TCP port for native and tutorial clients, plain and TLS (default 9011)')
    .option(
      '--http-port <port>',
      'HTTP port: web client, WebSocket at /ws, /healthz, /metrics (default 8080)',
    )
    .option(
      '--text-port <port>',
      'port of the text dialect for TP6 and netcat clients, or off (default 8888)',
    )
    .option('--tls-cert <file>', 'PEM certificate: enables TLS on the TCP port')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--store <kind>', 'message store: sqlite (default, file in --data-dir) or memory')
    .option('--data-dir <dir>', 'where the SQLite history lives (default ./data)')
    .option('--max-frame <size>', 'largest frame a client may send (default 64KiB)')
    .option('--max-message <chars>', 'longest message text (default 4000)')
    .option(
      '--max-outbound <size>',
      'output queued for one client before it is cut off as too slow (default 1MiB)',
    )
    .option(
      '--heartbeat <duration>',
      'silence before a ping; twice this and the client is dropped (default 30s)',
    )
    .option('--hello-timeout <duration>', 'time a new connection has to identify itself (default 10s)')
    .option('--frame-timeout <duration>', 'time a started frame has to finish (default 10s)')
    .option('--rate <n>', 'messages per second per client, 0 for no limit (default 20)')
    .option('--burst <n>', 'messages a client may send at once above its rate (default 40)')
    .option('--join-rate <n>', 'room joins and leaves per second per client (default 5)')
    .option('--join-burst <n>', 'joins and leaves a client may make at once, as on connecting (default 50)')
    .option(
      '--change-rate <n>',
      'nick and topic changes per second per client, fractions allowed (default 0.5)',
    )
    .option('--change-burst <n>', 'nick and topic changes a client may make at once (default 5)')
    .option('--max-rooms <n>', 'rooms one client may be in at once, 0 for no limit (default 100)')
    .option(
      '--max-connections-per-address <n>',
      'open connections from one address on all ports, 0 for no limit (default 32)',
    )
    .option(
      '--connection-limit-exempt <list>',
      'comma-separated addresses or CIDR ranges the per-address limit ignores (a reverse proxy)',
    )
    .option('--history-in-flight <n>', 'history requests one client may have unanswered at once (default 4)')
    .option('--list-page <n>', 'most rooms or members in one answer; longer lists are paged (default 500)')
    .option(
      '--allowed-origins <list>',
      "comma-separated origins whose web pages may open WebSockets besides this server's own; * for any",
    )
    .option('--metrics <access>', 'who may read /metrics: public, loopback (default) or off')
    .option('--history-on-join <n>', 'recent messages sent on join (default 50)')
    .option('--retain-messages <n>', 'messages kept per room, 0 for all (default 0)')
    .option('--retain-age <duration>', 'how long messages are kept, 0 for ever (default 0)')
    .option('--default-room <name>', 'the room of clients that have no rooms (default lobby)')
    .option('--shutdown-grace <duration>', 'time given to clients to close on shutdown (default 5s)')
    .option('--log-level <level>', 'trace, debug, info, warn, error, fatal or silent (default info)')
    .option('--log-format <format>', 'pretty or json (default: pretty on a terminal)')
    .option('-c, --config <file>', 'JSON file with any of these options in camelCase (env PARLEY_CONFIG)')
    .action(async (flags: ServerOptions & { config?: string }) => {
      const { config: file, ...options } = flags;
      const configFile = file ?? process.env.PARLEY_CONFIG;
      let config;
      try {
        config = buildConfig(
          configFile ? optionsFromFile(configFile) : {},
          optionsFromEnv(process.env),
          options,
        );
      } catch (error) {
        fail(error);
      }
      const log = createLogger(config.logLevel, config.logFormat);
      let server;
      try {
        server = await startServer(config, log);
      } catch (error) {
        fail(error);
      }
      let signals = 0;
      // Installed before the listening line: whoever reads it may signal at once (tests and supervisors do).
      // Every path ends in process.exit, whatever happens to the log on the way (stdout may be a closed pipe).
      const stop = (signal: NodeJS.Signals): void => {
        if (++signals > 1) {
          quietly(() => log.warn(`${signal} again: exiting now`));
          process.exit(1);
        }
        quietly(() => log.info(`${signal}: telling clients and shutting down (again to force)`));
        server.close().then(
          () => {
            quietly(() => log.info('stopped'));
            process.exit(0);
          },
          (error: unknown) => {
            quietly(() => log.error({ err: error }, 'shutdown failed'));
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
      log.info({ store: server.hub.store.description }, `store: ${server.hub.store.description}`);
      log.info(
        {
          tcpPort: server.tcpPort,
          httpPort: server.httpPort,
          textPort: server.textPort,
          tls: config.tls !== null,
        },
        `listening: tcp ${config.host}:${server.tcpPort}${config.tls ? ' (plain and TLS)' : ''}, ` +
          (server.textPort !== null ? `text (TP6) ${config.host}:${server.textPort}, ` : '') +
          `web http://${host}:${server.httpPort}/ and WebSocket ws://${host}:${server.httpPort}/ws` +
          (config.tls ? ' (https:// and wss:// too)' : ''),
      );
      log.info('ready; Ctrl-C to stop');
    });
}

/** Run a log call whose failure must not stop what follows it (a shutdown must reach its exit). */
function quietly(write: () => void): void {
  try {
    write();
  } catch {
    // the log is unwritable: nothing better to tell it to
  }
}

/** End a start that cannot go on: one line on stderr, exit 2; a stack only for what is not a user's to fix. */
function fail(error: unknown): never {
  const message =
    error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).stack ?? error}`;
  process.stderr.write(`parley: ${message}\n`);
  process.exit(2);
}
