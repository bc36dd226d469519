// Flags, environment and an optional JSON file → one validated, frozen config, passed down (never a global).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../protocol/index.js';
import type { Limits } from '../protocol/index.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE = /^(\d+)(b|k|kb|kib|m|mb|mib)?$/i;
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
};

/** Milliseconds from a number or a string such as "30s", "250ms", "5m". */
const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const match = typeof value === 'number' ? null : DURATION.exec(value.trim());
  if (typeof value === 'number' && value >= 0) return value;
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (examples: 500ms, 30s, 5m)` });
    return z.NEVER;
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
});
/** A duration that must not be 0: a timeout of 0 would mean "at once" to some checks and "never" to Node's own. */
const positiveDuration = duration.refine((ms) => ms > 0, {
  message: 'must be more than 0 (examples: 500ms, 10s)',
});
/** Bytes from a number or a string such as "64KiB", "1MiB". */
const size = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const match = typeof value === 'number' ? null : SIZE.exec(value.trim());
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a size (examples: 65536, 64KiB, 1MiB)` });
    return z.NEVER;
  }
  return Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()]!;
});
const port = z.coerce.number().int().min(0).max(65535);
/** A port, or no listener at all: "off" from a flag or the environment, null (or "off") in the config file. */
const portOrOff = z.union([z.null(), z.number(), z.string()]).transform((value, ctx) => {
  if (value === null || (typeof value === 'string' && value.trim().toLowerCase() === 'off')) return null;
  const parsed = port.safeParse(value);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a port (0-65535) or off` });
  return z.NEVER;
});
const count = z.coerce.number().int().nonnegative();
/** Events per second: a non-negative number, fractions allowed ("0.5" is one every two seconds). */
const perSecond = z.coerce.number().nonnegative();
/** A list from a JSON array or a comma-separated string (flags and environment variables). */
const list = z
  .union([z.array(z.string()), z.string()])
  .transform((value) =>
    (typeof value === 'string' ? value.split(',') : value)
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** Every option, flat, as flags, environment variables and the config file spell them. */
export const optionsSchema = z
  .object({
    host: z.string().default('0.0.0.0'),
    port: port.default(9011),
    httpPort: port.default(8080),
    textPort: portOrOff.default(8888),
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
    store: z.enum(['sqlite', 'memory']).default('sqlite'),
    dataDir: z.string().default('./data'),
    maxFrame: size.default(DEFAULT_LIMITS.maxFrameBytes),
    maxMessage: count.default(DEFAULT_LIMITS.maxMessageChars),
    maxOutbound: size.default(1 << 20),
    heartbeat: positiveDuration.default(30_000),
    helloTimeout: positiveDuration.default(10_000),
    frameTimeout: positiveDuration.default(10_000),
    rate: count.default(20),
    burst: count.default(40),
    joinRate: perSecond.default(5),
    joinBurst: count.default(50),
    changeRate: perSecond.default(0.5),
    changeBurst: count.default(5),
    maxRooms: count.default(100),
    maxConnectionsPerAddress: count.default(32),
    connectionLimitExempt: list.default([]),
    historyInFlight: count.default(4),
    listPage: count.min(1).default(500),
    allowedOrigins: list.default([]),
    metrics: z.enum(['public', 'loopback', 'off']).default('loopback'),
    historyOnJoin: count.default(50),
    retainMessages: count.default(0),
    retainAge: duration.default(0),
    defaultRoom: z.string().default('lobby'),
    shutdownGrace: duration.default(5_000),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    logFormat: z.enum(['pretty', 'json']).optional(),
  })
  .strict();

/** Options as a user may give them (all optional, strings allowed for durations and sizes). */
export type ServerOptions = z.input<typeof optionsSchema>;

/** The validated configuration a server runs with. */
export interface ServerConfig {
  readonly host: string;
  readonly tcpPort: number;
  readonly httpPort: number;
  /** The text dialect's own port (TP6 clients), or null for none. */
  readonly textPort: number | null;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer; readonly certPath: string } | null;
  readonly store: 'sqlite' | 'memory';
  readonly dataDir: string;
  readonly limits: Limits;
  readonly maxOutboundBytes: number;
  readonly heartbeatMs: number;
  readonly helloTimeoutMs: number;
  readonly frameTimeoutMs: number;
  /** Messages per second per session (0: no limit) and the burst allowed above it. */
  readonly rate: RateConfig;
  /** Joins and leaves per second per session, and their burst (a fresh session joining all its rooms). */
  readonly joinRate: RateConfig;
  /** Nick and topic changes per second per session, and their burst. */
  readonly changeRate: RateConfig;
  /** Bounds on what one client may hold or ask for at once; 0 means no limit where noted. */
  readonly quotas: Quotas;
  /**
   * Origins (scheme://host[:port]) whose pages may open WebSocket connections, besides the server's own; '*' allows
   * any. Requests without an Origin header (non-browser clients) are always allowed.
   */
  readonly allowedOrigins: readonly string[];
  /** Who may read /metrics: anyone, loopback addresses only, or nobody (404). */
  readonly metrics: 'public' | 'loopback' | 'off';
  readonly historyOnJoin: number;
  readonly retention: { readonly maxMessagesPerTarget: number; readonly maxAgeMs: number };
  readonly defaultRoom: string;
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  readonly logFormat: 'pretty' | 'json';
}

/** A token-bucket rate: events per second (0: no limit) and the burst allowed above it. */
export interface RateConfig {
  readonly perSecond: number;
  readonly burst: number;
}

/** Per-client resource bounds. */
export interface Quotas {
  /** Rooms one session may be in at once (0: no limit). */
  readonly maxRoomsPerSession: number;
  /** Open connections from one address, on all ports together (0: no limit). */
  readonly maxConnectionsPerAddress: number;
  /** Addresses and CIDR ranges (10.0.0.0/8, ::1/128) the per-address limit does not count. */
  readonly connectionLimitExempt: readonly string[];
  /** History requests one session may have in flight (read, not yet answered) at once. */
  readonly historyInFlight: number;
  /** Most entries in one answer that lists rooms or members; longer lists are paged. */
  readonly listPage: number;
}

/** A configuration problem a user can fix; the message says how. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ENV_PREFIX = 'PARLEY_';

/** Options from PARLEY_* environment variables (PARLEY_HTTP_PORT → httpPort). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): ServerOptions {
  const out: Record<string, string> = {};
  const keys = Object.keys(optionsSchema.shape);
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined || name === 'PARLEY_CONFIG') continue;
    const camel = name
      .slice(ENV_PREFIX.length)
      .toLowerCase()
      .replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (keys.includes(camel)) out[camel] = value;
  }
  return out as ServerOptions;
}

/** Options from a JSON config file. */
export function optionsFromFile(path: string): ServerOptions {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ServerOptions;
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
}

/** Merge option layers (later wins), validate, read TLS files, and freeze. */
export function buildConfig(...layers: ServerOptions[]): ServerConfig {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k] = v;
  const parsed = optionsSchema.safeParse(merged);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'option'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${detail}`);
  }
  const o = parsed.data;
  return Object.freeze({
    host: o.host,
    tcpPort: o.port,
    httpPort: o.httpPort,
    textPort: o.textPort,
    tls: readTls(o.tlsCert, o.tlsKey),
    store: o.store,
    dataDir: o.dataDir,
    limits: Object.freeze({ ...DEFAULT_LIMITS, maxFrameBytes: o.maxFrame, maxMessageChars: o.maxMessage }),
    maxOutboundBytes: o.maxOutbound,
    heartbeatMs: o.heartbeat,
    helloTimeoutMs: o.helloTimeout,
    frameTimeoutMs: o.frameTimeout,
    rate: Object.freeze({ perSecond: o.rate, burst: Math.max(o.burst, o.rate) }),
    joinRate: Object.freeze({ perSecond: o.joinRate, burst: Math.max(o.joinBurst, 1) }),
    changeRate: Object.freeze({ perSecond: o.changeRate, burst: Math.max(o.changeBurst, 1) }),
    quotas: Object.freeze({
      maxRoomsPerSession: o.maxRooms,
      maxConnectionsPerAddress: o.maxConnectionsPerAddress,
      connectionLimitExempt: Object.freeze(o.connectionLimitExempt),
      historyInFlight: Math.max(o.historyInFlight, 1),
      listPage: o.listPage,
    }),
    allowedOrigins: Object.freeze(o.allowedOrigins),
    metrics: o.metrics,
    historyOnJoin: o.historyOnJoin,
    retention: Object.freeze({ maxMessagesPerTarget: o.retainMessages, maxAgeMs: o.retainAge }),
    defaultRoom: o.defaultRoom,
    shutdownGraceMs: o.shutdownGrace,
    logLevel: o.logLevel,
    logFormat: o.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'),
  });
}

function readTls(certPath?: string, keyPath?: string): ServerConfig['tls'] {
  if (!certPath && !keyPath) return null;
  if (!certPath || !keyPath) throw new ConfigError('TLS needs both --tls-cert and --tls-key');
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError(
        `cannot read TLS ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? error}; check the path and its permissions`,
      );
    }
  };
  const cert = read(certPath, 'certificate');
  const key = read(keyPath, 'key');
  checkTlsPair(cert, certPath, key, keyPath);
  return Object.freeze({ cert, key, certPath });
}

const PEM_CERTIFICATE = /-----BEGIN (TRUSTED )?CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN ([A-Z0-9]+ )?PRIVATE KEY-----/;

/**
 * Refuse a certificate and key that TLS could not use, here at start-up with what to do, rather than as a stack
 * trace from the listener. The PEM checks come first because OpenSSL's errors ("no start line") do not say which
 * file is wrong, and an encrypted key must not reach OpenSSL: it would prompt on the terminal for a passphrase.
 */
function checkTlsPair(cert: Buffer, certPath: string, key: Buffer, keyPath: string): void {
  const certText = cert.toString('latin1');
  const keyText = key.toString('latin1');
  const swapped = 'are --tls-cert and --tls-key swapped?';
  if (!PEM_CERTIFICATE.test(certText)) {
    throw new ConfigError(
      PEM_KEY.test(certText)
        ? `the TLS certificate ${certPath} holds a private key, not a certificate: ${swapped}`
        : `the TLS certificate ${certPath} is not PEM (no -----BEGIN CERTIFICATE----- line): pass it in PEM form ` +
            `(a DER file converts with: openssl x509 -inform der -in ${certPath} -out cert.pem)`,
    );
  }
  if (!PEM_KEY.test(keyText)) {
    throw new ConfigError(
      PEM_CERTIFICATE.test(keyText)
        ? `the TLS key ${keyPath} holds a certificate, not a private key: ${swapped}`
        : `the TLS key ${keyPath} is not a PEM private key (no -----BEGIN PRIVATE KEY----- line): pass it in PEM ` +
            `form (a DER file converts with: openssl pkey -inform der -in ${keyPath} -out key.pem)`,
    );
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(keyText)) {
    throw new ConfigError(
      `the TLS key ${keyPath} is encrypted with a passphrase, which parley cannot ask for: ` +
        `pass an unencrypted key (openssl pkey -in ${keyPath} -out key.pem writes one)`,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new ConfigError(
      `the TLS certificate ${certPath} is damaged (${opensslReason(error)}): pass a valid PEM certificate`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new ConfigError(
      `the TLS key ${keyPath} is damaged (${opensslReason(error)}): pass a valid PEM private key`,
    );
  }
  const mismatch = `the TLS certificate ${certPath} does not match the key ${keyPath}: pass the key the certificate was made for`;
  // OpenSSL's own check misses a key of another type (an RSA key beside an EC certificate): compare them here.
  if (!certificate.checkPrivateKey(privateKey)) throw new ConfigError(mismatch);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new ConfigError(
      (error as NodeJS.ErrnoException).code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'
        ? mismatch
        : `TLS cannot use the certificate ${certPath} with the key ${keyPath} (${opensslReason(error)}): ` +
            'pass a certificate and its own key, both PEM',
    );
  }
}

/** OpenSSL's reason without its numbers: "error:0680007B:asn1 encoding routines::header too long" → "header too long". */
function opensslReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(':').pop()?.trim() || message;
}
