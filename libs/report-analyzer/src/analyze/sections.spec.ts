import { analyze, buildReport, evidenced } from './testing/fixtures';

const structureIds = (raw: string) => evidenced(analyze(raw)).filter((id) => id.startsWith('annual_report_'));

describe('sections', () => {
  it('reads the four statutory parts and their kinds', () => {
    const a = analyze(buildReport({ achievements: ['成立领导小组。'], problems: ['执法力量薄弱。'], firstResponsible: ['书记带头学法。'], plan: ['加强普法。'] }));
    expect(a.sections.filter((s) => s.level === 1).map((s) => s.kind)).toEqual(['achievements', 'problems', 'first_responsible', 'plan']);
    expect(a.sections[0].kind).toBe('preamble');
    for (const s of a.sections) expect(s.end).toBeGreaterThan(s.start);
    expect(structureIds(buildReport({ achievements: ['成立领导小组。'], problems: ['执法力量薄弱。'], firstResponsible: ['书记带头学法。'], plan: ['加强普法。'] }))).toEqual([
      'annual_report_content',
      'annual_report_shortcomings',
      'annual_report_first_responsible_section',
      'annual_report_next_year_plan',
    ]);
  });
  it('content needs all four parts', () => {
    expect(structureIds(buildReport({ achievements: ['成立领导小组。'], problems: ['执法力量薄弱。'], plan: ['加强普法。'] }))).toEqual([
      'annual_report_shortcomings',
      'annual_report_next_year_plan',
    ]);
  });
  it('a numbered sub-part on the first responsibility counts as that part', () => {
    const raw = ['一、主要工作及成效', '(一)强化组织领导', '1.健全领导机制。成立法治建设领导小组。', '2.落实第一责任人职责。书记、镇长带头履行法治建设领导责任。', '二、存在的问题', '执法力量薄弱。', '三、2024年工作计划', '加强普法。'].join('\n');
    expect(structureIds(raw)).toContain('annual_report_first_responsible_section');
    expect(structureIds(raw)).toContain('annual_report_content');
    const a = analyze(raw);
    expect(a.sections.map((s) => [s.level, s.kind])).toEqual(
      expect.arrayContaining([
        [2, 'achievements'],
        [3, 'first_responsible'],
      ]),
    );
  });
  it('a first-responsibility sentence inside another part is not a part', () => {
    expect(structureIds(buildReport({ achievements: ['压实党政主要负责人履行推进法治建设第一责任人职责。'], problems: ['执法力量薄弱。'], plan: ['加强普法。'] }))).not.toContain(
      'annual_report_first_responsible_section',
    );
  });
  it('a sub-heading naming 问题 inside the measures part does not make a shortcomings part', () => {
    const raw = ['一、工作开展情况', '(一)紧盯问题清单,优化营商环境。深化放管服改革。', '二、下一步工作打算', '加强普法。'].join('\n');
    expect(structureIds(raw)).toEqual(['annual_report_next_year_plan']);
    expect(evidenced(analyze(raw))).toContain('government_functions_services');
  });
  it('a theme heading that names 问题 is not a shortcomings part', () => {
    const raw = ['一、强化问题整改,落实督察反馈意见', '对县委依法治县办督察反馈的问题逐项整改。', '二、存在的问题', '执法力量薄弱。', '三、下一步工作计划', '加强普法。'].join('\n');
    const a = analyze(raw);
    expect(a.sections.filter((s) => s.level === 1).map((s) => s.kind)).toEqual(['other', 'problems', 'plan']);
    expect(evidenced(a)).toContain('enforcement_supervision_cooperation');
  });
  it('an excerpt without headings has no structure obligations', () => {
    expect(structureIds('我镇成立法治建设领导小组。执法力量薄弱。下一步,我镇将加强普法。')).toEqual([]);
  });
  it('parts headed (一)(二)(三) in a short report are read as parts', () => {
    const raw = ['(一)主要工作成效', '成立法治建设领导小组。', '(二)存在问题', '执法力量薄弱。', '(三)下一步计划', '加强普法宣传。'].join('\n');
    expect(structureIds(raw)).toEqual(['annual_report_shortcomings', 'annual_report_next_year_plan']);
  });
  it('navigation and footer lines are neither claims nor plan items', () => {
    const a = analyze(buildReport({ achievements: ['成立领导小组。'], plan: ['加强普法宣传。\n返回顶部 打印本页 关闭窗口\n| 下一条:某某局关于2023年法治政府建设情况的报告 |'] }));
    expect(a.planItems.map((p) => p.text)).toEqual(['加强普法宣传']);
  });
  it('metadata obligations are never evidenced from text', () => {
    const a = analyze(buildReport({ achievements: ['本报告经主要负责人审核后报送县委、县政府,并在政府网站向社会公开。'] }));
    const statuses = a.obligations.filter((o) => o.id === 'annual_report_submission' || o.id === 'annual_report_publication').map((o) => o.status);
    expect(statuses).toEqual(['not_found', 'not_found']);
  });

});

describe('reports without headings', () => {
  const short = (problemsPara: string, planPara: string) =>
    analyze(
      [
        '青石镇2024年法治政府建设情况',
        '2024年,青石镇党委、政府深入推进法治政府建设,成立法治政府建设工作领导小组,全年开展普法宣传活动12场次。',
        '镇政府聘请常年法律顾问1名,审查合同20份。',
        problemsPara,
        planPara,
      ].join('\n'),
    );
  it('a paragraph on shortcomings and one on next year form the two parts', () => {
    const a = short('同时也要看到,我镇法治建设仍存在一些不足:个别干部依法决策意识不强,普法形式较为单一。', '2025年,我镇将持续深化普法宣传,全年开展法治讲座不少于4次。');
    expect(evidenced(a)).toEqual(expect.arrayContaining(['annual_report_shortcomings', 'annual_report_next_year_plan', 'leadership_group', 'government_legal_counsel']));
    expect(a.problems.map((p) => p.text)).toEqual(['个别干部依法决策意识不强', '普法形式较为单一']);
    expect(a.planItems.map((p) => p.target)).toContainEqual({ op: '>=', value: 4, unit: '次' });
  });
  it('reads "下一步," and "存在的主要问题是:" openings', () => {
    const a = short('工作中存在的主要问题是:村级调解员业务水平参差不齐。', '下一步,我们将加强调解员培训,推进公共法律服务室规范化建设。');
    expect(evidenced(a)).toEqual(expect.arrayContaining(['annual_report_shortcomings', 'annual_report_next_year_plan']));
    expect(a.problems.map((p) => p.text)).toEqual(['村级调解员业务水平参差不齐']);
    expect(a.planItems.map((p) => [p.text, p.obligationIds])).toEqual([
      ['我们将加强调解员培训', ['people_mediation']],
      ['推进公共法律服务室规范化建设', ['public_legal_service_station']],
    ]);
  });
  it('an ordinary claim paragraph starts no part', () => {
    const a = short('全年化解矛盾纠纷56件。', '2024年,全镇未发生重大群体性事件。');
    expect(evidenced(a)).not.toContain('annual_report_shortcomings');
    expect(evidenced(a)).not.toContain('annual_report_next_year_plan');
  });
});

