import { analyze, buildReport, claimIds, evidenced } from './testing/fixtures';

// One performance sentence → the obligations it must evidence (and, where it matters, must not).
const CLAIMS: Array<[string, string[], string[]?]> = [
  ['调整了依法治镇委员会组成人员,由镇党委书记任主任。', ['leadership_group']],
  ['成立以镇长为组长的法治建设工作领导小组,办公室设在司法所。', ['leadership_group']],
  ['全年党委会专题研究法治建设工作4次,解决重点问题6个。', ['leadership_group']],
  ['街道党工委书记认真履行推进法治建设第一责任人职责,做到重要工作亲自部署、重大问题亲自过问。', ['first_responsible_person_duty']],
  ['年底组织村(社区)党组织书记开展述职述法,现场进行民主测评。', ['annual_shufa']],
  ['党政主要负责人将履行法治建设第一责任人职责情况列入年终述职内容。', ['annual_shufa', 'first_responsible_person_duty']],
  ['将法治建设成效纳入各村年度综合考核,权重占10%。', ['rule_of_law_in_performance_assessment']],
  ['坚持法治建设与经济工作同部署、同推进、同考核。', ['rule_of_law_in_performance_assessment']],
  ['党委理论学习中心组开展习近平法治思想专题学习6次。', ['central_group_law_study']],
  ['严格落实会前学法制度,全年镇长办公会学法10次。', ['pre_meeting_law_study']],
  ['坚持党政联席会议学法,每次学习一部法律法规。', ['pre_meeting_law_study']],
  ['举办镇村干部法治专题讲座3场,组织学法用法考试,参考率、合格率均达100%。', ['cadre_law_training_exam']],
  ['组织全体公务员参加年度应知应会法律知识考试。', ['cadre_law_training_exam']],
  ['新任命的副镇长进行宪法宣誓。', ['constitution_oath']],
  ['深化放管服改革,推行一网通办、最多跑一次,便民服务中心办件1200件。', ['government_functions_services']],
  ['修订完善防汛应急预案,开展地质灾害应急演练2次。', ['emergency_response_by_law']],
  ['编制并公布年度重大行政决策事项目录,共纳入5项。', ['major_decision_catalog']],
  ['重大行政决策严格执行公众参与、专家论证、风险评估、合法性审查、集体讨论决定等法定程序。', ['decision_public_participation', 'decision_expert_review', 'decision_risk_assessment', 'decision_legality_review', 'decision_collective_decision']],
  ['对老街改造项目召开听证会,公开征求群众意见,作为决策的重要依据。', ['decision_public_participation']],
  ['重大事项决策前开展社会稳定风险评估。', ['decision_risk_assessment']],
  ['凡涉及群众切身利益的重大决策事项,一律经过集体讨论决定。', ['decision_collective_decision']],
  ['决策结果及时向社会公开,并建立决策档案,开展决策后评估。', ['decision_publication_archive']],
  ['全年制定行政规范性文件2件,均经司法所合法性审核。', ['normdoc_legality_review']],
  ['规范性文件按规定报县政府备案,报备率100%。', ['normdoc_filing_registration']],
  ['对2019年以来的规范性文件开展专项清理,废止3件。', ['normdoc_cleanup']],
  ['推进合法性审查全覆盖,做到应审尽审。', ['township_legality_review_coverage']],
  ['由法律顾问对镇政府签订的各类合同进行合法性审查,审查合同35份。', ['contract_legality_review']],
  ['镇政府聘请律师事务所律师担任常年法律顾问。', ['government_legal_counsel'], ['village_legal_counsel']],
  ['全镇15个村(社区)均配备法律顾问,实现一村(社区)一法律顾问全覆盖。', ['village_legal_counsel'], ['government_legal_counsel']],
  ['全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度。', ['enforcement_publicity', 'enforcement_full_record', 'major_enforcement_legal_review']],
  ['严格落实行政执法“三项制度”,执法人员持证上岗、亮证执法。', ['enforcement_publicity', 'enforcement_full_record', 'major_enforcement_legal_review', 'enforcement_certification']],
  ['现场执法全程佩戴执法记录仪,做到全过程留痕。', ['enforcement_full_record']],
  ['全镇共有28名执法人员持有行政执法证。', ['enforcement_certification']],
  ['组织综合行政执法队员参加业务培训3期,开展执法技能比武。', ['enforcement_training']],
  ['配合县司法局开展行政执法案卷评查,评查案卷20卷。', ['case_file_review']],
  ['公布街道权责清单,承接县级赋权事项86项。', ['powers_duties_list']],
  ['严格执行行政裁量权基准,推行首违不罚清单。', ['discretion_benchmark']],
  ['办理行政复议案件3件,均按期答复。', ['admin_reconsideration']],
  ['行政机关负责人出庭应诉率达100%。', ['litigation_head_appearance']],
  ['通过政府网站主动公开政府信息356条。', ['gov_info_disclosure']],
  ['推进基层政务公开标准化,规范村务公开栏。', ['grassroots_openness_catalog']],
  ['落实“谁执法谁普法”普法责任制,在执法中开展以案释法。', ['pufa_responsibility']],
  ['开展“宪法宣传周”、民法典宣传月活动,组织法律进乡村、进校园20场次。', ['pufa_activities']],
  ['每个行政村培养“法律明白人”3名以上,全镇共培养法律明白人120名。', ['legal_understanding_persons']],
  ['李家村被评为省级民主法治示范村。', ['democratic_rule_of_law_village']],
  ['坚持和发展新时代“枫桥经验”,排查化解矛盾纠纷156件。', ['dispute_diversified_resolution']],
  ['健全人民调解组织,配备专职人民调解员4名。', ['people_mediation']],
  ['建成镇公共法律服务工作站和12个村级公共法律服务室。', ['public_legal_service_station']],
  ['落实应援尽援,办理法律援助案件8件。', ['legal_aid']],
  ['认真办理人大代表建议12件,办结率100%。', ['npc_supervision']],
  ['对县检察院发出的检察建议按期书面回复,整改到位。', ['procuratorial_judicial_suggestions']],
  ['对县委依法治县办督察反馈的问题逐项整改,整改率100%。', ['enforcement_supervision_cooperation']],
  // wording beyond the typical phrasing
  ['对乡村旅游规划等重大事项,事先通过公告栏征求村民和利益相关方意见。', ['decision_public_participation']],
  ['对农贸市场搬迁事项举行听证会,听取商户意见。', ['decision_public_participation']],
  ['决策过程材料全部立卷归档,会议纪要完整存档备查。', ['decision_publication_archive']],
  ['决策作出后通过镇政府网站公开决策结果。', ['decision_publication_archive']],
  ['配合市司法局开展行政执法监督检查,对反馈的问题逐项整改。', ['enforcement_supervision_cooperation']],
  ['县依法治县办对我镇开展法治督察,指出问题3个。', ['enforcement_supervision_cooperation']],
  ['对近两年办结的行政处罚案卷进行交叉检查。', ['case_file_review']],
  ['全面落实“三项制度”,行政处罚信息在县政府网站公示。', ['enforcement_publicity', 'enforcement_full_record', 'major_enforcement_legal_review']],
  ['13个社区全面推行“一社区一法律顾问”。', ['village_legal_counsel'], ['government_legal_counsel']],
  ['镇政府和8个村共聘请法律顾问3名,为镇村两级提供法律服务。', ['government_legal_counsel']],
  ['各村按月公示党务、村务、财务。', ['grassroots_openness_catalog']],
  ['组织执法队员参加综合执法业务轮训2次。', ['enforcement_training']],
  ['组织机关干部开展“法治大讲堂”5期。', ['cadre_law_training_exam']],
  ['坚持重大事项党委会集体研究,全年研究事项15项。', ['decision_collective_decision']],
  ['综合执法队持证率达100%,执法人员全部亮证执法。', ['enforcement_certification']],
  ['严格执行行政执法三项制度,执法信息公开透明。', ['enforcement_publicity'], ['gov_info_disclosure']],
  ['在集市开展法律讲座,向群众讲解民法典。', ['pufa_activities'], ['cadre_law_training_exam']],
];

describe('obligation evidence from performance claims', () => {
  it.each(CLAIMS)('%s', (sentence, expected, forbidden = []) => {
    const ids = claimIds(sentence);
    for (const id of expected) expect(ids).toContain(id);
    for (const id of forbidden) expect(ids).not.toContain(id);
  });

  it('evidences nothing from a sentence without rule-of-law content', () => {
    expect(claimIds('全年完成农村公路硬化3.5公里,新建文化广场2个。')).toEqual([]);
  });
});

describe('plans and shortcomings never evidence', () => {
  const sentence = '严格落实行政执法“三项制度”,开展行政执法案卷评查。';
  it('the same words in the plan part are a plan item, not evidence', () => {
    const a = analyze(buildReport({ achievements: ['全年开展普法宣传活动10场次。'], plan: [sentence] }));
    expect(evidenced(a)).not.toContain('case_file_review');
    expect(evidenced(a)).not.toContain('enforcement_publicity');
    expect(a.planItems.some((p) => p.obligationIds.includes('case_file_review'))).toBe(true);
  });
  it('the same words in the shortcomings part are a problem, not evidence', () => {
    const a = analyze(buildReport({ achievements: ['全年开展普法宣传活动10场次。'], problems: ['行政执法案卷评查工作开展不够深入,“三项制度”落实不到位。'] }));
    expect(evidenced(a)).not.toContain('case_file_review');
    expect(a.problems.map((p) => [p.text, p.obligationIds])).toEqual([['行政执法案卷评查工作开展不够深入,“三项制度”落实不到位', ['case_file_review']]]);
  });
  it('a sentence with 下一步 in a report without headings is a plan', () => {
    const a = analyze('首页>政务公开>法治政府建设\n我镇深入开展普法宣传活动。下一步,我镇将全面推行行政执法案卷评查制度,聘请常年法律顾问。');
    expect(evidenced(a)).toContain('pufa_activities');
    expect(evidenced(a)).not.toContain('case_file_review');
    expect(evidenced(a)).not.toContain('government_legal_counsel');
    expect(a.planItems.map((p) => [p.text, p.obligationIds])).toEqual([
      ['我镇将全面推行行政执法案卷评查制度', ['case_file_review']],
      ['聘请常年法律顾问', ['government_legal_counsel']],
    ]);
  });
  it('a shortcoming sentence in a report without headings is a problem', () => {
    const a = analyze('我镇建立了法治建设领导小组。但行政执法队伍力量仍然薄弱,执法人员培训有待加强。');
    expect(evidenced(a)).toContain('leadership_group');
    expect(evidenced(a)).not.toContain('enforcement_training');
    expect(a.problems.length).toBe(1);
  });
});

describe('negations, history, titles and hedges', () => {
  it('an absence is not evidence ("无规范性文件", "未发生行政复议案件")', () => {
    expect(claimIds('2023年我镇未发生行政复议案件。')).not.toContain('admin_reconsideration');
    expect(claimIds('本年度无行政复议案件,无规范性文件备案。')).not.toContain('normdoc_filing_registration');
  });
  it('a rule stated as a double negative still counts ("未经合法性审查不得提交")', () => {
    expect(claimIds('明确重大事项未经合法性审查的一律不得提交党委会审议。')).toContain('township_legality_review_coverage');
  });
  it('无纸化 is not a negation', () => {
    expect(claimIds('推行无纸化办案,执法全过程记录率100%。')).toContain('enforcement_full_record');
  });
  it('restating a higher-level document title evidences nothing', () => {
    expect(claimIds('认真学习《重大行政决策程序暂行条例》《党政主要负责人履行推进法治建设第一责任人职责规定》。')).toEqual([]);
  });
  it('a title dated before the report year is history', () => {
    expect(claimIds('2019年西塘村获评“全国民主法治示范村”。')).not.toContain('democratic_rule_of_law_village');
    expect(claimIds('2023年龙潭村获评“省级民主法治示范村”。')).toContain('democratic_rule_of_law_village');
  });
  it('a restated duty is not a performance claim', () => {
    expect(claimIds('根据上级要求,乡镇应当建立政府法律顾问制度。')).not.toContain('government_legal_counsel');
  });
  it('an exploratory statement is not a performance claim', () => {
    expect(claimIds('努力探索建立决策听证、公开征求意见等制度。')).not.toContain('decision_public_participation');
  });
});

describe('specific distinctions of the rubric', () => {
  it('pooled government and village advisers evidence both', () => {
    const ids = claimIds('推进政府法律顾问和“一村一法律顾问”制度,聘用法律顾问共9名。');
    expect(ids).toEqual(expect.arrayContaining(['government_legal_counsel', 'village_legal_counsel']));
  });
  it('a village claim does not evidence the government adviser', () => {
    expect(claimIds('9个村均聘请法律顾问。')).toEqual(['village_legal_counsel']);
  });
  it('only the decision steps that are named are evidenced', () => {
    const ids = claimIds('重大行政决策均经过公开征求意见、合法性审查和党委讨论决定等程序。');
    expect(ids).toEqual(expect.arrayContaining(['decision_public_participation', 'decision_legality_review', 'decision_collective_decision']));
    expect(ids).not.toContain('decision_expert_review');
    expect(ids).not.toContain('decision_risk_assessment');
  });
  it('an enterprise legal risk report is not a decision risk assessment', () => {
    expect(claimIds('组织律师深入企业开展法治体检,出具法律风险评估报告。')).not.toContain('decision_risk_assessment');
  });
  it('谁执法谁普法 alone is the responsibility system, not an activity', () => {
    expect(claimIds('落实谁执法谁普法责任制。')).toEqual(['pufa_responsibility']);
  });
  it('a hearing in an enforcement case is not public participation in decisions', () => {
    expect(claimIds('告知当事人陈述、申辩及申请听证等权利。')).not.toContain('decision_public_participation');
  });
  it('internal enforcement supervision is not cooperation with the county', () => {
    expect(claimIds('加强综合行政执法监督,完善执法责任制。')).not.toContain('enforcement_supervision_cooperation');
  });
});

describe('traditional characters', () => {
  it('matches traditional text through the simplified shadow and quotes the original', () => {
    const a = analyze(
      '某某鎮2023年法治政府建設工作報告\n一、主要舉措和成效\n成立法治建設領導小組,嚴格落實行政執法“三項制度”,聘請常年法律顧問1名,培養“法律明白人”85名。\n二、存在的不足\n執法隊伍力量薄弱。\n三、下一步工作安排\n全年開展普法活動不少於12次。',
    );
    const ids = evidenced(a);
    expect(ids).toEqual(expect.arrayContaining(['leadership_group', 'enforcement_publicity', 'government_legal_counsel', 'legal_understanding_persons']));
    const ev = a.obligations.find((o) => o.id === 'leadership_group')!.evidence[0];
    expect(a.text.slice(ev.start, ev.end)).toBe(ev.quote);
    expect(ev.quote).toContain('領導小組');
    expect(a.metrics.map((m) => `${m.key}=${m.value}`)).toEqual(expect.arrayContaining(['counsel_count=1', 'persons=85']));
    expect(a.planItems[0].target).toEqual({ op: '>=', value: 12, unit: '次' });
    expect(a.township).toEqual({ name: '某某鎮', level: 'town' });
  });
});
