import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for an api: /health answers as the real one does, naming the process `pid`. */
export async function fakeApi(pid: number, host = '127.0.0.1', port = 0): Promise<Server & { port: number }> {
  const srv = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'ok', pid, database: 'up', redis: 'up', worker: { status: 'up', lastHeartbeat: new Date().toISOString(), instances: 1 } }));
  });
  await new Promise<void>((resolve) => srv.listen(port, host, resolve));
  return Object.assign(srv, { port: (srv.address() as AddressInfo).port });
}
export const close = (srv: Server) => new Promise<void>((resolve) => srv.close(() => resolve()));
