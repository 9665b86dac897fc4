import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { isURL } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn } from '@app/domain';
import { FileStore, Submission, Township } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, DomainError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { assertReadableDocx } from '../submissions/docx-structure';
import { SubmissionIntake, cleanFileName, formatOf } from '../submissions/submission-intake.service';
import { openImportArchive, type ArchiveFile, type ArchiveLimits, type ImportSource } from './import-archive';
import { isManifestPath, parseManifestDate, parseManifestYear, readManifest, type ManifestRow } from './import-manifest';

export type ImportRowStatus = 'ready' | 'already_imported' | 'error' | 'imported';

export interface ImportProblem {
  code: string;
  message: string;
}

/** What will happen (or happened) to one manifest row. */
export interface ImportRowVerdict {
  line: number;
  township: string;
  townshipId: string | null;
  year: number | null;
  fileName: string;
  /** The archive path the row's file was found at. */
  archivePath: string | null;
  submittedAt: string | null;
  publishedAt: string | null;
  publishedUrl: string | null;
  status: ImportRowStatus;
  errors: ImportProblem[];
  /** Worth knowing, not blocking (the township-year already has another report). */
  warnings: string[];
  /** The submission the row became (imported), or the one already holding this file (already_imported). */
  submissionId: string | null;
}

export interface ImportResult {
  dryRun: boolean;
  /** True once the rows were filed; an import with any row in error at the check files nothing. */
  imported: boolean;
  countyId: string;
  manifest: string;
  rows: ImportRowVerdict[];
  /** Files in the archive no row names: not imported. */
  unlistedFiles: string[];
  counts: Record<ImportRowStatus, number>;
}

/** A past report's file: an annual report, checked like any upload. */
interface CheckedRow {
  verdict: ImportRowVerdict;
  file: ArchiveFile | null;
  sha256: string | null;
}

/** What reading a file at the check found: its digest (to match it with what is on record) and its problems. */
interface FileCheck {
  sha256: string;
  problems: ImportProblem[];
}

/** The ZIP as the upload left it: spooled to a temporary file, which the upload's interceptor deletes afterwards. */
export interface SpooledZip {
  path: string;
  size: number;
}

/**
 * Loads a county's past annual reports from an archive: a ZIP of the reports plus one manifest (乡镇, 年度, 文件名,
 * 报送日期, 公开日期) saying whose report each file is and when it was really handed in and published, so a report
 * that was on time is not flagged late. Every row is checked first and the verdicts returned (a dry run stops
 * there); an import files nothing while any row has an error — the auditor corrects the sheet and sends it again —
 * and rows whose file is already on record are skipped, so sending the same archive twice is harmless. Each row
 * becomes a submission through the ordinary intake (stored, audited, queued for analysis); the import itself is
 * audited once more with its manifest and rows.
 */
@Injectable()
export class ReportImportService {
  private readonly logger = new Logger(ReportImportService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly intake: SubmissionIntake,
    private readonly audit: AuditService,
  ) {}

  /**
   * The archive limits: each file as large as an upload may be, all of them unpacked at most twice the ZIP's cap
   * (files are read one at a time, so these bound the work and the disk, not the memory).
   */
  get limits(): ArchiveLimits {
    return { maxFileBytes: this.config.uploadMaxBytes, maxTotalBytes: 2 * this.config.imports.maxBytes, maxEntries: 1000 };
  }

  async importZip(user: Principal, countyId: string, zip: SpooledZip | undefined, dryRun: boolean): Promise<ImportResult> {
    await this.scope.county(user, countyId);
    if (!zip) throw new BadRequestError('FILE_REQUIRED', '请选择要导入的 ZIP 压缩包（字段名“file”）');
    if (zip.size === 0) throw new BadRequestError('EMPTY_FILE', '文件为空');
    const source = await openImportArchive(zip.path, this.limits);
    try {
      return await this.importFrom(user, countyId, source, dryRun);
    } finally {
      await source.close();
    }
  }

  /** The same from any source of files (the operators' command line reads a ZIP or a folder). */
  async importFrom(user: Principal, countyId: string, source: ImportSource, dryRun: boolean): Promise<ImportResult> {
    const county = await this.scope.county(user, countyId);
    const files = source.files;
    const manifests = files.filter((f) => isManifestPath(f.path));
    if (manifests.length === 0) {
      throw new BadRequestError('IMPORT_MANIFEST_MISSING', '压缩包中没有清单：请放入一个填好的清单（.xlsx 或 .csv，列为 乡镇、年度、文件名、报送日期、公开日期），可下载清单模板');
    }
    if (manifests.length > 1) {
      throw new BadRequestError('IMPORT_MANIFEST_AMBIGUOUS', `压缩包中有多个清单文件（${manifests.map((m) => m.path).join('、')}），请只保留一个`);
    }
    const manifest = manifests[0];
    const rows = await readManifest(manifest.path, await source.read(manifest));
    const reports = files.filter((f) => f !== manifest);
    const fileChecks = new Map<ArchiveFile, FileCheck>();
    const checked = await this.check(countyId, rows, reports, async (file) => {
      if (!fileChecks.has(file)) fileChecks.set(file, await this.checkFile(file, await source.read(file)));
      return fileChecks.get(file)!;
    });
    const result = (imported: boolean): ImportResult => ({
      dryRun,
      imported,
      countyId,
      manifest: manifest.path,
      rows: checked.map((c) => c.verdict),
      unlistedFiles: reports.filter((f) => !checked.some((c) => c.file === f)).map((f) => f.path),
      counts: countBy(checked.map((c) => c.verdict.status)),
    });
    if (dryRun) return result(false);
    const bad = checked.filter((c) => c.verdict.status === 'error');
    if (bad.length) {
      throw new DomainError(
        'IMPORT_ROWS_INVALID',
        422,
        `清单中有 ${bad.length} 行有误（第 ${bad.map((c) => c.verdict.line).join('、')} 行），未导入任何报告；请改正后重新导入`,
        result(false),
      );
    }
    for (const { verdict, file } of checked) {
      if (verdict.status !== 'ready' || !file) continue;
      // Each row is filed by the ordinary intake (its own transaction), its file read again now: one file's bytes in
      // memory at a time. A row refused now, though it passed the check (the township disabled meanwhile, its file
      // not stored), is reported on its row; the rows before it stay filed and a second send skips them as already
      // imported, so sending the archive again files only the rows still missing.
      const bytes = await source.read(file).catch((e: unknown) => this.filingFailure(verdict, file, e));
      if (!bytes) continue;
      if (FileStore.sha256(bytes) !== fileChecks.get(file)!.sha256) {
        verdict.status = 'error';
        verdict.errors.push({ code: 'IMPORT_FILING_FAILED', message: `文件“${file.path}”在检查后发生了变化，未导入该行；请重新导入` });
        continue;
      }
      const filed = await this.intake.submit(
        user,
        {
          townshipId: verdict.townshipId!,
          year: verdict.year!,
          kind: 'annual_report',
          submittedAt: verdict.submittedAt!,
          publishedAt: verdict.publishedAt ?? undefined,
          publishedUrl: verdict.publishedUrl ?? undefined,
          // The county states the year in the manifest: no hold for a text that names another.
          confirmYear: true,
        },
        { buffer: bytes, originalname: file.path },
      ).catch((e: unknown) => this.filingFailure(verdict, file, e));
      if (!filed) continue;
      verdict.status = filed.duplicate ? 'already_imported' : 'imported';
      verdict.submissionId = filed.submission.id;
    }
    const done = result(true);
    await this.audit.record(this.dataSource.manager, user, {
      action: 'submission.import',
      entityType: 'county',
      entityId: county.id,
      countyId: county.id,
      after: { manifest: done.manifest, counts: done.counts, rows: done.rows.map((r) => ({ line: r.line, status: r.status, submissionId: r.submissionId })) },
    });
    return done;
  }

  /**
   * A row that could not be filed: the intake's refusal as it words it, else (storage, an unreadable file) a reason
   * that says to send the archive again — the error itself goes to the log, not to the county.
   */
  private filingFailure(verdict: ImportRowVerdict, file: ArchiveFile, e: unknown): null {
    verdict.status = 'error';
    if (e instanceof DomainError) verdict.errors.push({ code: e.code, message: e.message });
    else {
      this.logger.error(`import: filing "${file.path}" (line ${verdict.line}) failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      verdict.errors.push({ code: 'IMPORT_FILING_FAILED', message: `保存文件“${file.path}”时出错，未导入该行；已导入的行不受影响，请稍后重新导入同一压缩包` });
    }
    return null;
  }

  private async check(countyId: string, rows: ManifestRow[], reports: readonly ArchiveFile[], inspect: (file: ArchiveFile) => Promise<FileCheck>): Promise<CheckedRow[]> {
    const townships = await this.dataSource.manager.findBy(Township, { countyId });
    const today = todayIn(this.config.timeZone, new Date());
    const yearChecks = new Map<number, ImportProblem | null>();
    const openYear = async (year: number) => {
      if (!yearChecks.has(year)) yearChecks.set(year, await this.intake.assertOpenYear(year, countyId).then(() => null, problemOf));
      return yearChecks.get(year)!;
    };
    const out: CheckedRow[] = [];
    for (const row of rows) {
      const errors: ImportProblem[] = [];
      const warnings: string[] = [];
      const fail = (code: string, message: string) => errors.push({ code, message });

      const township = townships.find((t) => t.name === row.township || t.code === row.township) ?? null;
      if (!row.township) fail('IMPORT_FIELD_MISSING', '未填写乡镇');
      else if (!township) fail('IMPORT_UNKNOWN_TOWNSHIP', `本县没有名为“${row.township}”的乡镇（街道），请按“乡镇与账号”中的名称填写`);
      else if (township.disabled) fail('TOWNSHIP_DISABLED', `“${township.name}”已停用，不能导入材料`);

      const year = parseManifestYear(row.year);
      let yearOpen = false;
      if (!row.year) fail('IMPORT_FIELD_MISSING', '未填写年度');
      else if (year === null) fail('IMPORT_BAD_YEAR', `年度“${row.year}”不是四位数的年份，例如 2023`);
      else {
        const problem = await openYear(year);
        if (problem) errors.push(problem);
        yearOpen = !problem;
      }

      // Dates are held against the year only when the year itself stands (one wrong year, one message).
      const submittedAt = this.date(row.submittedAt, '报送日期', yearOpen ? year : null, today, fail, true);
      const publishedAt = this.date(row.publishedAt, '公开日期', yearOpen ? year : null, today, fail, false);
      if (row.publishedUrl && !isURL(row.publishedUrl, { protocols: ['http', 'https'], require_protocol: true })) {
        fail('IMPORT_BAD_URL', `公开网址“${row.publishedUrl}”须为以 http:// 或 https:// 开头的网址`);
      }

      const file = this.findFile(row.fileName, reports, fail);
      const fileCheck = file ? await inspect(file) : null;
      if (fileCheck) errors.push(...fileCheck.problems);

      const earlier = out.find((o) => o.file !== null && o.file === file)
        ?? out.find((o) => o.file !== null && fileCheck !== null && o.sha256 === fileCheck.sha256);
      if (file && earlier) fail('IMPORT_DUPLICATE_ROW', `与第 ${earlier.verdict.line} 行是同一个文件`);
      const sameYear = township && year !== null ? out.find((o) => o.verdict.townshipId === township.id && o.verdict.year === year) : undefined;
      if (sameYear) fail('IMPORT_DUPLICATE_ROW', `第 ${sameYear.verdict.line} 行已是${township!.name}${year}年度的报告，每个乡镇每年只导入一份年度报告`);

      let existingId: string | null = null;
      if (!errors.length && township && year !== null && file) {
        const current = await this.dataSource.manager.find(Submission, { where: { townshipId: township.id, year, kind: 'annual_report', withdrawnAt: IsNull() }, order: { submittedAt: 'ASC' } });
        const same = current.find((s) => s.sha256 === fileCheck!.sha256);
        if (same) existingId = same.id;
        else if (current.length) warnings.push(`${township.name}${year}年度已有年度报告“${current.map((s) => s.fileName).join('”“')}”，导入后都会保留在提交记录中`);
      }

      out.push({
        file,
        sha256: fileCheck?.sha256 ?? null,
        verdict: {
          line: row.line,
          township: row.township,
          townshipId: township?.id ?? null,
          year,
          fileName: row.fileName,
          archivePath: file?.path ?? null,
          submittedAt,
          publishedAt,
          publishedUrl: row.publishedUrl || null,
          status: errors.length ? 'error' : existingId ? 'already_imported' : 'ready',
          errors,
          warnings: existingId ? ['该文件已提交过，不再重复导入'] : warnings,
          submissionId: existingId,
        },
      });
    }
    return out;
  }

  /**
   * A manifest date: written as people write dates, between the start of the report year and today — the rule the
   * intake applies to a backfilled submission date.
   */
  private date(text: string, label: string, year: number | null, today: string, fail: (code: string, message: string) => void, required: boolean): string | null {
    if (!text) {
      if (required) fail('IMPORT_FIELD_MISSING', `未填写${label}`);
      return null;
    }
    const date = parseManifestDate(text);
    if (!date) {
      fail('IMPORT_BAD_DATE', `${label}“${text}”不是有效的日期，请写成 2024-03-28 的格式`);
      return null;
    }
    if (year !== null && (date < `${year}-01-01` || date > today)) {
      fail(label === '报送日期' ? 'INVALID_SUBMITTED_AT' : 'INVALID_PUBLISHED_AT', `${label}须在 ${year}-01-01 至今天（${today}）之间`);
    }
    return date;
  }

  /** The row's file: its path in the archive, or its bare name when only one file in the archive has it. */
  private findFile(name: string, reports: readonly ArchiveFile[], fail: (code: string, message: string) => void): ArchiveFile | null {
    if (!name) {
      fail('IMPORT_FIELD_MISSING', '未填写文件名');
      return null;
    }
    const wanted = name.replace(/\\/g, '/').replace(/^\/+/, '');
    const exact = reports.find((f) => f.path === wanted);
    if (exact) return exact;
    const byName = reports.filter((f) => f.path.split('/').pop() === wanted.split('/').pop());
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) fail('IMPORT_FILE_AMBIGUOUS', `压缩包中有多个名为“${name}”的文件（${byName.map((f) => f.path).join('、')}），请在文件名一列写出所在文件夹`);
    else fail('IMPORT_FILE_MISSING', `压缩包中没有文件“${name}”，请检查文件名（含扩展名）是否与压缩包中的一致`);
    return null;
  }

  /** The upload checks, with the upload's Chinese reasons: not empty, a type the analyzer reads, a readable .docx. */
  private async checkFile(file: ArchiveFile, bytes: Buffer): Promise<FileCheck> {
    const sha256 = FileStore.sha256(bytes);
    if (bytes.length === 0) return { sha256, problems: [{ code: 'EMPTY_FILE', message: `文件“${file.path}”为空（0 字节）` }] };
    try {
      if (formatOf(bytes, cleanFileName(file.path)) === 'docx') await assertReadableDocx(bytes);
      return { sha256, problems: [] };
    } catch (e) {
      return { sha256, problems: [problemOf(e)] };
    }
  }
}

function problemOf(e: unknown): ImportProblem {
  if (e instanceof DomainError) return { code: e.code, message: e.message };
  throw e;
}

function countBy(statuses: ImportRowStatus[]): Record<ImportRowStatus, number> {
  const counts: Record<ImportRowStatus, number> = { ready: 0, already_imported: 0, error: 0, imported: 0 };
  for (const s of statuses) counts[s] += 1;
  return counts;
}
