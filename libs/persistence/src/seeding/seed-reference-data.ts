import { DataSource } from 'typeorm';
import type { TemplateDefinition } from '@app/domain/template/template-schema';
import { County } from '../entities/county.entity';
import { Township } from '../entities/township.entity';
import { saveTemplateVersion } from './template-store';
import type { DemoCountyDef } from './seed-files';

/** The default template for every report year in [fromYear, toYear]; existing versions are left alone. */
export async function seedDefaultTemplates(ds: DataSource, def: TemplateDefinition, fromYear: number, toYear: number): Promise<void> {
  await ds.transaction(async (m) => {
    for (let year = fromYear; year <= toYear; year++) await saveTemplateVersion(m, def, year);
  });
}

/** The demo county and its townships (by code, so a second start finds them instead of duplicating). */
export async function seedDemoCounty(ds: DataSource, def: DemoCountyDef): Promise<{ county: County; townships: Township[] }> {
  return ds.transaction(async (m) => {
    await m.createQueryBuilder().insert().into(County).values(def.county).orIgnore().execute();
    const county = await m.findOneByOrFail(County, { code: def.county.code });
    await m
      .createQueryBuilder()
      .insert()
      .into(Township)
      .values(def.townships.map((t) => ({ countyId: county.id, code: t.code, name: t.name, level: t.level, villageCount: t.villageCount })))
      .orIgnore()
      .execute();
    const townships = await m.find(Township, { where: { countyId: county.id }, order: { code: 'ASC' } });
    return { county, townships };
  });
}
