import { Notification, WebhookDelivery } from '@app/persistence';
import { JOBS, QUEUES, addJob, reminderRunJob } from '@app/queue';
import { truncateAll } from '../../../../test/support/test-db';
import { startMailSink } from '../../../../test/worker/mail-sink';
import { startWebhookSink } from '../../../../test/worker/webhook-sink';
import { addSubmission, seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { ReminderPlannerService } from './reminder-planner.service';
import { REMINDER_SCHEDULER_ID } from '../maintenance/schedule-keeper.service';
import { instantOf } from './reminder-run.processor';
import { County, Township } from '@app/persistence';

const SECRET = 'test-webhook-secret-0123456789';

describe('reminders and notifications', () => {
  let h: WorkerHarness;
  let world: World;
  let planner: ReminderPlannerService;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookSink>>;

  beforeAll(async () => {
    mail = await startMailSink();
    hooks = await startWebhookSink(SECRET, 1);
    h = await startWorker({ prefix: 'reminders', now: '2025-03-24T01:00:00Z', env: { SMTP_URL: mail.url, WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: SECRET } });
    planner = h.app.get(ReminderPlannerService);
  });
  afterAll(async () => {
    await h.close();
    await mail.close();
    await hooks.close();
  });
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    mail.mails.length = 0;
    hooks.hooks.length = 0;
  });

  it('sends each reminder once even when two runs overlap: in-app, email via SMTP, signed webhook retried after a 500', async () => {
    const asOf = '2025-03-24';
    const [a, b] = await Promise.all([planner.run(asOf, instantOf(asOf)), planner.run(asOf, instantOf(asOf))]);
    const rows = await h.ds.getRepository(Notification).find();
    // 金马镇's clerk: in-app + email; one webhook per township (5) for the county.
    expect(rows.filter((n) => n.channel === 'in_app')).toHaveLength(1);
    expect(rows.filter((n) => n.channel === 'email')).toHaveLength(1);
    expect(rows.filter((n) => n.channel === 'webhook')).toHaveLength(5);
    expect(a.inserted + b.inserted).toBe(rows.length);
    expect(new Set(rows.map((n) => n.dedupeKey)).size).toBe(rows.length);

    const inApp = rows.find((n) => n.channel === 'in_app')!;
    expect(inApp).toMatchObject({ recipientUserId: world.staff.id, status: 'sent' });
    expect(inApp.body).toBe('【法治政府建设】金马镇：2024年度法治政府建设报告应于2025年3月31日前报送，距截止还有7天。尚缺：2024年度法治政府建设报告（尚未上传）。');

    await waitFor('email delivered', async () => mail.mails.length === 1);
    expect(mail.mails[0].to).toEqual(['jinma@example.test']);
    expect(mail.mails[0].text).toBe(inApp.body);
    expect(mail.mails[0].subject).toContain('金马镇年度报告报送提醒');

    // The first POST gets a 500; the notifications queue retries it with backoff.
    await waitFor('webhooks delivered', async () => (await h.ds.getRepository(Notification).countBy({ channel: 'webhook', status: 'sent' })) === 5, 30_000, 250);
    expect(hooks.hooks.every((x) => x.signatureValid)).toBe(true);
    expect(hooks.hooks.filter((x) => x.status === 500)).toHaveLength(1);
    const deliveries = await h.ds.getRepository(WebhookDelivery).find({ order: { createdAt: 'ASC' } });
    expect(deliveries).toHaveLength(6);
    const retried = deliveries.find((d) => d.statusCode === 500)!;
    expect(deliveries.filter((d) => d.notificationId === retried.notificationId).map((d) => [d.attempt, d.statusCode])).toEqual([[1, 500], [2, 200]]);

    // A third run the same day adds nothing and sends nothing.
    expect((await planner.run(asOf, instantOf(asOf))).inserted).toBe(0);
    expect(mail.mails).toHaveLength(1);
  }, 40_000);

  it('still reminds to submit when the only report is not a report or waits for its year to be confirmed', async () => {
    const jinma = world.byCode('jinma');
    const huangbai = world.byCode('huangbai');
    const notAReport = await addSubmission(h.ds, h.files, { townshipId: jinma.id, year: 2024, fileName: 'notice.txt', text: '关于召开会议的通知', status: 'rejected_not_report', publishedAt: '2025-01-10' });
    const held = await addSubmission(h.ds, h.files, { townshipId: huangbai.id, year: 2024, fileName: 'report.txt', text: '黄柏镇2023年法治政府建设工作报告', status: 'needs_year_confirmation', publishedAt: '2025-01-10' });
    // Both went through the analysis: neither is the year's current report either.
    await h.ds.query(`UPDATE submissions SET analyzed_at = now() WHERE id = ANY($1)`, [[notAReport.id, held.id]]);
    const asOf = '2025-03-24';
    await planner.run(asOf, instantOf(asOf));
    const rows = await h.ds.getRepository(Notification).find({ where: { channel: 'webhook' } });
    const kindsOf = (townshipId: string) => rows.filter((n) => n.townshipId === townshipId).map((n) => [n.payload.deadlineKind, n.payload.year]);
    expect(kindsOf(jinma.id)).toEqual([['report_submission', 2024]]);
    expect(kindsOf(huangbai.id)).toEqual([['report_submission', 2024]]);
    const inApp = await h.ds.getRepository(Notification).findOneByOrFail({ channel: 'in_app' });
    expect(inApp.body).toBe('【法治政府建设】金马镇：2024年度法治政府建设报告应于2025年3月31日前报送，距截止还有7天。尚缺：2024年度法治政府建设报告（尚未上传）。');
  });

  it('reminds on the day and after, and escalates to the county auditors once long overdue', async () => {
    await planner.run('2025-03-31', instantOf('2025-03-31'));
    await planner.run('2025-04-14', instantOf('2025-04-14'));
    const inApp = await h.ds.getRepository(Notification).find({ where: { channel: 'in_app' }, order: { createdAt: 'ASC' } });
    const bodies = inApp.map((n) => [n.recipientUserId === world.auditor.id ? 'auditor' : 'staff', n.payload.stage, n.body]);
    expect(bodies).toContainEqual(['staff', 'd0', expect.stringContaining('今天（2025年3月31日）截止')]);
    expect(bodies).toContainEqual(['staff', 'overdue', expect.stringContaining('已逾期14天')]);
    const escalations = bodies.filter(([who, stage]) => who === 'auditor' && stage === 'escalation');
    // Every township that has not reported is escalated to the auditor.
    expect(escalations).toHaveLength(5);
    expect(escalations.map(([, , body]) => body)).toContainEqual('【法治政府建设】逾期督办：金马镇2024年度法治政府建设报告应于2025年3月31日前报送，已逾期14天，请督促整改。尚缺：2024年度法治政府建设报告（尚未上传）。');
    // The run also opened the late_report findings.
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM findings WHERE kind = 'late_report' AND year = 2024 AND status = 'open'`);
    expect(n).toBe(5);
  });

  it('runs as a job on the reminders queue, scheduled daily in Asia/Shanghai', async () => {
    const scheduler = await h.queue(QUEUES.reminders).getJobScheduler(REMINDER_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 8 * * *', tz: 'Asia/Shanghai' });
    await addJob(h.queue(QUEUES.reminders), reminderRunJob('2025-03-01'));
    await waitFor('30-day reminder', async () => (await h.ds.getRepository(Notification).countBy({ channel: 'in_app' })) === 1);
    const n = await h.ds.getRepository(Notification).findOneByOrFail({ channel: 'in_app' });
    expect(n.body).toContain('距截止还有30天');
  });

  it('fans a run out into one job per county, adds up their results, and records nothing twice when county jobs repeat', async () => {
    // A second county, with a clerk, so the run has two children.
    const other = await h.ds.getRepository(County).save({ code: 'scale-2', name: '第二县' });
    const town = await h.ds.getRepository(Township).save({ countyId: other.id, code: 'scale-2-a', name: '东镇', level: 'town' });
    await h.ds.query(`INSERT INTO users (username, password_hash, role, township_id) VALUES ('dongzhen', 'x', 'township', $1)`, [town.id]);
    const q = h.queue(QUEUES.reminders);
    const job = await addJob(q, reminderRunJob('2025-03-24'));
    await waitFor('run completed', async () => (await job.getState()) === 'completed', 30_000, 100);
    const done = (await q.getJob(job.id!))!;
    const children = await done.getChildrenValues();
    expect(Object.keys(children)).toHaveLength(2);
    expect(Object.values(children).map((c) => (c as { townships: number }).townships).sort()).toEqual([1, 5]);
    const rows = await h.ds.getRepository(Notification).find({ where: { channel: 'in_app' } });
    // 金马镇's clerk and 东镇's clerk, one 7-day report reminder each.
    expect(rows).toHaveLength(2);
    expect(done.returnvalue).toMatchObject({ asOf: '2025-03-24', townships: 6, inserted: (await h.ds.getRepository(Notification).count()) });

    // A county job retried or run by two overlapping runs (added here by hand, without a parent): nothing recorded twice.
    const again = await Promise.all(
      [1, 2].map((n) => q.add(JOBS.runCountyReminders, { countyId: other.id, asOf: '2025-03-24', now: instantOf('2025-03-24').toISOString() }, { jobId: `county-again-${n}` })),
    );
    await waitFor('county jobs completed', async () => (await Promise.all(again.map((j) => j.getState()))).every((s) => s === 'completed'), 30_000, 100);
    expect(await h.ds.getRepository(Notification).count({ where: { channel: 'in_app' } })).toBe(2);
  });
});
