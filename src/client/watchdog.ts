// The ping watchdog: silence is a dead connection. Each interval without a word from the server sends a ping; a
// second silent interval in a row ends the connection. One timer, whatever the transport.

/** Watches one connection attempt or connection. */
export class Watchdog {
  private timer: ReturnType<typeof setInterval> | undefined;
  private heard = false;
  private probing = false;

  constructor(
    /** Ask the server for a sign of life. */
    private readonly probe: () => void,
    /** The server stayed silent after a probe. */
    private readonly dead: () => void,
  ) {}

  /** Start (or restart) watching with this interval. */
  start(intervalMs: number): void {
    this.stop();
    this.heard = false;
    this.probing = false;
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  /** Something arrived from the server. */
  seen(): void {
    this.heard = true;
  }

  /** Stop watching. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (this.heard) {
      this.heard = false;
      this.probing = false;
    } else if (this.probing) {
      this.stop();
      this.dead();
    } else {
      this.probing = true;
      this.probe();
    }
  }
}
