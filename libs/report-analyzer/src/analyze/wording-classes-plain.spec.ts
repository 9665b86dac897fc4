// Wording classes of the fourth held-out round (h29–h36 kinds): plain and spoken wordings, lists, the township's own
// documents cited by title, county inspections, topic clauses negated after them, web footers and signature dates,
// numbered shortcomings, and counts written as ranges, approximations or spoken phrases. Every sentence is written
// for these tests; none is taken from an evaluation file.

import { analyze, buildReport, claimIds, metricsOf } from './testing/fixtures';

// [sentence, must evidence, must not evidence]
const CLAIMS: Array<[string, string[], string[]?]> = [
  // the township's own catalogue or work plan, cited by its title after it was issued
  ['年初编制并印发《某某镇2023年度重大行政决策事项目录》。', ['major_decision_catalog']],
  ['镇党委年初印发《某某镇2023年依法治镇工作要点》,每半年听取一次法治工作汇报。', ['leadership_group']],
  // a higher body's title, or a rule merely revised, stays a title
  ['认真贯彻《某县2023年度重大行政决策事项目录编制指引》。', [], ['major_decision_catalog']],
  ['修订完善《某某镇党委议事规则》。', [], ['decision_collective_decision']],
  // specialists who are not called 专家
  ['该方案出台前邀请水利站技术人员进行可行性论证,并形成论证意见。', ['decision_expert_review']],
  // contracts in a list of reviewed kinds, and in plain words
  ['法律顾问全年审核镇政府发文12件、协议和合同31件。', ['contract_legality_review']],
  ['镇里签订的合同,都交给司法所把关后再签字。', ['contract_legality_review']],
  // the county's office at the township: inspection, and last year's case files reviewed this year
  ['县司法局来镇开展行政执法监督检查,指出问题已全部整改。', ['enforcement_supervision_cooperation']],
  ['区司法局对街道执法中队2022年度执法案卷进行评查。', ['case_file_review', 'enforcement_supervision_cooperation']],
  // 述法 at the year-end 述职, in plain words
  ['年末述职会上,镇长专门讲了推进法治政府建设的做法。', ['annual_shufa']],
  // punishments published
  ['行政处罚决定作出后7个工作日内在镇政务公开栏公示。', ['enforcement_publicity']],
  // deputies' suggestions handled, without the word 人大
  ['全年答复办结代表建议5件。', ['npc_supervision']],
  // enforcement staff trained in rotation
  ['全镇执法队员均已持证,司法所分三批轮训执法队员。', ['enforcement_training']],
  // residents heard on a decision
  ['对镇区停车场建设方案,召开座谈会听取周边居民意见。', ['decision_public_participation']],
  // assessed with a long object between 纳入 and the assessment
  ['把依法行政工作列入对镇属各单位和村(居)委会的年度目标考核。', ['rule_of_law_in_performance_assessment']],
  // the township's reviewing body named
  ['明确镇综治办为镇政府合法性审查机构。', ['township_legality_review_coverage'], ['decision_legality_review']],
  // one decision reviewed on its way, or an enforcement decision's 法制审核: not township-wide coverage
  ['该事项经镇司法所合法性审查后提交党委会讨论。', ['decision_legality_review'], ['township_legality_review_coverage']],
  ['重大执法决定由司法所进行法制审核。', ['major_enforcement_legal_review'], ['township_legality_review_coverage']],
  // a lecture among public activities, and a consultation desk at a market: law popularisation
  ['在文化广场举办法治讲座、普法快闪等活动20余场。', ['pufa_activities'], ['cadre_law_training_exam']],
  ['逢集日在集市设置法律咨询台,发放宣传资料。', [], ['public_legal_service_station']],
  // a topic clause whose statement, in the next clause, is negated
  ['人民调解员队伍建设方面,本年度尚未开展专题培训。', [], ['people_mediation']],
  // a negated action closing the clause after the claim
  ['镇级执法案卷评查工作本年度暂未开展。', [], ['case_file_review']],
  ['行政规范性文件备案登记今年还没有落实。', [], ['normdoc_filing_registration']],
  ['组织执法案卷评查,未发现重大问题。', ['case_file_review']],
];

describe('wording classes of the fourth round', () => {
  it.each(CLAIMS)('%s', (sentence, expected, forbidden = []) => {
    const ids = claimIds(sentence);
    expect(ids).toEqual(expect.arrayContaining(expected));
    for (const id of forbidden) expect(ids).not.toContain(id);
  });
});

describe('counts written as ranges, approximations and spoken phrases', () => {
  const METRICS: Array<[string, string[], string[]?]> = [
    ['镇党委中心组今年学了3次法。', ['central_group_law_study.sessions=3']],
    ['全年镇党委中心组集中学法6次。', ['central_group_law_study.sessions=6'], ['pre_meeting_law_study.sessions=6']],
    ['镇政府常务会议前安排学法(全年共15次)。', ['pre_meeting_law_study.sessions=15']],
    ['今年法律顾问共看了14份合同。', ['contract_legality_review.contracts=14']],
    ['执法中队有8名队员,其中6人有执法证。', ['enforcement_certification.certified_staff=6']],
    ['执法队共有队员12人,持有行政执法证10人。', ['enforcement_certification.certified_staff=10']],
    ['镇政府请了2名律师当法律顾问。', ['government_legal_counsel.counsel_count=2']],
    ['镇政府法律顾问由某律师事务所的3名律师担任。', ['government_legal_counsel.counsel_count=3']],
    ['镇政府聘请1名律师担任法律顾问,另配备公职律师2名。', ['government_legal_counsel.counsel_count=3']],
    ['全年通过镇政府网站公开信息120余条。', ['gov_info_disclosure.items=120']],
    ['法律顾问全年审核合同40余份。', ['contract_legality_review.contracts=40']],
    ['全镇现有人民调解员80余名。', ['people_mediation.mediators=80']],
    ['全年对执法队员开展业务培训2至4次不等。', ['enforcement_training.trainings=2']],
    ['全年调处化解矛盾纠纷近200件。', [], ['dispute_diversified_resolution.disputes_resolved=200']],
    ['累计培育法律明白人400余名,其中当年新培育60名。', ['legal_understanding_persons.persons=60'], ['legal_understanding_persons.persons=400']],
    ['形成镇权责清单事项120项,其中行政许可事项30项。', ['powers_duties_list.items=120'], ['powers_duties_list.items=30']],
    ['新增省级民主法治示范村1个。', [], ['democratic_rule_of_law_village.villages=1']],
  ];
  it.each(METRICS)('%s', (sentence, expected, forbidden = []) => {
    const got = metricsOf(sentence);
    expect(got).toEqual(expect.arrayContaining(expected));
    for (const m of forbidden) expect(got).not.toContain(m);
  });
});

describe('plans and shortcomings of the fourth round', () => {
  it("a month-only signature date and a web page's footer are no plan items; the last item stays", () => {
    const raw = [
      buildReport({
        achievements: ['镇政府成立法治政府建设工作领导小组。'],
        problems: ['一是学法不够系统。'],
        plan: ['(一)全年开展法治培训不少于4次。(二)完成村规民约合法性审查。(三)推进法律明白人培育。'],
      }),
      '某某镇人民政府',
      '2024年1月',
      '相关链接:',
      '某某镇2022年法治政府建设情况报告',
      '主办单位:某某镇人民政府',
      '备案号:某ICP备00000000号',
    ].join('\n');
    expect(analyze(raw).planItems.map((p) => p.text)).toEqual(['全年开展法治培训不少于4次', '完成村规民约合法性审查', '推进法律明白人培育']);
  });

  const problemsOf = (problems: string[]) =>
    analyze(buildReport({ achievements: ['镇政府成立法治政府建设工作领导小组。'], problems, plan: ['一是配备公职律师。'] })).problems.map((p) => p.text);

  it('a numbered shortcoming keeps its context clause and the fact its verdict follows', () => {
    expect(problemsOf(['(一)镇政府公职律师尚未配备,涉法事务主要依靠外聘律师。(二)执法队有3人未取得执法证,执法力量与任务不相匹配。'])).toEqual([
      '镇政府公职律师尚未配备,涉法事务主要依靠外聘律师',
      '执法队有3人未取得执法证,执法力量与任务不相匹配',
    ]);
  });

  it('an inline (二) followed by another paragraph is a point of the list, not a title over it', () => {
    expect(problemsOf(['(一)镇级普法阵地利用率不高。(二)行政执法文书制作不够规范。', '\n村级法律顾问服务内容较为单一。'])).toEqual([
      '镇级普法阵地利用率不高',
      '行政执法文书制作不够规范',
      '村级法律顾问服务内容较为单一',
    ]);
  });

  it('；-joined shortcomings stay apart', () => {
    expect(problemsOf(['群众学法积极性偏低,普法形式较为单一;村级调解员年龄偏大,调解能力较弱。'])).toEqual([
      '群众学法积极性偏低,普法形式较为单一',
      '村级调解员年龄偏大,调解能力较弱',
    ]);
  });
});
