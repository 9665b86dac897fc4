import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { CreateSubmissionDto } from '../submissions/dto/submission.dto';
import { FIELD_LABELS, fieldProblems } from './validation-messages';

function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return dtoFiles(p);
    return /\.dto\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('validation messages', () => {
  it('has a Chinese label for every validated request field of the api', async () => {
    for (const file of dtoFiles(path.join(__dirname, '..'))) await import(file);
    const raw = (getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, { propertyName: string }[]> }).validationMetadatas;
    const properties = new Set([...raw.values()].flat().map((m) => m.propertyName));
    expect(properties.size).toBeGreaterThan(20);
    expect([...properties].filter((p) => !FIELD_LABELS[p]).sort()).toEqual([]);
  });

  it('says what is wrong with each field, in Chinese, with the limits', () => {
    const dto = plainToInstance(CreateSubmissionDto, { year: 1999, kind: 'report', publishedUrl: 'ftp://x', extra: 1 });
    const problems = fieldProblems(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
    expect(problems.map((p) => p.message).sort()).toEqual(
      ['字段“extra”不是可接受的字段，请删除', '年度不能小于 2000', '类型的取值不在允许范围内', '公开网址须为以 http:// 或 https:// 开头的网址'].sort(),
    );
  });

  it('reports only the type when a value has the wrong type (not its range too)', () => {
    const dto = plainToInstance(CreateSubmissionDto, { year: '2023.5', kind: 'evidence' });
    expect(fieldProblems(validateSync(dto))).toEqual([{ field: 'year', constraint: 'isInt', message: '年度须为整数（只含数字）' }]);
  });
});
