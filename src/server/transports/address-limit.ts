// Open connections per client address, counted across every listener (TCP, text, HTTP/HTTPS) at accept, before
// any byte is read: one address must not be able to hold all of the server's file descriptors.
import net from 'node:net';
import type { Socket } from 'node:net';
import { ERROR_CODES, encodeFrame } from '../../protocol/index.js';

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** An address as one key: an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, a dual-stack listener) is its IPv4 form. */
export function normaliseAddress(address: string): string {
  const mapped = MAPPED_V4.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

/** A BlockList of addresses and CIDR ranges; throws a message naming the entry that is neither. */
export function addressList(entries: readonly string[], what: string): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [rawAddress, prefix, extra] = entry.split('/');
    const address = normaliseAddress(rawAddress ?? '');
    const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
    const bits = prefix === undefined ? null : Number(prefix);
    const max = family === 'ipv4' ? 32 : 128;
    if (
      !family ||
      extra !== undefined ||
      (bits !== null && (!/^\d+$/.test(prefix!) || !Number.isInteger(bits) || bits > max))
    )
      throw new Error(`${what}: "${entry}" is not an address or a CIDR range (examples: 10.0.0.0/8, ::1)`);
    if (bits === null) list.addAddress(address, family);
    else list.addSubnet(address, bits, family);
  }
  return list;
}

/** Whether an address (as a socket reports it) is in a list. */
export function listHas(list: net.BlockList, address: string): boolean {
  const normal = normaliseAddress(address);
  return list.check(normal, net.isIPv4(normal) ? 'ipv4' : 'ipv6');
}

const LOOPBACK = addressList(['127.0.0.0/8', '::1/128'], 'loopback');

/** Whether an address is a loopback address (127.0.0.0/8, ::1, or either mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && listHas(LOOPBACK, address);
}

/** The key of a counted socket, kept on it so that its close releases the right slot without a closure. */
const COUNTED = Symbol('parley.counted-address');
type CountedSocket = Socket & { [COUNTED]?: string; [LIMIT]?: AddressLimit };
const LIMIT = Symbol('parley.address-limit');

function onCountedClose(this: CountedSocket): void {
  const key = this[COUNTED];
  if (key !== undefined) this[LIMIT]!.release(key);
}

/** Open connections per address, with a maximum (0: none) and addresses it does not count. */
export class AddressLimit {
  private readonly open = new Map<string, number>();
  private readonly exempt: net.BlockList;
  /** Connections refused since the start (for logs and metrics). */
  refused = 0;

  constructor(
    /** Most open connections from one address; 0 turns the limit off. */
    readonly max: number,
    exempt: readonly string[] = [],
  ) {
    this.exempt = addressList(exempt, '--connection-limit-exempt');
  }

  /**
   * Count a socket just accepted; false when its address already holds `max` connections (the caller refuses
   * it) or the socket has no address any more (it is already gone). The slot is released when the socket closes.
   */
  admit(socket: Socket): boolean {
    if (this.max === 0) return true;
    const address = socket.remoteAddress;
    if (address === undefined) return false;
    if (listHas(this.exempt, address)) return true;
    const key = normaliseAddress(address);
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) {
      this.refused++;
      return false;
    }
    this.open.set(key, count + 1);
    const counted = socket as CountedSocket;
    counted[COUNTED] = key;
    counted[LIMIT] = this;
    socket.once('close', onCountedClose);
    return true;
  }

  /** Open connections counted for an address. */
  count(address: string): number {
    return this.open.get(normaliseAddress(address)) ?? 0;
  }

  /** Free one slot of an address (its socket closed). */
  release(key: string): void {
    const count = this.open.get(key) ?? 0;
    // Deleted at zero: the map holds only addresses with open connections, so it cannot grow with every visitor.
    if (count <= 1) this.open.delete(key);
    else this.open.set(key, count - 1);
  }
}

/** An unlimited AddressLimit, for listeners created without one (tests, tools). */
export const NO_ADDRESS_LIMIT = new AddressLimit(0);

/**
 * What a refused client reads before the close, by port: the TCP port answers with a native error frame (a native
 * client reports too_many_connections; other dialects of that port see a closed connection), the text port with
 * one line. Built once: a flood of refusals costs one write each.
 */
export const REFUSALS = {
  native: encodeFrame(
    Buffer.from(
      JSON.stringify({
        action: 'error',
        code: 'too_many_connections',
        message: ERROR_CODES.too_many_connections,
      }),
    ),
    4,
  ),
  text: `parley: ${ERROR_CODES.too_many_connections}\n`,
} as const;
