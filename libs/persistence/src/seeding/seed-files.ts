import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTemplate, type TemplateDefinition } from '@app/domain/template/template-schema';

/** The repository root, found from this file whether it runs from source (tsx, jest) or from dist/. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'fazhi-checklist') return dir;
    } catch {
      /* keep climbing */
    }
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the repository root (package.json named fazhi-checklist)');
}

export const seedsDir = () => path.join(repoRoot(), 'seeds');

export function loadDefaultTemplate(): TemplateDefinition {
  return parseTemplate(JSON.parse(readFileSync(path.join(seedsDir(), 'checklists', 'default-template.json'), 'utf8')));
}

export interface DemoTownshipDef {
  code: string;
  name: string;
  level: 'town' | 'township' | 'street';
  villageCount: number | null;
  username: string;
  /** The seed report with the dates the document itself states (submittedAt: when it was handed in or signed). */
  seedReport: { file: string; year: number; publishedAt: string | null; submittedAt: string | null };
}
export interface DemoCountyDef {
  county: { code: string; name: string };
  townships: DemoTownshipDef[];
  auditor: { username: string; displayName: string };
}

export function loadDemoCounty(): DemoCountyDef {
  return JSON.parse(readFileSync(path.join(seedsDir(), 'demo', 'demo-county.json'), 'utf8'));
}

export function seedReportPath(file: string): string {
  return path.join(seedsDir(), 'reports', file);
}
