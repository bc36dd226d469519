// Baseline: a bare `ws` broadcast server, no chat logic. Each message goes to every member of the room
// named in the URL (the sender too), with one ws.send per member, the way ws's own README does it.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws, req) => {
  ws.on('error', () => undefined);
  const room = new URL(req.url ?? '/', 'http://localhost').searchParams.get('room');
  if (!room) return;
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(ws);
  ws.on('message', (data: Buffer, isBinary) => {
    for (const member of members) member.send(data, { binary: isBinary });
  });
  ws.on('close', () => members.delete(ws));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : 0 })}\n`);
});
// A clean exit on SIGINT lets `npm run bench -- --profile DIR` write this server's CPU profile too.
process.on('SIGINT', () => process.exit(0));
