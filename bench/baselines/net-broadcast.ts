// Baseline: a bare `net` broadcast server with uint32-LE length-prefixed frames, no chat logic. The first
// frame names the room; every later frame goes, as received, to every member (the sender too), one
// socket.write per member.
import net from 'node:net';

const rooms = new Map<string, Set<net.Socket>>();
const server = net.createServer({ noDelay: true }, (socket) => {
  let members: Set<net.Socket> | null = null;
  let rest: Buffer = Buffer.alloc(0);
  socket.on('error', () => undefined);
  socket.on('close', () => members?.delete(socket));
  socket.on('data', (chunk: Buffer) => {
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= 4) {
      const end = at + 4 + buf.readUInt32LE(at);
      if (end > buf.length) break;
      const frame = buf.subarray(at, end);
      at = end;
      if (members) {
        for (const member of members) member.write(frame);
        continue;
      }
      const room = frame.subarray(4).toString();
      if (!room) continue;
      members = rooms.get(room) ?? new Set();
      rooms.set(room, members);
      members.add(socket);
    }
    rest = buf.subarray(at);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : 0 })}\n`);
});
