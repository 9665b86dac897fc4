import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRobotMessage {
  robot: 'wecom' | 'dingtalk';
  query: URLSearchParams;
  body: Record<string, any>;
  /** DingTalk only: timestamp within an hour and sign = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)). */
  signatureValid: boolean | null;
  errcode: number;
}

/**
 * Fake 企业微信 and 钉钉 robot endpoints on 127.0.0.1, answering as the real ones do: HTTP 200 with
 * `{"errcode":0,"errmsg":"ok"}`, or a non-zero errcode: the first WeCom messages get the errcodes in `wecomErrors`
 * (45009 = rate limited, -1 = system busy); a DingTalk message with a wrong signature gets 310000, as DingTalk answers.
 */
export async function startRobotSink(dingtalkSecret: string, wecomErrors: number[] = []) {
  const messages: ReceivedRobotMessage[] = [];
  const toFail = [...wecomErrors];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const robot = url.pathname.startsWith('/cgi-bin/webhook/send') ? 'wecom' : 'dingtalk';
      let signatureValid: boolean | null = null;
      if (robot === 'dingtalk') {
        const ts = Number(url.searchParams.get('timestamp'));
        const expected = createHmac('sha256', dingtalkSecret).update(`${ts}\n${dingtalkSecret}`).digest('base64');
        signatureValid = Math.abs(Date.now() - ts) < 3_600_000 && url.searchParams.get('sign') === expected;
      }
      const errcode = robot === 'wecom' ? (toFail.shift() ?? 0) : signatureValid ? 0 : 310000;
      messages.push({ robot, query: url.searchParams, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), signatureValid, errcode });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errcode, errmsg: errcode ? 'error' : 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    wecomUrl: `${base}/cgi-bin/webhook/send?key=wecom-test-key-0001`,
    dingtalkUrl: `${base}/robot/send?access_token=dingtalk-test-token-0001`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
