// A loopback TCP forwarder a test can close and reopen: it lets a test decide when a client may reach the real
// server again (the server itself still does all the work; the proxy only copies bytes).
import net from 'node:net';

/** Forwards connections from its own port to a target port. */
export class Proxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  /** Listen (again, on the same port once one was chosen). */
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stop accepting new connections at once (existing ones go on until either end closes). */
  stopListening(): void {
    this.server?.close();
    this.server = null;
  }

  /** Stop listening and drop every connection. */
  close(): void {
    this.stopListening();
    for (const s of this.sockets) s.destroy();
  }
}
