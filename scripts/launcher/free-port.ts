import { createServer } from 'node:net';

/**
 * The first free TCP port at or after `from`, tried on every interface (as the api listens): a port some other
 * process holds on `::` only is not free.
 */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${from} and ${from + 199}`);
}
