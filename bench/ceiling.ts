/**
 * The platform's ceiling: a bare node:http server answering every request with the same JSON
 * body (a real GET /v2.1/servers/{id} body from Novum). Usage: node ceiling.js <port> <body-file>.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';

const port = Number(process.argv[2]);
const body = readFileSync(process.argv[3]);
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
