// Baseline: what many Node users would pick instead: a Socket.IO server (WebSocket transport only, no
// compression) that joins each client to the room in its handshake query and re-emits every chat event
// to that room, the sender included.
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer();
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  const room = socket.handshake.query.room;
  if (typeof room !== 'string' || !room) return;
  void socket.join(room);
  socket.on('chat', (message: unknown) => {
    io.to(room).emit('chat', message);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : 0 })}\n`);
});
