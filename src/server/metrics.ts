// Prometheus metrics, read from the hub's plain counters when scraped (nothing is counted twice on the hot path).
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Hub } from './hub.js';
import type { ServerConfig } from './config.js';
import type { AddressLimit } from './transports/address-limit.js';
import { isLoopback } from './transports/address-limit.js';
import type { RequestHandler } from './transports/http.js';

/** A registry exposing the hub's state; one per server so that tests can run several. */
export function createMetrics(hub: Hub, addressLimit?: AddressLimit): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_process_' });
  new Gauge({
    name: 'parley_sessions',
    help: 'Connected sessions by transport and dialect.',
    labelNames: ['transport', 'dialect'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of hub.sessions) this.inc({ transport: s.connection.transport, dialect: s.dialect.name });
    },
  });
  new Gauge({
    name: 'parley_rooms',
    help: 'Rooms with at least one member on this node.',
    registers: [registry],
    collect() {
      this.set(hub.rooms.size);
    },
  });
  new Counter({
    name: 'parley_messages_total',
    help: 'Chat and direct messages accepted.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hub.stats.messages);
    },
  });
  new Counter({
    name: 'parley_deliveries_total',
    help: 'Messages and events handed to sessions by broadcast.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hub.stats.deliveries);
    },
  });
  new Counter({
    name: 'parley_errors_total',
    help: 'Errors sent to clients, by code.',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, n] of hub.stats.errors) this.inc({ code }, n);
    },
  });
  new Counter({
    name: 'parley_disconnects_total',
    help: 'Sessions ended, by reason.',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of hub.stats.disconnects) this.inc({ reason }, n);
    },
  });
  if (addressLimit)
    new Counter({
      name: 'parley_connections_refused_total',
      help: 'Connections refused at accept: too many open from their address.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(addressLimit.refused);
      },
    });
  return registry;
}

/** Headers a reverse proxy adds: a request carrying one came through a proxy, whatever address it comes from. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * GET /metrics in the Prometheus text format, to whom `access` allows: anyone ('public'), nobody ('off': 404),
 * or ('loopback') requests from a loopback address that no proxy forwarded (a reverse proxy on the same machine
 * connects from loopback too, and would otherwise make the metrics public).
 */
export function metricsHandler(registry: Registry, access: ServerConfig['metrics']): RequestHandler {
  return async (req, res) => {
    if (req.url !== '/metrics' || access === 'off') return false;
    if (
      access === 'loopback' &&
      (!isLoopback(req.socket.remoteAddress) || FORWARDED.some((name) => req.headers[name] !== undefined))
    ) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('metrics are served to local clients only (see --metrics in docs/configuration.md)\n');
      return true;
    }
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
    return true;
  };
}
