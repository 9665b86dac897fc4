import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  Checklist,
  ChecklistItem,
  County,
  Evidence,
  FileStore,
  Finding,
  Notification,
  PlanItem,
  Problem,
  Submission,
  SubmissionText,
  Township,
  User,
  type UserRole,
} from '@app/persistence';
import { hashPassword } from '../../apps/api/src/auth/password';
import { ChecklistFactory } from '../../apps/api/src/checklists/checklist-factory.service';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import type { TestApp } from './app-harness';

export const PASSWORD = 'correct-horse-battery';
export const YEAR = 2023;
export type Owner = 'A1' | 'A2' | 'B1';
export const OWNERS: Owner[] = ['A1', 'A2', 'B1'];
export type Actor = 'admin' | 'audA' | 'audB' | 'townA1' | 'townA2' | 'anon';
export const ACTORS: Actor[] = ['admin', 'audA', 'audB', 'townA1', 'townA2', 'anon'];

export interface OwnedResources {
  township: Township;
  /** Same county, for destructive township routes (disable) so the owner's own accounts keep working. */
  spareTownship: Township;
  /** A township account of the owner's township, for user-management routes. */
  spareUser: User;
  checklist: Checklist;
  item: ChecklistItem;
  submission: Submission;
  evidence: Evidence;
  planItem: PlanItem;
  finding: Finding;
  notification: Notification;
}

export interface World {
  counties: { A: County; B: County };
  countyOf: Record<Owner, County>;
  users: Record<Exclude<Actor, 'anon'>, User>;
  owned: Record<Owner, OwnedResources>;
  templateId: string;
  tokens: Record<Actor, string | null>;
  login(actor: Exclude<Actor, 'anon'>): Promise<string>;
}

/**
 * Two counties: A with townships A1 and A2, B with B1; an admin, an auditor per county, a township account for A1,
 * A2 (and B1's recipient of notifications); and per township an analysed submission with its text, a checklist with
 * evidence, a plan item, a finding and a notification. Built straight in the database: the routes under test are
 * the thing being checked, not the fixture's path.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const { ds } = t;
  await truncateAll(ds);
  await t.app.get(ReferenceDataService).seed(new Date(`${YEAR + 1}-03-01T00:00:00Z`));
  const hash = await hashPassword(PASSWORD);
  const m = ds.manager;
  const A = await m.save(m.create(County, { code: 'county-a', name: '甲县' }));
  const B = await m.save(m.create(County, { code: 'county-b', name: '乙县' }));
  const countyOf: Record<Owner, County> = { A1: A, A2: A, B1: B };
  const user = (username: string, role: UserRole, scope: { countyId?: string; townshipId?: string }) =>
    m.save(m.create(User, { username, role, passwordHash: hash, countyId: scope.countyId ?? null, townshipId: scope.townshipId ?? null }));

  const owned = {} as Record<Owner, OwnedResources>;
  const townshipUsers = {} as Record<Owner, User>;
  const store = new FileStore(t.config.fileStorageDir);
  for (const owner of OWNERS) {
    const county = countyOf[owner];
    const township = await m.save(m.create(Township, { countyId: county.id, code: `t-${owner.toLowerCase()}`, name: `${owner}镇`, level: 'town', villageCount: 10 }));
    const spareTownship = await m.save(m.create(Township, { countyId: county.id, code: `t-${owner.toLowerCase()}-spare`, name: `${owner}备用镇`, level: 'town' }));
    townshipUsers[owner] = await user(`town${owner.toLowerCase()}`, 'township', { townshipId: township.id });
    const spareUser = await user(`spare${owner.toLowerCase()}`, 'township', { townshipId: township.id });
    const checklist = await ds.transaction((tx) => new ChecklistFactory().ensure(tx, township.id, YEAR));
    const item = await m.findOneByOrFail(ChecklistItem, { checklistId: checklist.id, obligationId: 'annual_report_submission' });
    const text = `${owner}镇${YEAR}年法治政府建设年度报告。一、主要举措。按时提交年度报告。`;
    const bytes = Buffer.from(text, 'utf8');
    const { sha256, key } = await store.put(bytes);
    const submission = await m.save(
      m.create(Submission, {
        townshipId: township.id, year: YEAR, kind: 'annual_report', fileName: `${owner}报告.txt`, format: 'txt', mediaType: 'text/plain',
        sizeBytes: bytes.length, sha256, storageKey: key, status: 'analyzed', analyzerVersion: 'fixture', analyzedAt: new Date(),
      }),
    );
    await m.insert(SubmissionText, { submissionId: submission.id, text, analyzerVersion: 'fixture' });
    const start = text.indexOf('按时提交');
    const evidence = await m.save(
      m.create(Evidence, { checklistItemId: item.id, submissionId: submission.id, source: 'auto', quote: '按时提交年度报告', startOffset: start, endOffset: start + 8, section: 'achievements' }),
    );
    await m.update(ChecklistItem, { id: item.id }, { autoStatus: 'auto_evidenced', status: 'auto_evidenced' });
    const planItem = await m.save(
      m.create(PlanItem, { submissionId: submission.id, townshipId: township.id, year: YEAR, planYear: YEAR + 1, position: 0, text: '明年开展法治培训', dueDate: `${YEAR + 1}-12-31`, startOffset: 0, endOffset: 4 }),
    );
    await m.save(m.create(Problem, { submissionId: submission.id, townshipId: township.id, year: YEAR, position: 0, text: '学法不够深入', startOffset: 0, endOffset: 4 }));
    const finding = await m.save(
      m.create(Finding, { townshipId: township.id, year: YEAR, kind: 'missing_evidence', subjectKey: 'obligation:x', checklistItemId: item.id, message: '缺少佐证' }),
    );
    const notification = await m.save(
      m.create(Notification, {
        dedupeKey: `fixture:${owner}`, channel: 'in_app', recipientUserId: townshipUsers[owner].id, townshipId: township.id, countyId: county.id,
        kind: 'reminder', subject: '提醒', body: '请提交年度报告',
      }),
    );
    owned[owner] = { township, spareTownship, spareUser, checklist, item, submission, evidence, planItem, finding, notification };
  }
  const users = {
    admin: await user('admin1', 'admin', {}),
    audA: await user('auditora', 'auditor', { countyId: A.id }),
    audB: await user('auditorb', 'auditor', { countyId: B.id }),
    townA1: townshipUsers.A1,
    townA2: townshipUsers.A2,
  };
  const tokens = { anon: null } as Record<Actor, string | null>;
  const login = async (actor: Exclude<Actor, 'anon'>) => {
    const res = await request(t.http).post('/api/auth/login').send({ username: users[actor].username, password: PASSWORD }).expect(200);
    tokens[actor] = res.body.accessToken;
    return res.body.accessToken as string;
  };
  for (const actor of Object.keys(users) as Exclude<Actor, 'anon'>[]) await login(actor);
  return { counties: { A, B }, countyOf, users, owned, templateId: owned.A1.checklist.templateId, tokens, login };
}

export const uniqueCode = () => randomUUID().slice(0, 8);
