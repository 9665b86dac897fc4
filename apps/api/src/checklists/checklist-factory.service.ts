import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { dueDateFor } from '@app/domain/template';
import { Checklist, ChecklistItem, findTemplateForYear, templateObligations } from '@app/persistence';
import { ConflictError } from '../common/domain-error';

/**
 * A township-year checklist comes into being with the township's first submission for that year, from the template
 * that year uses. Inserts ignore conflicts, so the worker (or a concurrent upload) making the same rows is harmless.
 */
@Injectable()
export class ChecklistFactory {
  async ensure(m: EntityManager, townshipId: string, year: number): Promise<Checklist> {
    const existing = await m.findOneBy(Checklist, { townshipId, year });
    if (existing) return existing;
    const template = await findTemplateForYear(m, year);
    if (!template) throw new ConflictError('NO_TEMPLATE', '尚无任何检查清单模板，请先导入模板');
    await m.createQueryBuilder().insert().into(Checklist).values({ townshipId, year, templateId: template.id }).orIgnore().execute();
    const checklist = await m.findOneByOrFail(Checklist, { townshipId, year });
    const obligations = await templateObligations(m, checklist.templateId);
    await m
      .createQueryBuilder()
      .insert()
      .into(ChecklistItem)
      .values(obligations.map((o) => ({ checklistId: checklist.id, obligationId: o.obligationId, dueDate: dueDateFor(o.dueRule, year) })))
      .orIgnore()
      .execute();
    return checklist;
  }
}
