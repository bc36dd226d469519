// The per-address connection count: limits, release on close, exempt ranges, IPv4-mapped addresses.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  AddressLimit,
  addressList,
  isLoopback,
  listHas,
  normaliseAddress,
} from '../../../src/server/transports/address-limit.js';

/** Just what the limit reads of a socket: its address and its close event. */
function fakeSocket(remoteAddress: string | undefined): Socket & EventEmitter {
  return Object.assign(new EventEmitter(), { remoteAddress }) as unknown as Socket & EventEmitter;
}

describe('AddressLimit', () => {
  it('admits up to the limit per address, and frees a slot when a socket closes', () => {
    const limit = new AddressLimit(2);
    const a = fakeSocket('10.0.0.1');
    const b = fakeSocket('10.0.0.1');
    expect(limit.admit(a)).toBe(true);
    expect(limit.admit(b)).toBe(true);
    expect(limit.admit(fakeSocket('10.0.0.1'))).toBe(false);
    expect(limit.refused).toBe(1);
    expect(limit.admit(fakeSocket('10.0.0.2'))).toBe(true);
    a.emit('close');
    expect(limit.count('10.0.0.1')).toBe(1);
    expect(limit.admit(fakeSocket('10.0.0.1'))).toBe(true);
    expect(limit.admit(fakeSocket('10.0.0.1'))).toBe(false);
  });

  it('forgets an address once its last socket closes', () => {
    const limit = new AddressLimit(1);
    const s = fakeSocket('2001:db8::1');
    expect(limit.admit(s)).toBe(true);
    s.emit('close');
    expect(limit.count('2001:db8::1')).toBe(0);
    expect((limit as unknown as { open: Map<string, number> }).open.size).toBe(0);
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    const limit = new AddressLimit(1);
    expect(limit.admit(fakeSocket('::ffff:192.0.2.7'))).toBe(true);
    expect(limit.admit(fakeSocket('192.0.2.7'))).toBe(false);
    expect(normaliseAddress('::FFFF:192.0.2.7')).toBe('192.0.2.7');
  });

  it('does not count exempt addresses and ranges', () => {
    const limit = new AddressLimit(1, ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '10.1.2.3', 'fd12::1']) {
      expect(limit.admit(fakeSocket(address))).toBe(true);
      expect(limit.admit(fakeSocket(address))).toBe(true);
    }
    expect(limit.admit(fakeSocket('127.0.0.2'))).toBe(true);
    expect(limit.admit(fakeSocket('127.0.0.2'))).toBe(false);
  });

  it('admits everything when the limit is 0, and refuses a socket that has no address any more', () => {
    const off = new AddressLimit(0);
    for (let i = 0; i < 100; i++) expect(off.admit(fakeSocket('192.0.2.1'))).toBe(true);
    expect(new AddressLimit(5).admit(fakeSocket(undefined))).toBe(false);
  });

  it('rejects entries that are not addresses or ranges, naming them', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.0/x', '::1/129', '1.2.3.4/8/8', ''])
      expect(() => new AddressLimit(1, [bad])).toThrow(/is not an address or a CIDR range/);
  });
});

describe('address lists', () => {
  it('tells loopback addresses, mapped or not', () => {
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(address), address).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', undefined])
      expect(isLoopback(address), String(address)).toBe(false);
  });

  it('matches mapped addresses against IPv4 ranges', () => {
    const list = addressList(['192.0.2.0/24'], 'test');
    expect(listHas(list, '::ffff:192.0.2.200')).toBe(true);
    expect(listHas(list, '192.0.3.1')).toBe(false);
  });
});
