import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn, yearOf } from '@app/domain';
import { AuditLog, User, ensureYearChecklists, loadDefaultTemplate, loadDemoCounty, seedDefaultTemplates, seedDemoCounty, type UserRole } from '@app/persistence';
import { hashPassword } from '../auth/password';

interface DemoAccount {
  username: string;
  role: UserRole;
  countyId: string | null;
  townshipId: string | null;
  displayName: string | null;
}

/**
 * What the product needs before anyone logs in, made idempotently at every boot: the default template for the
 * recent and next report years; in demo mode also the demo county and its accounts. Outside demo mode there is no
 * default account: the first admin comes from `npm run create-admin`.
 */
@Injectable()
export class ReferenceDataService {
  private readonly logger = new Logger('ReferenceData');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly dataSource: DataSource) {}

  async seed(now: Date = new Date()): Promise<void> {
    const year = yearOf(todayIn(this.config.timeZone, now));
    await seedDefaultTemplates(this.dataSource, loadDefaultTemplate(), year - 4, year + 1);
    if (this.config.demo.enabled) await this.seedDemo();
    // The current year's checklist exists for every active township from the start of the year (the worker's daily
    // run keeps it so across New Year; publishing a template or adding a township makes them too).
    await this.dataSource.transaction((m) => ensureYearChecklists(m, year));
  }

  private async seedDemo(): Promise<void> {
    const def = loadDemoCounty();
    const { county, townships } = await seedDemoCounty(this.dataSource, def);
    let password = this.config.demo.password;
    if (!password) {
      password = randomBytes(9).toString('base64url');
      this.logger.warn(`DEMO_PASSWORD is not set; demo accounts use the generated password: ${password}`);
    }
    const accounts: DemoAccount[] = [
      { username: 'admin', role: 'admin', countyId: null, townshipId: null, displayName: '系统管理员（演示）' },
      { username: def.auditor.username, role: 'auditor', countyId: county.id, townshipId: null, displayName: def.auditor.displayName },
      ...def.townships.map((t) => ({
        username: t.username,
        role: 'township' as const,
        countyId: null,
        townshipId: townships.find((row) => row.code === t.code)!.id,
        displayName: t.name,
      })),
    ];
    const hash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      for (const a of accounts) {
        const existing = await m.findOneBy(User, { username: a.username });
        if (!existing) {
          const user = await m.save(m.create(User, { ...a, passwordHash: hash }));
          await m.insert(AuditLog, { actorLabel: 'system', action: 'user.create_demo', entityType: 'user', entityId: user.id, countyId: county.id, townshipId: a.townshipId, after: { username: a.username, role: a.role } });
        }
        // An existing account is left as it is: its password may be one a person chose since (a restart changes
        // nothing a person did).
      }
    });
    this.logger.log(`demo county ${county.name}: accounts ${accounts.map((a) => a.username).join(', ')}`);
  }
}
