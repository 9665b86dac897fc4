import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Checklist, NoTemplateError, ensureChecklist, findTemplateFor } from '@app/persistence';
import { ConflictError } from '../common/domain-error';

/**
 * The api's door to checklist creation (libs/persistence `ensureChecklist`, the one implementation the worker uses
 * too): a missing template becomes a Chinese 409 instead of an internal error.
 */
@Injectable()
export class ChecklistFactory {
  async ensure(m: EntityManager, townshipId: string, year: number): Promise<Checklist> {
    const { checklist } = await this.guard(() => ensureChecklist(m, townshipId, year));
    return m.findOneByOrFail(Checklist, { id: checklist.id });
  }

  /** The same, for a caller that knows the county and needs no entity back (an upload): two reads fewer. */
  async ensureExists(m: EntityManager, townshipId: string, countyId: string, year: number): Promise<void> {
    await this.guard(async () => ensureChecklist(m, townshipId, year, { template: await findTemplateFor(m, countyId, year) }));
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof NoTemplateError) throw new ConflictError('NO_TEMPLATE', `${e.year} 年度尚无检查清单模板，请先导入或发布模板`);
      throw e;
    }
  }
}
