/**
 * `npm run import-reports -- --county CODE --as USERNAME [--dry-run] PATH`: an operator loads a county's past annual
 * reports from a ZIP or a folder holding the reports and one manifest (乡镇, 年度, 文件名, 报送日期, 公开日期), through
 * the same service as the api's import (the same checks, the same all-or-nothing rule, audited under the account
 * named by --as, an admin or that county's auditor). The worker analyses the imported reports as usual. What it
 * prints is for the operator and the county alike, so it is Chinese like the api's messages.
 */
import 'reflect-metadata';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@app/config';
import { County, User } from '@app/persistence';
import { AppModule } from '../app.module';
import { DomainError } from '../common/domain-error';
import { megabytes } from '../common/error-catalogue';
import type { Principal } from '../common/principal';
import { isSystemFile, openImportArchive, tooLarge, type ArchiveFile, type ArchiveLimits, type ImportSource } from '../report-imports/import-archive';
import { ReportImportService, type ImportResult } from '../report-imports/report-import.service';

const USAGE = '用法：npm run import-reports -- --county 县编码 --as 用户名 [--dry-run] 压缩包或文件夹';

function fail(message: string): never {
  console.error(`import-reports: ${message}`);
  process.exit(1);
}

interface Args {
  county: string;
  as: string;
  dryRun: boolean;
  source: string;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--county') args.county = inline ?? argv[++i];
    else if (flag === '--as') args.as = inline ?? argv[++i];
    else if (flag === '--dry-run') args.dryRun = true;
    else if (arg.startsWith('--')) fail(`不认识的选项 ${arg}\n${USAGE}`);
    else if (args.source) fail(`每次只能导入一个压缩包或文件夹\n${USAGE}`);
    else args.source = arg;
  }
  if (!args.county || !args.as || !args.source) fail(`缺少 ${!args.county ? '--county' : !args.as ? '--as' : '压缩包或文件夹'}\n${USAGE}`);
  return args as Args;
}

/** A folder's files, with the archive's limits and paths relative to the folder, each read only when asked for. */
export function openFolder(root: string, limits: ArchiveLimits): ImportSource {
  const files = new Map<ArchiveFile, string>();
  let total = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (isSystemFile(rel)) continue;
      const stat = statSync(full);
      if (stat.isDirectory()) {
        walk(full);
        continue;
      }
      if (!stat.isFile()) continue;
      if (files.size >= limits.maxEntries) fail(`文件超过 ${limits.maxEntries} 个，请分批导入`);
      if (stat.size > limits.maxFileBytes) fail(`“${rel}”超过单个文件 ${megabytes(limits.maxFileBytes)} 的上限`);
      total += stat.size;
      if (total > limits.maxTotalBytes) fail(`文件合计超过 ${megabytes(limits.maxTotalBytes)}，请分批导入`);
      files.set({ path: rel, size: stat.size }, full);
    }
  };
  walk(root);
  return {
    files: [...files.keys()],
    read: async (file) => {
      const bytes = await readFile(files.get(file)!);
      // The file may have grown since it was listed.
      if (bytes.length > limits.maxFileBytes) throw tooLarge(file.path, limits);
      return bytes;
    },
    close: async () => undefined,
  };
}

/** The verdicts as the auditor's page shows them, one line per manifest row (in Chinese, as the rows are). */
export function describe(result: ImportResult): string[] {
  const label: Record<string, string> = { ready: '可导入', already_imported: '已提交过', error: '有误', imported: '已导入' };
  const lines = result.rows.map((r) => {
    const notes = [...r.errors.map((e) => `${e.code} ${e.message}`), ...r.warnings].join('；');
    return `第 ${r.line} 行  ${r.township} ${r.year ?? '?'} ${r.fileName}：${label[r.status]}${r.submissionId && r.status === 'imported' ? `（${r.submissionId}）` : ''}${notes ? `  ${notes}` : ''}`;
  });
  if (result.unlistedFiles.length) lines.push(`未在清单中列出（不导入）：${result.unlistedFiles.join('、')}`);
  const c = result.counts;
  lines.push(result.imported ? `已导入 ${c.imported} 份，已提交过 ${c.already_imported} 份` : `检查：可导入 ${c.ready} 行，已提交过 ${c.already_imported} 行，有误 ${c.error} 行${result.dryRun ? '（未导入）' : ''}`);
  return lines;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    const ds = app.get(DataSource);
    const county = await ds.getRepository(County).findOne({ where: [{ code: args.county }, { name: args.county }] });
    if (!county) fail(`没有编码或名称为“${args.county}”的县（区）`);
    const user = await ds.getRepository(User).findOneBy({ username: args.as });
    if (!user || user.disabled) fail(`没有可用的账号“${args.as}”`);
    if (user.role !== 'admin' && !(user.role === 'auditor' && user.countyId === county.id)) fail(`账号“${args.as}”既不是管理员，也不是${county.name}的审核人员`);
    const principal: Principal = { id: user.id, username: user.username, role: user.role, countyId: user.countyId, townshipId: user.townshipId };
    const service = app.get(ReportImportService);
    const source = statSync(args.source).isDirectory() ? openFolder(args.source, service.limits) : await openImportArchive(args.source, service.limits);
    let result: ImportResult;
    try {
      result = await service.importFrom(principal, county.id, source, args.dryRun);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'IMPORT_ROWS_INVALID') {
        for (const line of describe(e.details as ImportResult)) console.log(line);
        fail(e.message);
      }
      throw e;
    } finally {
      await source.close();
    }
    for (const line of describe(result)) console.log(line);
    if (result.counts.error) process.exitCode = 1;
  } catch (e) {
    fail(e instanceof DomainError ? `${e.code} ${e.message}` : (e as Error).message);
  } finally {
    await app?.close();
  }
}

if (require.main === module) void main();
