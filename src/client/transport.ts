// The transport seam: a message-oriented pipe of JSON texts. WebSocket runs everywhere; TCP and TLS live in a
// Node-only module that is loaded only when a tcp:// or tls:// URL asks for it, so browser bundles never see node:.
import type * as NodeTransports from './node.js';
import type { TransportFactory } from './transport-types.js';

// Kept in variables so that bundlers leave these imports alone: the browser build never loads them.
const NODE_TRANSPORT_MODULE = './node.js';

/** The default: ws:// and wss:// over WebSocket, tcp:// and tls:// over Node sockets (length-prefixed JSON). */
export const defaultTransport: TransportFactory = async (url, handlers, options) => {
  switch (url.protocol) {
    case 'ws:':
    case 'wss:': {
      const { webSocketTransport } = await import('./ws.js');
      return webSocketTransport(url, handlers, options);
    }
    case 'tcp:':
    case 'tls:': {
      const node = (await import(/* @vite-ignore */ NODE_TRANSPORT_MODULE)) as typeof NodeTransports;
      return node.streamTransport(url, handlers, options);
    }
    default:
      throw new TypeError(`unsupported URL scheme ${url.protocol} (use ws:, wss:, tcp: or tls:)`);
  }
};
