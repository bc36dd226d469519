// Small helpers for sockets a listener answers and closes itself, without parsing anything more of them.
import type { Duplex } from 'node:stream';

/** An error listener that does nothing: shared by every socket that must not raise an unhandled 'error'. */
export function ignoreError(): void {}

/**
 * Close a socket after a short answer (if any), the answer first: the socket is destroyed once the answer is
 * handed to the kernel, so a peer that never reads nor closes cannot hold it (half-open sockets of an HTTP server
 * stay open otherwise). It keeps an error listener to its end, so a peer that resets raises no unhandled error.
 */
export function answerAndClose(socket: Duplex, answer: Uint8Array | string | null): void {
  socket.on('error', ignoreError);
  if (answer === null || !socket.writable) {
    socket.destroy();
    return;
  }
  // Read and drop what the peer sends meanwhile: nothing of it is parsed.
  socket.resume();
  socket.end(answer, () => socket.destroy());
}
