// Configuration: layers merge in order, values are validated, sizes and durations are read.
import { describe, expect, it } from 'vitest';
import { buildConfig, ConfigError, optionsFromEnv } from '../../src/server/config.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const config = buildConfig({});
    expect(config).toMatchObject({
      tcpPort: 9011,
      httpPort: 8080,
      textPort: 8888,
      store: 'sqlite',
      heartbeatMs: 30_000,
    });
    expect(config.limits.maxFrameBytes).toBe(65536);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads durations and sizes', () => {
    const config = buildConfig({
      heartbeat: '1.5s',
      maxFrame: '128KiB',
      maxOutbound: '2MiB',
      retainAge: '168h',
    });
    expect(config.heartbeatMs).toBe(1500);
    expect(config.limits.maxFrameBytes).toBe(128 * 1024);
    expect(config.maxOutboundBytes).toBe(2 * 1024 * 1024);
    expect(config.retention.maxAgeMs).toBe(168 * 3_600_000);
  });

  it('lets later layers win: file, then environment, then flags', () => {
    const env = optionsFromEnv({
      PARLEY_HTTP_PORT: '9090',
      PARLEY_PORT: '9012',
      PARLEY_UNKNOWN: 'x',
      HOME: '/root',
    });
    const config = buildConfig({ httpPort: 7000, port: 7001 }, env, { port: 9013 });
    expect(config.httpPort).toBe(9090);
    expect(config.tcpPort).toBe(9013);
  });

  it('rejects bad values and unknown options with the option named', () => {
    expect(() => buildConfig({ port: 70000 })).toThrow(ConfigError);
    expect(() => buildConfig({ store: 'mongo' as 'memory' })).toThrow(/store/);
    expect(() => buildConfig({ nonsense: 1 } as never)).toThrow(/nonsense/);
    expect(() => buildConfig({ tlsCert: 'a.pem' })).toThrow(/both --tls-cert and --tls-key/);
  });

  it('refuses timeouts of 0, which Node would read as no timeout at all', () => {
    expect(() => buildConfig({ helloTimeout: 0 })).toThrow(/helloTimeout: must be more than 0/);
    expect(() => buildConfig({ frameTimeout: '0s' })).toThrow(/frameTimeout/);
    expect(() => buildConfig({ heartbeat: '0ms' })).toThrow(/heartbeat/);
    expect(buildConfig({ helloTimeout: '300ms' }).helloTimeoutMs).toBe(300);
  });
});
