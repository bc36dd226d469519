// The transport seam's types: what a transport reports and offers, and what opens one. A module of its own so that
// the transports (ws.ts, node.ts) and the factory that loads them (transport.ts) all point down to it.

/** What a transport reports to the client. */
export interface TransportHandlers {
  /** The connection is up (after the TLS handshake, for TLS); messages may be sent. */
  open(): void;
  /** One whole message from the server (one frame's JSON text). */
  message(text: string): void;
  /** The connection is gone, with the error that ended it if any. Called exactly once, whatever ended it. */
  closed(error?: Error): void;
}

/** An open (or opening) connection. */
export interface Transport {
  /** Send one JSON text as one message. */
  send(text: string): void;
  /** Close gracefully: what was sent is flushed, then the connection ends. */
  close(): void;
  /** Drop the connection now. */
  destroy(): void;
}

/** TLS settings for wss:// and tls:// (Node only; browsers use their own trust store). */
export interface TlsOptions {
  /** Certificates to trust, PEM: for a server with a self-signed certificate. */
  ca?: string | Uint8Array | (string | Uint8Array)[];
  /** Accept any certificate. For testing only: it gives up protection against interception. */
  insecure?: boolean;
  /** The name to verify the certificate against, when it is not the URL's host. */
  servername?: string;
}

/** What a transport needs besides the URL. */
export interface TransportOptions {
  tls?: TlsOptions;
  /** Largest inbound frame accepted (TCP framing), in bytes. */
  maxFrameBytes: number;
}

/** Opens a transport to a URL; used by ChatClient for every attempt. */
export type TransportFactory = (
  url: URL,
  handlers: TransportHandlers,
  options: TransportOptions,
) => Transport | Promise<Transport>;
