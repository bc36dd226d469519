// The one TLS-hello sniffer, fed raw bytes: the TCP port's three-byte decision and the HTTP port's first-byte one.
import { describe, expect, it } from 'vitest';
import { isTlsHello } from '../../../src/server/transports/tls-sniff.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('isTlsHello on three bytes (the TCP port)', () => {
  it('takes a handshake record of TLS 1.0 to 1.3 (record versions 3.1 to 3.4)', () => {
    for (const minor of [1, 2, 3, 4]) expect(isTlsHello(bytes(0x16, 0x03, minor, 0x02, 0x00))).toBe(true);
  });

  it('refuses other versions and other first bytes', () => {
    expect(isTlsHello(bytes(0x16, 0x03, 0x00))).toBe(false); // SSL 3.0
    expect(isTlsHello(bytes(0x16, 0x03, 0x05))).toBe(false);
    expect(isTlsHello(bytes(0x16, 0x02, 0x01))).toBe(false);
    expect(isTlsHello(bytes(0x16, 0x00, 0x00, 0x00))).toBe(false); // a native uint32 frame of 22 bytes
    expect(isTlsHello(bytes(0x17, 0x03, 0x03))).toBe(false);
    expect(isTlsHello(new TextEncoder().encode('GET / HTTP/1.1'))).toBe(false);
  });

  it('waits while a handshake byte has come but not the version', () => {
    expect(isTlsHello(bytes())).toBe('more');
    expect(isTlsHello(bytes(0x16))).toBe('more');
    expect(isTlsHello(bytes(0x16, 0x03))).toBe('more');
    expect(isTlsHello(bytes(0x16, 0x00))).toBe('more'); // as before: the version is read once all of it is here
  });

  it('decides at once on a first byte that is not 0x16', () => {
    expect(isTlsHello(bytes(0x00))).toBe(false);
    expect(isTlsHello(bytes(0x7b, 0x22))).toBe(false);
  });
});

describe('isTlsHello on the first byte (the HTTP port)', () => {
  it('answers for every first byte what `chunk[0] === 0x16` answered, never asking for more', () => {
    for (let first = 0; first < 256; first++) {
      expect(isTlsHello(bytes(first), 1)).toBe(first === 0x16);
      expect(isTlsHello(bytes(first, 0xff, 0xff), 1)).toBe(first === 0x16);
    }
  });

  it('waits only for a first byte', () => {
    expect(isTlsHello(bytes(), 1)).toBe('more');
  });
});
