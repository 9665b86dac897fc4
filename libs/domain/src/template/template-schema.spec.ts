import * as fs from 'fs';
import * as path from 'path';
import {
  dueDateFor,
  parseTemplate,
  TemplateDefinition,
  TemplateValidationError,
} from './template-schema';

const repoRoot = path.join(__dirname, '../../../..');
const templatePath = path.join(__dirname, '../../../../seeds/checklists/default-template.json');
const obligationsTsv = path.join(repoRoot, '../shared/spec/obligations.tsv');
const metricsTsv = path.join(repoRoot, '../shared/spec/metrics.tsv');

/** Rows of a tab-separated file with a header line, as objects keyed by the header. Fails clearly if absent. */
function readTsv(file: string): Record<string, string>[] {
  if (!fs.existsSync(file)) {
    throw new Error(`Missing ${file}: the spec files live in ../shared beside the repository (CI always has them).`);
  }
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const keys = header.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}

function loadDefaultTemplate(): TemplateDefinition {
  return parseTemplate(JSON.parse(fs.readFileSync(templatePath, 'utf8')));
}

describe('default obligation template (seeds/checklists/default-template.json)', () => {
  let template: TemplateDefinition;

  beforeAll(() => {
    template = loadDefaultTemplate();
  });

  it('parses against the template schema', () => {
    expect(template.templateKey).toBe('default');
    expect(template.version).toBeGreaterThanOrEqual(1);
    expect(template.obligations).toHaveLength(53); // the rows of ../shared/spec/obligations.tsv
  });

  it('has exactly the ids of ../shared/spec/obligations.tsv, in order, with its area, name, tier and judgedBy', () => {
    const rows = readTsv(obligationsTsv);
    expect(template.obligations.map((o) => o.id)).toEqual(rows.map((r) => r.id));
    expect(
      template.obligations.map((o) => [o.id, o.area, o.nameZh, o.tier, o.judgedBy]),
    ).toEqual(rows.map((r) => [r.id, r.area, r.name_zh, r.tier, r.judged_by]));
  });

  it('names only metrics that ../shared/spec/metrics.tsv lists for that obligation, in its unit', () => {
    const metrics = readTsv(metricsTsv);
    const unitOf = new Map(metrics.map((m) => [`${m.obligation_id}.${m.key}`, m.unit]));
    const problems: string[] = [];
    for (const o of template.obligations) {
      if (o.requirement.kind === 'presence') continue;
      const key = `${o.id}.${o.requirement.metric}`;
      const unit = unitOf.get(key);
      if (unit === undefined) problems.push(`${key} is not in metrics.tsv`);
      else if (unit !== o.requirement.unit) problems.push(`${key}: unit ${o.requirement.unit} but metrics.tsv says ${unit}`);
      if (o.requirement.kind === 'rate_min' && unit !== undefined && unit !== '%') {
        problems.push(`${key}: rate_min needs a % metric`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks every threshold as a local default (none is a confirmed national number yet)', () => {
    for (const o of template.obligations) {
      expect([o.id, o.thresholdIsLocalDefault]).toEqual([o.id, o.requirement.kind !== 'presence']);
    }
  });

  it('weights each obligation by its tier, as the weight policy says', () => {
    const policy = template.weightPolicy!;
    expect(policy).toBeDefined();
    for (const o of template.obligations) expect([o.id, o.weight]).toEqual([o.id, policy[o.tier]]);
  });

  it('dates the annual-report obligations like the annualReport deadlines', () => {
    const byId = new Map(template.obligations.map((o) => [o.id, o]));
    expect(byId.get('annual_report_submission')!.due).toEqual(template.annualReport.submitBy);
    expect(byId.get('annual_report_publication')!.due).toEqual(template.annualReport.publishBy);
    // Published before 1 April of the following year.
    expect(dueDateFor(template.annualReport.publishBy, 2025)).toBe('2026-03-31');
  });
});

describe('parseTemplate', () => {
  const valid = (): Record<string, unknown> => JSON.parse(fs.readFileSync(templatePath, 'utf8'));

  it('lists every problem with its path', () => {
    const json = valid() as { obligations: Record<string, unknown>[]; version: unknown };
    json.version = 0;
    json.obligations[0].tier = 'essential';
    json.obligations[1].requirement = { kind: 'rate_min', metric: 'x', threshold: 120, unit: '%', basis: 'b' };
    json.obligations[2].due = { month: 2, day: 30, yearOffset: 0 };
    json.obligations[3].id = json.obligations[0].id;
    json.obligations[4].sources = [];
    json.obligations[5].requirement = { kind: 'presence', metric: 'sessions' };

    let error: unknown;
    try {
      parseTemplate(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateValidationError);
    const { message, problems } = error as TemplateValidationError;
    expect(message).toMatch(/^Invalid obligation template \(\d+ problems\):/);
    for (const fragment of [
      'version:',
      'obligations[0].tier:',
      'obligations[1].requirement.threshold:',
      'obligations[2].due.day:',
      'obligations[3].id: duplicate obligation id',
      'obligations[4].sources:',
      'obligations[5].requirement:',
    ]) {
      expect(problems.some((p) => p.startsWith(fragment))).toBe(true);
      expect(message).toContain(fragment);
    }
  });

  it('rejects a non-object', () => {
    expect(() => parseTemplate(null)).toThrow(/\(root\)/);
  });

  it('rejects unknown keys, so a misspelt field is not silently dropped', () => {
    const json = valid() as { obligations: Record<string, unknown>[] };
    json.obligations[0].wieght = 3;
    expect(() => parseTemplate(json)).toThrow(/obligations\[0\]: Unrecognized key: "wieght"/);
  });
});

describe('dueDateFor', () => {
  it.each([
    [{ month: 12, day: 31, yearOffset: 0 }, 2025, '2025-12-31'],
    [{ month: 3, day: 31, yearOffset: 0 }, 2025, '2025-03-31'],
    [{ month: 3, day: 31, yearOffset: 1 }, 2025, '2026-03-31'],
    [{ month: 1, day: 5, yearOffset: 1 }, 2025, '2026-01-05'],
    [{ month: 2, day: 29, yearOffset: 0 }, 2024, '2024-02-29'],
    [{ month: 2, day: 29, yearOffset: 0 }, 2025, '2025-02-28'],
    [{ month: 2, day: 29, yearOffset: 1 }, 2023, '2024-02-29'],
    [{ month: 2, day: 29, yearOffset: 0 }, 2100, '2100-02-28'],
    [{ month: 2, day: 29, yearOffset: 0 }, 2000, '2000-02-29'],
    [{ month: 4, day: 31, yearOffset: 0 }, 2025, '2025-04-30'],
  ])('%j in report year %i → %s', (rule, year, expected) => {
    expect(dueDateFor(rule, year)).toBe(expected);
  });

  it('rejects a report year that is not an integer', () => {
    expect(() => dueDateFor({ month: 12, day: 31, yearOffset: 0 }, 2025.5)).toThrow(RangeError);
    expect(() => dueDateFor({ month: 12, day: 31, yearOffset: 0 }, Number.NaN)).toThrow(RangeError);
  });

  it('rejects a month outside 1–12', () => {
    expect(() => dueDateFor({ month: 13, day: 1, yearOffset: 0 }, 2025)).toThrow(RangeError);
  });
});
