import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  body: Record<string, unknown>;
  signatureValid: boolean;
  status: number;
}

/** A local HTTP receiver on 127.0.0.1 that checks X-Fazhi-Signature; `failFirst` requests get HTTP 500. */
export async function startWebhookSink(secret: string, failFirst = 0): Promise<{ url: string; hooks: ReceivedHook[]; close(): Promise<void> }> {
  const hooks: ReceivedHook[] = [];
  let toFail = failFirst;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
      const status = toFail-- > 0 ? 500 : 200;
      hooks.push({ body: JSON.parse(raw), signatureValid: req.headers['x-fazhi-signature'] === expected, status });
      res.statusCode = status;
      res.end(status === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hooks/fazhi`, hooks, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
