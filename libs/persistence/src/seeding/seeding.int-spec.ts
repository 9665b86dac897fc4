import { DataSource } from 'typeorm';
import { ChecklistTemplate, County, TemplateObligation, Township, findTemplateFor, hasTemplateOfYear, latestTemplateYear } from '@app/persistence';
import { loadDefaultTemplate, loadDemoCounty, seedDefaultTemplates, seedDemoCounty, saveTemplateVersion } from './index';
import { openTestDataSource, truncateAll } from '../../../../test/support/test-db';

describe('seeding reference data', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  beforeEach(() => truncateAll(ds));
  afterAll(() => ds.destroy());

  it('loads the default template with all 53 obligations per year, once', async () => {
    const def = loadDefaultTemplate();
    await seedDefaultTemplates(ds, def, 2022, 2024);
    await seedDefaultTemplates(ds, def, 2022, 2024);
    expect(await ds.getRepository(ChecklistTemplate).count()).toBe(3);
    expect(await ds.getRepository(TemplateObligation).count()).toBe(3 * 53);
    const village = await ds.getRepository(TemplateObligation).findOneByOrFail({ obligationId: 'village_legal_counsel' });
    expect(village.requirementKind).toBe('rate_min');
  });

  it('picks the newest version of the year, else the closest earlier year', async () => {
    const def = loadDefaultTemplate();
    await seedDefaultTemplates(ds, def, 2023, 2023);
    const v2 = await ds.transaction((m) => saveTemplateVersion(m, def, 2023, 2));
    expect((await findTemplateFor(ds.manager, null, 2023))!.id).toBe(v2.id);
    expect((await findTemplateFor(ds.manager, null, 2026))!.id).toBe(v2.id);
    await seedDefaultTemplates(ds, def, 2025, 2025);
    expect((await findTemplateFor(ds.manager, null, 2020))!.year).toBe(2023);
  });

  it('prefers the county\'s own template of the year over the default, never another county\'s', async () => {
    const def = loadDefaultTemplate();
    await seedDefaultTemplates(ds, def, 2023, 2024);
    const a = await ds.getRepository(County).save({ code: 'a', name: '甲县' });
    const b = await ds.getRepository(County).save({ code: 'b', name: '乙县' });
    const own = await ds.getRepository(ChecklistTemplate).save({ templateKey: 'default', year: 2023, version: 7, title: '甲县模板', description: null,
      reportSubmitBy: def.annualReport.submitBy, reportPublishBy: def.annualReport.publishBy, countyId: a.id, derivedFromId: null, sourceDocuments: [] });
    expect((await findTemplateFor(ds.manager, a.id, 2023))!.id).toBe(own.id);
    // Read with plain SQL, the template is the same entity, field for field, as TypeORM's own read of the row.
    const found = await findTemplateFor(ds.manager, a.id, 2023);
    expect(found).toBeInstanceOf(ChecklistTemplate);
    expect(found).toEqual(await ds.getRepository(ChecklistTemplate).findOneByOrFail({ id: own.id }));
    expect((await findTemplateFor(ds.manager, b.id, 2023))!.countyId).toBeNull();
    expect((await findTemplateFor(ds.manager, null, 2023))!.countyId).toBeNull();
    expect((await findTemplateFor(ds.manager, a.id, 2024))!.countyId).toBeNull(); // the default's own year beats A's earlier year
    expect(await hasTemplateOfYear(ds.manager, a.id, 2025)).toBe(false);
    expect(await latestTemplateYear(ds.manager, a.id, 2030)).toBe(2024);
    expect(await latestTemplateYear(ds.manager, a.id, 2023)).toBe(2023);
  });

  it('creates the demo county and its five townships idempotently', async () => {
    const def = loadDemoCounty();
    await seedDemoCounty(ds, def);
    const { townships } = await seedDemoCounty(ds, def);
    expect(townships.map((t) => t.name).sort()).toEqual(['万兴街道', '插甸镇', '金马镇', '鳌头镇', '黄柏乡'].sort());
    expect(await ds.getRepository(Township).count()).toBe(5);
    expect(townships.find((t) => t.code === 'jinma')!.villageCount).toBe(7);
  });
});
