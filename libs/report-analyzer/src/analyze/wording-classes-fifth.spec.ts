// Wording classes of the fifth held-out round (h37–h44 kinds): higher bodies' requirements and acts beside the
// township's own, pending work, negations with a preposition, advisers of villages or of a zone, enforcement matters
// going to collective discussion, and claims in less usual words (drills, first-offence leniency, filing with the
// county, a step of the listed decision procedures, dispute figures). Every sentence is written for these tests; none
// is taken from an evaluation file.

import { analyze, buildReport, claimIds, metricsOf } from './testing/fixtures';

// [sentence, must evidence, must not evidence]
const CLAIMS: Array<[string, string[], string[]?]> = [
  // a higher body's requirement or act addressed to the townships is not the township's own work
  ['市委依法治市办将各镇法治建设成效纳入年度综合考评。', [], ['rule_of_law_in_performance_assessment']],
  ['区司法局要求各街道配齐政府法律顾问。', [], ['government_legal_counsel']],
  ['各乡镇须编制年度重大行政决策事项目录。', [], ['major_decision_catalog']],
  ['县普法办部署各部门落实普法责任清单制度。', [], ['pufa_responsibility']],
  // …while the township's own act beside it, its act toward the county, and the county's act on it stay claims
  ['上级要求健全议事规则,镇党委将法治建设纳入对各村的年度考核。', ['rule_of_law_in_performance_assessment']],
  ['按照市委依法治市办下发的问题清单,镇政府开展执法案卷自查。', ['case_file_review']],
  ['县司法局对我乡执法案卷开展评查。', ['case_file_review']],
  // work still under way, and a suggestion never sent, evidence nothing
  ['镇重大行政决策事项目录的编制仍在进行中。', [], ['major_decision_catalog']],
  ['本年度法院未对我乡提出司法建议。', [], ['procuratorial_judicial_suggestions']],
  // a village's or community's adviser, or a zone's advisers serving the street, is no government adviser
  ['6个社区分别与律所签约聘请法律顾问。', [], ['government_legal_counsel']],
  ['园区管委会法律顾问团队为街道处理涉法事务。', [], ['government_legal_counsel']],
  // enforcement decisions discussed collectively are no decision-making procedure
  ['重大行政处罚案件经法制审核后提交集体讨论。', [], ['decision_collective_decision']],
  ['重大事项均经党委会集体讨论决定。', ['decision_collective_decision']],
  // claims in less usual words
  ['组织执法队员参加市司法局统一举办的公共法律知识轮训2期。', ['enforcement_training']],
  ['综合执法队开展岗位练兵活动5次。', ['enforcement_training']],
  ['对初次轻微违法的个体户依法不予处罚12件。', ['discretion_benchmark']],
  ['乡政府本年度制发的规范性文件,均严格在印发之日起十五日内报送县人民政府备案。', ['normdoc_filing_registration']],
  ['目录事项均经过公众参与、风险评估、合法性审查等程序。', ['decision_risk_assessment']],
  ['全年受理各类矛盾纠纷88件,调解成功率96%。', ['dispute_diversified_resolution']],
];

describe('wording classes of the fifth round', () => {
  it.each(CLAIMS)('%s', (sentence, expected, forbidden = []) => {
    const ids = claimIds(sentence);
    expect(ids).toEqual(expect.arrayContaining(expected));
    for (const id of forbidden) expect(ids).not.toContain(id);
  });
});

describe('shortcomings of the fifth round', () => {
  const problemsOf = (problems: string[], preamble?: string) =>
    analyze(buildReport({ preamble, achievements: ['镇政府成立法治政府建设工作领导小组。'], problems, plan: ['一是配备公职律师。'] })).problems.map(
      (p) => p.text,
    );

  it('a numbered title with its body on the line is one shortcoming, even when the body has no negative word', () => {
    expect(problemsOf(['(一)法律服务力量薄弱。镇里的合法性审查主要靠司法所2名同志兼顾,工作量大。(二)执法文书不够规范。部分文书缺少送达回证。'])).toEqual([
      '法律服务力量薄弱。镇里的合法性审查主要靠司法所2名同志兼顾,工作量大',
      '执法文书不够规范。部分文书缺少送达回证',
    ]);
  });

  it('a 问题N label is no part of the shortcoming, and a cause sentence after the body is left out', () => {
    expect(problemsOf(['问题一:普法覆盖不全。针对外来人员的普法活动偏少。主要原因是宣传经费紧张。'])).toEqual(['普法覆盖不全。针对外来人员的普法活动偏少']);
  });

  it('a body stating several shortcomings of its own stays several items', () => {
    expect(problemsOf(['(一)队伍建设有待加强。部分村干部法治意识淡薄,执法装备配备不到位。'])).toEqual(['部分村干部法治意识淡薄', '执法装备配备不到位']);
  });

  it('circled numbers separate shortcomings', () => {
    expect(problemsOf(['①部分村干部依法办事意识淡薄,个别村仍有按老习惯办事现象;②调解员年龄结构老化。'])).toEqual([
      '部分村干部依法办事意识淡薄,个别村仍有按老习惯办事现象',
      '调解员年龄结构老化',
    ]);
  });

  it('a closing cause sentence and the framing of the preamble are no shortcomings; a problem not yet fully rectified is one', () => {
    expect(
      problemsOf(
        ['一是上年督察指出的合同管理问题尚未全部整改。二是普法阵地利用率不高。', '造成上述问题,既有人手紧的客观原因,也有重视不够的主观原因。'],
        '2023年,我镇法治工作有所进展,但整体基础仍然薄弱。现将有关情况报告如下。',
      ),
    ).toEqual(['上年督察指出的合同管理问题尚未全部整改', '普法阵地利用率不高']);
  });
});

describe('a list of problems with their rectification measures', () => {
  it('a 整改措施 line among the shortcomings is a plan item, also when it closes the part; 问题N labels are dropped', () => {
    const a = analyze(
      buildReport({
        achievements: ['镇政府成立法治政府建设工作领导小组。'],
        problems: ['问题一:案卷质量不高。抽查发现部分文书缺少送达回证。\n整改措施:将每季度开展一次案卷自查。\n问题二:村级合同管理问题尚未全部整改。\n整改措施:将于6月底前完成村级合同清理。'],
        plan: ['一是配备公职律师。'],
      }),
    );
    expect(a.planItems.map((p) => p.text)).toEqual(['将每季度开展一次案卷自查', '将于6月底前完成村级合同清理', '配备公职律师']);
    expect(a.problems.map((p) => p.text)).toEqual(['案卷质量不高。抽查发现部分文书缺少送达回证', '村级合同管理问题尚未全部整改']);
  });
});

describe('counts of the fifth round', () => {
  const METRICS: Array<[string, string[], string[]?]> = [
    // the total after a per-village count, not the per-village number
    ['司法所在5个村各选聘法律明白人4名,共20名。', ['legal_understanding_persons.persons=20'], ['legal_understanding_persons.persons=4']],
    // a speech given at the central group's study is no study session
    ['镇党委书记在中心组学习会上作法治专题交流发言3次。', [], ['central_group_law_study.sessions=3']],
    // drills for the enforcement staff are its trainings
    ['执法队开展岗位练兵6次。', ['enforcement_training.trainings=6']],
  ];
  it.each(METRICS)('%s', (sentence, expected, forbidden = []) => {
    const got = metricsOf(sentence);
    expect(got).toEqual(expect.arrayContaining(expected));
    for (const m of forbidden) expect(got).not.toContain(m);
  });
});
