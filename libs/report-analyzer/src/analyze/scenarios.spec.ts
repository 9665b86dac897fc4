// Whole-report scenarios beyond the seed corpus: a 街道 report with full-width punctuation, a Party secretary's 述法
// report, and a web excerpt that starts with navigation and stops mid-sentence. Hand-written to the usual layouts.

import * as fs from 'fs';
import * as path from 'path';
import { analyze, evidenced } from './testing/fixtures';

const load = (name: string) => analyze(fs.readFileSync(path.join(__dirname, 'testing', name), 'utf8'), name);
const metricKeys = (a: ReturnType<typeof analyze>) => a.metrics.map((m) => `${m.obligationId}.${m.key}=${m.value}`);

describe('a 街道 report', () => {
  const a = load('street-report.txt');
  it('reads the street office, the year and all statutory parts', () => {
    expect(a.township).toEqual({ name: '东城街道', level: 'street' });
    expect(a.reportYear).toBe(2024);
    expect(evidenced(a)).toEqual(expect.arrayContaining(['annual_report_content', 'annual_report_shortcomings', 'annual_report_first_responsible_section', 'annual_report_next_year_plan']));
  });
  it('evidences what the street office did, and not the absences', () => {
    const ids = evidenced(a);
    expect(ids).toEqual(
      expect.arrayContaining([
        'leadership_group', 'central_group_law_study', 'pre_meeting_law_study', 'powers_duties_list', 'decision_risk_assessment',
        'decision_collective_decision', 'township_legality_review_coverage', 'government_legal_counsel', 'village_legal_counsel',
        'enforcement_publicity', 'enforcement_certification', 'enforcement_training', 'pufa_responsibility', 'legal_understanding_persons',
        'democratic_rule_of_law_village', 'dispute_diversified_resolution', 'people_mediation', 'annual_shufa',
      ]),
    );
    expect(ids).not.toContain('admin_reconsideration'); // "无行政复议和行政诉讼案件"
    expect(ids).not.toContain('litigation_head_appearance');
  });
  it('extracts the metrics with their keys', () => {
    expect(metricKeys(a)).toEqual(
      expect.arrayContaining([
        'central_group_law_study.sessions=4', 'pre_meeting_law_study.sessions=12', 'powers_duties_list.items=72', 'government_legal_counsel.counsel_count=1',
        'village_legal_counsel.villages_covered=21', 'enforcement_training.trainings=6', 'pufa_activities.events=46', 'legal_understanding_persons.persons=210',
        'democratic_rule_of_law_village.villages=2', 'dispute_diversified_resolution.disputes_resolved=412', 'dispute_diversified_resolution.resolution_rate=99.2',
        'people_mediation.mediators=86',
      ]),
    );
  });
  it('reads the plan with targets and due dates, and the shortcomings', () => {
    expect(a.planItems.map((p) => [p.target?.value ?? null, p.due])).toEqual([
      [4, '2025-12-31'], [1, '2025-12-31'], [null, '2025-06-30'], [8, '2025-12-31'], [250, '2025-12-31'], [1, '2025-12-31'],
    ]);
    expect(a.problems).toHaveLength(3);
  });
});

describe('a 述法 report', () => {
  const a = load('shufa-report.txt');
  it('reads the township from the secretary title', () => {
    expect(a.township).toEqual({ name: '青石镇', level: 'town' });
    expect(a.reportYear).toBe(2023);
  });
  it('the report being a 述法 report does not by itself evidence annual_shufa', () => {
    expect(evidenced(a)).not.toContain('annual_shufa');
  });
  it('its first-responsibility part carries claims', () => {
    expect(evidenced(a)).toEqual(expect.arrayContaining(['first_responsible_person_duty', 'central_group_law_study', 'decision_collective_decision', 'village_legal_counsel']));
    expect(metricKeys(a)).toEqual(expect.arrayContaining(['central_group_law_study.sessions=6', 'village_legal_counsel.villages_covered=11']));
    expect(a.planItems.map((p) => p.obligationIds)).toEqual([['cadre_law_training_exam'], ['township_legality_review_coverage'], ['legal_understanding_persons']]);
  });
});

describe('a web excerpt without headings', () => {
  const a = load('excerpt.txt');
  it('has no structure and no year, but reads claims, shortcomings and plans by their wording', () => {
    expect(a.reportYear).toBeNull();
    expect(evidenced(a)).toEqual(expect.arrayContaining(['pufa_activities', 'government_legal_counsel', 'contract_legality_review', 'dispute_diversified_resolution']));
    expect(evidenced(a).filter((id) => id.startsWith('annual_report_'))).toEqual([]);
    expect(evidenced(a)).not.toContain('village_legal_counsel'); // only named in a shortcoming
    expect(a.problems.map((p) => p.obligationIds)).toEqual([['village_legal_counsel']]);
    expect(a.planItems.length).toBe(2);
    expect(a.planItems[1].target).toEqual({ op: '>=', value: 4, unit: '次' });
  });
});
