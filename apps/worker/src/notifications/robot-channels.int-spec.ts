import { CountyChannelSettings, Notification, WebhookDelivery } from '@app/persistence';
import { truncateAll } from '../../../../test/support/test-db';
import { startRobotSink } from '../../../../test/worker/robot-sink';
import { seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { ReminderPlannerService } from '../reminders/reminder-planner.service';
import { instantOf } from '../reminders/reminder-run.processor';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { ROBOT_MARKDOWN_MAX_BYTES, dingtalkSign, dingtalkSignedUrl, robotBody } from './robot.channel';

const DINGTALK_SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

describe('企业微信 and 钉钉 group robots', () => {
  let h: WorkerHarness;
  let world: World;
  let planner: ReminderPlannerService;
  let sink: Awaited<ReturnType<typeof startRobotSink>>;

  beforeAll(async () => {
    sink = await startRobotSink(DINGTALK_SECRET, [45009, 45009, -1]);
    NotificationDeliveryProcessor.robotRateLimitDelayMs = 300;
    h = await startWorker({ prefix: 'robots', now: '2025-03-24T01:00:00Z' });
    planner = h.app.get(ReminderPlannerService);
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    sink.messages.length = 0;
  });

  it('signs DingTalk URLs as documented: sign = base64(HMAC-SHA256(secret, timestamp\\nsecret)), URL-encoded', () => {
    const url = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECabc', 1700000000000));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    // Computed independently: printf '1700000000000\nSECabc' | openssl dgst -sha256 -hmac SECabc -binary | base64
    expect(url.searchParams.get('sign')).toBe(dingtalkSign(1700000000000, 'SECabc'));
    expect(dingtalkSign(1700000000000, 'SECabc')).toBe('jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=');
    expect(url.search).not.toMatch(/sign=[^&]*[+/=]/);
  });

  it('keeps a long reminder within the robots\' 4096-byte markdown limit, cut on a character and saying so', () => {
    const n = { subject: '金马镇检查项提醒', body: `尚缺：${'党政主要负责人履行推进法治建设第一责任人职责、'.repeat(200)}`, payload: { dueDateZh: '2025年3月31日' } };
    const content: string = JSON.parse(robotBody('wecom', n)).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
    expect(content).toContain('……（内容较长，请登录系统查看全文）');
    expect(content).toContain('截止日期：2025年3月31日');
    expect(content).not.toContain('\ufffd');
    const short = { ...n, body: '尚缺：年度报告' };
    expect(JSON.parse(robotBody('dingtalk', short)).markdown).toEqual({ title: '金马镇检查项提醒', text: '### 金马镇检查项提醒\n\n尚缺：年度报告\n\n> 截止日期：2025年3月31日\n\n> 来自法治政府建设检查系统' });
  });

  it('sends each reminder once to the county robots in their markdown formats, signed, retried, logged per attempt', async () => {
    await h.ds.getRepository(CountyChannelSettings).save({
      countyId: world.county.id,
      wecomWebhookUrl: sink.wecomUrl,
      dingtalkWebhookUrl: sink.dingtalkUrl,
      dingtalkSecret: DINGTALK_SECRET,
      updatedByUserId: null,
    });
    const asOf = '2025-03-24';
    await Promise.all([planner.run(asOf, instantOf(asOf)), planner.run(asOf, instantOf(asOf))]);
    const robots = await h.ds.getRepository(Notification).find({ where: [{ channel: 'wecom' }, { channel: 'dingtalk' }] });
    // One reminder per township (5) on each robot, no matter that two runs overlapped.
    expect(robots.filter((n) => n.channel === 'wecom')).toHaveLength(5);
    expect(robots.filter((n) => n.channel === 'dingtalk')).toHaveLength(5);
    expect(robots.every((n) => n.recipientAddress === null)).toBe(true);

    // WeCom first answers "too many messages" twice (45009: the job waits, no attempt used), then "system busy" (-1:
    // an attempt failed, retried with the queue's backoff).
    await waitFor('robots delivered', async () => (await h.ds.getRepository(Notification).countBy([{ channel: 'wecom', status: 'sent' }, { channel: 'dingtalk', status: 'sent' }])) === 10, 30_000, 250);

    const wecom = sink.messages.filter((m) => m.robot === 'wecom');
    const dingtalk = sink.messages.filter((m) => m.robot === 'dingtalk');
    expect(wecom).toHaveLength(8);
    expect(dingtalk).toHaveLength(5);
    for (const m of wecom) {
      expect(Object.keys(m.body)).toEqual(['msgtype', 'markdown']);
      expect(m.body.msgtype).toBe('markdown');
      expect(Object.keys(m.body.markdown)).toEqual(['content']);
      expect(m.query.get('key')).toBe('wecom-test-key-0001');
    }
    for (const m of dingtalk) {
      expect(m.signatureValid).toBe(true);
      expect(m.body.msgtype).toBe('markdown');
      expect(Object.keys(m.body.markdown).sort()).toEqual(['text', 'title']);
      expect(m.query.get('access_token')).toBe('dingtalk-test-token-0001');
    }
    const jinma = dingtalk.find((m) => m.body.markdown.text.includes('金马镇'))!;
    expect(jinma.body.markdown.title).toContain('金马镇年度报告报送提醒');
    expect(jinma.body.markdown.text).toContain('【法治政府建设】金马镇：2024年度法治政府建设报告应于2025年3月31日前报送，距截止还有7天。');
    expect(jinma.body.markdown.text).toContain('截止日期：2025年3月31日');
    expect(wecom.some((m) => m.body.markdown.content === jinma.body.markdown.text)).toBe(true);

    // A delivery log row per attempt, the robot's key never written in full.
    const deliveries = await h.ds.getRepository(WebhookDelivery).find();
    expect(deliveries).toHaveLength(13);
    expect(deliveries.filter((d) => d.error?.includes('errcode 45009'))).toHaveLength(2);
    expect(deliveries.filter((d) => d.error?.includes('errcode -1'))).toHaveLength(1);
    const sent = await h.ds.getRepository(Notification).find({ where: { channel: 'wecom' } });
    expect(sent.map((n) => n.attempts).sort()).toEqual([1, 1, 1, 1, 2]);
    expect(deliveries.every((d) => !d.url.includes('wecom-test-key-0001') && !d.url.includes('dingtalk-test-token-0001'))).toBe(true);

    // Another run the same day records nothing and sends nothing.
    expect((await planner.run(asOf, instantOf(asOf))).inserted).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages).toHaveLength(13);
  }, 45_000);

  it('a DingTalk robot with a wrong secret is refused by the robot, logged and retried, never marked sent', async () => {
    await h.ds.getRepository(CountyChannelSettings).save({ countyId: world.county.id, wecomWebhookUrl: null, dingtalkWebhookUrl: sink.dingtalkUrl, dingtalkSecret: 'SECwrong', updatedByUserId: null });
    await planner.run('2025-03-24', instantOf('2025-03-24'));
    await waitFor('refused attempts logged', async () => (await h.ds.getRepository(WebhookDelivery).count()) >= 5, 15_000, 100);
    expect(sink.messages.every((m) => m.signatureValid === false && m.errcode === 310000)).toBe(true);
    expect(await h.ds.getRepository(Notification).countBy({ channel: 'dingtalk', status: 'sent' })).toBe(0);
    const d = await h.ds.getRepository(WebhookDelivery).findOneByOrFail({ attempt: 1 });
    expect(d.error).toContain('errcode 310000');
  }, 30_000);
});
