import { DataSource } from 'typeorm';
import { Checklist, ChecklistItem, ChecklistTemplate, County, Submission, Township } from '../entities';
import { loadDefaultTemplate, seedDefaultTemplates } from '../seeding';
import { ensureChecklist, ensureYearChecklists } from './checklist-creation';
import { dueDateFor, dueDateForSql, isReportPublished } from '@app/domain';
import { currentReportIdSql, currentReportIds, loadDocRows, loadTownshipYearDocs, townshipsWithSubmittedReport } from './current-documents';
import { openTestDataSource, truncateAll } from '../../../../test/support/test-db';

describe('township-year queries', () => {
  let ds: DataSource;
  let county: County;
  let active: Township;
  let disabled: Township;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  beforeEach(async () => {
    await truncateAll(ds);
    await seedDefaultTemplates(ds, loadDefaultTemplate(), 2023, 2024);
    county = await ds.getRepository(County).save({ code: 'c', name: '甲县' });
    active = await ds.getRepository(Township).save({ countyId: county.id, code: 'a', name: '甲镇', level: 'town', villageCount: 3 });
    disabled = await ds.getRepository(Township).save({ countyId: county.id, code: 'b', name: '乙镇', level: 'town', villageCount: 3, disabled: true });
  });
  afterAll(() => ds.destroy());

  const submission = (fields: Partial<Submission>) =>
    ds.getRepository(Submission).save({
      townshipId: active.id, year: 2023, kind: 'annual_report', fileName: 'r.txt', format: 'txt', mediaType: 'text/plain', sizeBytes: 1,
      sha256: Math.random().toString(16).slice(2).padEnd(64, '0'), storageKey: 'k', status: 'analyzed', analyzedAt: new Date(), ...fields,
    } as Submission);

  it('gives every active township the year\'s checklist once, and moves it to the county\'s own template when one appears', async () => {
    const first = await ds.transaction((m) => ensureYearChecklists(m, 2023));
    expect(first.created).toEqual([{ townshipId: active.id, year: 2023 }]);
    expect(await ds.getRepository(Checklist).countBy({ townshipId: disabled.id })).toBe(0);
    expect(await ds.getRepository(ChecklistItem).count()).toBe(53);
    expect(await ds.transaction((m) => ensureYearChecklists(m, 2023))).toEqual({ created: [], moved: [] });

    const own = await ds.getRepository(ChecklistTemplate).save({ templateKey: 'default', year: 2023, version: 2, title: '甲县模板', description: null,
      reportSubmitBy: { month: 3, day: 31, yearOffset: 1 }, reportPublishBy: { month: 3, day: 31, yearOffset: 1 }, countyId: county.id, derivedFromId: null, sourceDocuments: [] });
    await ds.query(`INSERT INTO template_obligations SELECT $1, obligation_id, position, area, name_zh, description_zh, tier, judged_by, requirement_kind, metric_key,
      threshold, unit, requirement_basis, threshold_is_local_default, due_rule, weight, sources FROM template_obligations WHERE template_id = (SELECT template_id FROM checklists LIMIT 1)`, [own.id]);
    const item = await ds.getRepository(ChecklistItem).findOneByOrFail({ obligationId: 'leadership_group' });
    await ds.getRepository(ChecklistItem).update({ id: item.id }, { decision: 'accepted', status: 'accepted' });
    expect(await ds.transaction((m) => ensureYearChecklists(m, 2023))).toEqual({ created: [], moved: [{ townshipId: active.id, year: 2023 }] });
    const ensured = await ds.transaction((m) => ensureChecklist(m, active.id, 2023));
    expect(ensured.template.id).toBe(own.id);
    expect(ensured.items).toHaveLength(53);
    expect(ensured.items.find((i) => i.obligationId === 'leadership_group')).toMatchObject({ id: item.id, decision: 'accepted' }); // decisions stay
  });

  it('counts the latest analysed report and never a withdrawn one; publication is decided by one rule', async () => {
    const older = await submission({ submittedAt: new Date('2024-01-01T00:00:00Z'), publishedAt: '2024-01-02' });
    const newer = await submission({ submittedAt: new Date('2024-02-01T00:00:00Z') });
    expect((await loadDocRows(ds.manager, active.id, 2023)).currentReport!.id).toBe(newer.id);
    expect(await townshipsWithSubmittedReport(ds.manager, [active.id, disabled.id], 2023)).toEqual(new Set([active.id]));
    await submission({ townshipId: disabled.id, status: 'rejected_not_report' }); // not a report: counts for nothing
    expect(await townshipsWithSubmittedReport(ds.manager, [active.id, disabled.id], 2023)).toEqual(new Set([active.id]));
    expect(isReportPublished((await loadTownshipYearDocs(ds.manager, active.id, 2023)).submittedReports)).toBe(true);
    await ds.getRepository(Submission).update({ id: newer.id }, { withdrawnAt: new Date() });
    const docs = await loadTownshipYearDocs(ds.manager, active.id, 2023);
    expect(docs.currentReport!.id).toBe(older.id);
    expect(docs.submittedReports.map((s) => s.id)).toEqual([older.id]);
    await ds.getRepository(Submission).update({ id: older.id }, { withdrawnAt: new Date() });
    expect((await loadDocRows(ds.manager, active.id, 2023)).currentReport).toBeNull();
    expect(await townshipsWithSubmittedReport(ds.manager, [active.id], 2023)).toEqual(new Set());
    expect(isReportPublished((await loadTownshipYearDocs(ds.manager, active.id, 2023)).submittedReports)).toBe(false);
  });

  it('finds the current report of many townships in one statement, by the same rule as loadDocRows', async () => {
    const agree = async () => {
      const one = (await loadDocRows(ds.manager, active.id, 2023)).currentReport?.id;
      const many = await currentReportIds(ds.manager, [active.id, disabled.id], 2023);
      expect(many.get(active.id)).toBe(one);
      const [scalar]: { id: string | null }[] = await ds.query(`SELECT ${currentReportIdSql('$1::uuid', '$2::int')} AS id`, [active.id, 2023]);
      expect(scalar.id ?? undefined).toBe(one);
      return one;
    };
    const at = (day: string) => new Date(`${day}T00:00:00Z`);
    const first = await submission({ submittedAt: at('2024-01-01') });
    const corrected = await submission({ submittedAt: at('2024-02-01') });
    // Later uploads that do not supersede it: not analysed yet, or counting for nothing.
    const pending = await submission({ submittedAt: at('2024-03-01'), status: 'analyzing', analyzedAt: null });
    const held = await submission({ submittedAt: at('2024-03-02'), status: 'needs_year_confirmation' });
    await submission({ submittedAt: at('2024-03-03'), status: 'rejected_not_report' });
    await submission({ submittedAt: at('2024-03-04'), status: 'failed' });
    await submission({ submittedAt: at('2024-03-05'), year: 2024 });
    const other = await submission({ townshipId: disabled.id });
    expect(await agree()).toBe(corrected.id);
    expect((await currentReportIds(ds.manager, [active.id, disabled.id], 2023)).get(disabled.id)).toBe(other.id);
    // Same instant: the larger id wins in both.
    await ds.getRepository(Submission).update({ id: first.id }, { submittedAt: at('2024-02-01') });
    expect(await agree()).toBe([first.id, corrected.id].sort().pop());
    await ds.getRepository(Submission).update({ id: pending.id }, { status: 'analyzed', analyzedAt: new Date() });
    expect(await agree()).toBe(pending.id);
    await ds.getRepository(Submission).update({ id: pending.id }, { withdrawnAt: new Date() });
    await ds.getRepository(Submission).update({ id: held.id }, { status: 'analyzed' });
    expect(await agree()).toBe(held.id);
    expect(await currentReportIds(ds.manager, [], 2023)).toEqual(new Map());
  });

  it('dates a due rule in SQL as dueDateFor does (the reminder run\'s twin)', async () => {
    const rules = [
      { month: 3, day: 31, yearOffset: 1 },
      { month: 2, day: 31, yearOffset: 0 },
      { month: 2, day: 29, yearOffset: 1 },
      { month: 4, day: 31, yearOffset: 0 },
      { month: 12, day: 31, yearOffset: 0 },
      { month: 1, day: 1, yearOffset: -1 },
      { month: 6, day: 15, yearOffset: 2 },
    ];
    for (const year of [2023, 2024]) {
      const rows: { d: string }[] = await ds.query(
        `SELECT ${dueDateForSql('r.rule', '$2::int')}::text AS d FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS r(rule, i) ORDER BY i`,
        [JSON.stringify(rules), year],
      );
      expect(rows.map((r) => r.d)).toEqual(rules.map((rule) => dueDateFor(rule, year)));
    }
  });
});
