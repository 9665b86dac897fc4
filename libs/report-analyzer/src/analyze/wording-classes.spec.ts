// Wording classes seen in real published reports (issue 12), each tested in sentences written for these tests (none
// is taken from an evaluation file). A class is a way of saying the thing, not one report's sentence.

import { analyze, buildReport, claimIds, evidenced, metricsOf } from './testing/fixtures';

// [sentence, must evidence, must not evidence]
const CLAIMS: Array<[string, string[], string[]?]> = [
  // 会前学法: a meeting with law study before or at it, 集中/集体学法 of the leadership, laws as 第一议题
  ['镇党委会议前安排专题学法,全年学习法律法规11部。', ['pre_meeting_law_study']],
  ['坚持主任办公会会前学习相关法律法规。', ['pre_meeting_law_study']],
  ['将宪法和民法典列为党工委会议“第一议题”学习内容。', ['pre_meeting_law_study']],
  ['乡党委领导班子集中学法9次。', ['pre_meeting_law_study'], ['cadre_law_training_exam']],
  ['推动会前学法常态化、制度化。', ['pre_meeting_law_study']],
  ['每次党政联席会议前安排15分钟学习一部法律。', ['pre_meeting_law_study']],
  ['乡长办公会议专题学习新修订的行政复议法律规定。', ['pre_meeting_law_study']],
  ['把学习党的二十大精神列为党委会“第一议题”。', [], ['pre_meeting_law_study']],
  // leadership bodies and their work
  ['组建依法治乡工作专班,每季度调度一次。', ['leadership_group']],
  ['根据人事变动及时调整充实法治政府建设领导小组成员。', ['leadership_group']],
  ['依法治街委员会办公室设在司法所,配备专人负责日常工作。', ['leadership_group']],
  ['镇党委召开法治建设专题会议3次,研究部署年度任务。', ['leadership_group']],
  ['制定年度法治政府建设工作要点,明确任务分工。', ['leadership_group']],
  ['将法治政府建设列入党委年度研究内容。', ['leadership_group']],
  ['按照县法治政府建设领导小组印发的工作要点开展工作。', [], ['leadership_group']],
  ['街道党工委专题研究法治工作2次。', ['leadership_group']],
  ['召开全镇法治建设推进会,部署年度重点任务。', ['leadership_group']],
  ['认真学习上级法治政府建设工作会议精神。', [], ['leadership_group']],
  ['召开传达学习全会精神专题会议,学习习近平法治思想。', [], ['leadership_group']],
  ['执法过程全记录设备配备到位。', ['enforcement_full_record']],
  // first responsibility: the heads themselves, not cadres in general or the committee as a body
  ['明确镇党委书记、镇长为推进法治建设第一责任人。', ['first_responsible_person_duty']],
  ['乡长带头尊法学法守法用法,带头讲授法治课。', ['first_responsible_person_duty']],
  ['引导全体干部带头尊法学法守法用法。', [], ['first_responsible_person_duty']],
  ['党委每季度听取一次法治建设情况汇报。', ['leadership_group'], ['first_responsible_person_duty']],
  ['形成主要领导亲自抓、分管领导具体抓的工作格局。', ['leadership_group'], ['first_responsible_person_duty']],
  // rule-of-law work assessed
  ['把学法用法情况作为干部年度考核的重要内容。', ['rule_of_law_in_performance_assessment']],
  ['年度考核中注重考察干部依法行政情况。', ['rule_of_law_in_performance_assessment']],
  ['考核指标中增设法治建设成效内容。', ['rule_of_law_in_performance_assessment']],
  ['印发依法治镇工作考核办法,对各村进行考评。', ['rule_of_law_in_performance_assessment']],
  ['法治建设在村级年度考核中的权重提高到8%。', ['rule_of_law_in_performance_assessment']],
  // cadre law training and tests in other wordings
  ['邀请县法院法官为镇村干部讲解行政诉讼实务。', ['cadre_law_training_exam']],
  ['组织班子成员参加《中华人民共和国土地管理法》知识测试。', ['cadre_law_training_exam']],
  ['组织全体机关干部参加法治理论知识考试。', ['cadre_law_training_exam']],
  ['依托镇党校开设法治专题课程,轮训党员干部。', ['cadre_law_training_exam']],
  ['围绕习近平法治思想举办村干部专题培训班。', ['cadre_law_training_exam']],
  ['邀请律师走进村组为村民讲解婚姻家庭法律知识。', [], ['cadre_law_training_exam']],
  ['将法治内容纳入党委中心学习组年度计划。', ['central_group_law_study']],
  // decisions and legality review
  ['司法所列席镇政府常务会议,参与重大事项研究。', ['township_legality_review_coverage']],
  ['镇政府作出的行政决定一律经过合法性审核。', ['township_legality_review_coverage']],
  ['涉及“三重一大”的事项全部提交党委会研究。', ['decision_collective_decision']],
  ['重大项目安排均上会讨论。', ['decision_collective_decision']],
  ['梳理形成年度重大决策事项清单并向社会公布。', ['major_decision_catalog']],
  ['严格执行议事规则,确保决策合法合规。', [], ['decision_legality_review']],
  // enforcement, powers, pufa
  ['在镇政府网站公开行政执法结果。', ['enforcement_publicity'], ['gov_info_disclosure']],
  ['全面厘清街道行政职权边界。', ['powers_duties_list']],
  ['深入宣传宪法和民法典。', ['pufa_activities']],
  // disputes: an action on disputes, not a set phrase of abilities or a list of hard problems
  ['成功调解邻里纠纷23起。', ['dispute_diversified_resolution']],
  ['在普法宣传、纠纷化解、安全生产等方面持续用力。', ['dispute_diversified_resolution', 'pufa_activities']],
  ['提升干部运用法治方式化解矛盾的能力。', [], ['dispute_diversified_resolution']],
  ['攻克征地拆迁、矛盾化解等难题5项。', [], ['dispute_diversified_resolution']],
  // public legal services: advice to the public, not the adviser's advice to the government
  ['法律顾问为镇政府重大决策提供法律咨询。', ['government_legal_counsel'], ['public_legal_service_station']],
  ['在便民服务大厅设立窗口,为来访群众提供法律咨询。', ['public_legal_service_station']],
  // topics named as study content or as a restated requirement are no measure
  ['组织干部学习安全生产法、疫情防控等法规。', [], ['emergency_response_by_law']],
  ['依法做好疫情防控和防汛抢险工作。', ['emergency_response_by_law']],
  ['认真贯彻落实上级关于疫情防控的部署要求。', [], ['emergency_response_by_law']],
  ['组织学习优化营商环境条例。', [], ['government_functions_services']],
  ['持续优化营商环境,推行帮办代办。', ['government_functions_services']],
  // the county's supervision, not the township's own inspections
  ['镇纪委开展法治督察1次。', [], ['enforcement_supervision_cooperation']],
  ['迎接市委依法治市办法治督察,反馈问题全部整改。', ['enforcement_supervision_cooperation']],
  // a meeting's agenda: the meeting is leadership work, its topics are no claims of work done on them
  ['镇党委召开法治建设专题会议,研究执法队伍建设、行政应诉、执法资格管理等问题。', ['leadership_group'], ['litigation_head_appearance', 'enforcement_certification']],
  ['就法治宣传、矛盾化解等重点工作召开党工委专题会议3次。', ['leadership_group'], ['pufa_activities', 'dispute_diversified_resolution']],
  // deputies named with their supervision, not a liaison station among venues
  ['认真办理政协委员提案6件。', ['npc_supervision']],
  ['邀请人大代表、群众代表对执法工作现场评议。', ['npc_supervision']],
  ['建设人大代表之家、居民议事厅等阵地。', [], ['npc_supervision']],
  // the public consulted, not drafts reviewed by a legal adviser
  ['法律顾问审核合同8份、对重大事项出具意见5件。', ['government_legal_counsel'], ['decision_public_participation']],
  ['旧城改造方案向社会公开征求意见。', ['decision_public_participation']],
  // a legality review of decisions worded object-first; a normative document's review is not a decision's
  ['由律师审查重大决策的合法性。', ['decision_legality_review']],
  ['对规范性文件开展合法性审查,规范政府决策行为。', ['normdoc_legality_review'], ['decision_legality_review']],
  // the heads in person
  ['党委书记亲自研究部署法治建设年度任务。', ['first_responsible_person_duty']],
  ['镇长带头部署重要工作、督办重要任务。', ['first_responsible_person_duty']],
  // purposes and slogans are no cadre training; a way of thinking is no dispute work
  ['通过年度考核激发干部主动学法用法。', [], ['cadre_law_training_exam']],
  ['带动干部群众尊法学法守法用法。', [], ['cadre_law_training_exam']],
  ['树立遇事找法、化解矛盾靠法的理念。', [], ['dispute_diversified_resolution']],
];

describe('wording classes of real reports', () => {
  it.each(CLAIMS)('%s', (sentence, expected, forbidden = []) => {
    const ids = claimIds(sentence);
    for (const id of expected) expect(ids).toContain(id);
    for (const id of forbidden) expect(ids).not.toContain(id);
  });

  it('a year that opens a span up to now is not another year ("2016年撤乡并镇以来")', () => {
    expect(claimIds('对2016年撤乡并镇以来的规范性文件进行全面清理。')).toContain('normdoc_cleanup');
    expect(claimIds('2019年对规范性文件进行全面清理。')).not.toContain('normdoc_cleanup');
  });

  it('将 marking the object of a past action is no plan in a report without headings', () => {
    const a = analyze('某乡法治建设情况\n今年以来,我乡将法治建设纳入年度目标考核,并开展学习培训。');
    expect(evidenced(a)).toContain('rule_of_law_in_performance_assessment');
    expect(a.planItems).toEqual([]);
    const b = analyze('某乡法治建设情况\n我乡将继续把法治建设纳入年度目标考核。');
    expect(evidenced(b)).not.toContain('rule_of_law_in_performance_assessment');
  });
});

describe('metrics of real wordings', () => {
  const CASES: Array<[string, string[]]> = [
    // a list of counts: each count with its own subject
    ['全年组织党委中心组法治专题学习6次、机关干部集中学法10次。', ['central_group_law_study.sessions=6', 'pre_meeting_law_study.sessions=10']],
    ['党委中心组开展法治学习3次,组织村(社区)干部学法5次。', ['central_group_law_study.sessions=3', 'cadre_law_training_exam.trainings=5']],
    ['依托党校组织机关干部专题学习《中华人民共和国安全生产法》等8场次。', ['cadre_law_training_exam.trainings=8']],
    // lectures listed with banners and leaflets are public law popularisation
    ['举办法治讲座6场,悬挂横幅20条,发放宣传册3000份。', ['pufa_activities.events=6']],
    ['街道办事处聘请常年法律顾问3名。', ['government_legal_counsel.counsel_count=3']],
    ['镇政府组建由3名律师组成的法律顾问团队。', ['government_legal_counsel.counsel_count=3']],
    ['乡政府共聘请法律顾问2人。', ['government_legal_counsel.counsel_count=2']],
    ['全镇持证执法人员增至18人。', ['enforcement_certification.certified_staff=18']],
    // a law class for villagers is law popularisation, not cadre training
    ['在10个行政村开展法治微课堂20次。', ['pufa_activities.events=20']],
    // a listed count with a subject of its own takes no subject from the count before it
    ['开展党委中心组专题学习6次、专题法治学习4次。', ['central_group_law_study.sessions=6']],
    ['排查矛盾纠纷86件、化解83件。', ['dispute_diversified_resolution.disputes_resolved=83']],
    ['党委理论学习中心组专题学习《中华人民共和国土地管理法》等法律法规7次。', ['central_group_law_study.sessions=7']],
    ['法治副校长进校园讲法治课40余场次。', ['pufa_activities.events=40']],
    // a stock counted up to now, and a span starting in the report year itself, are the year's figures
    ['截至年底全镇共有36名执法人员持有行政执法证。', ['enforcement_certification.certified_staff=36']],
    ['2023年以来,累计开展普法宣传活动45场次。', ['pufa_activities.events=45']],
  ];
  it.each(CASES)('%s', (sentence, expected) => {
    expect(metricsOf(sentence).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['开展法治督察3次,召开专题党委会2次。'],
    ['例如,某村通过调解化解宅基地纠纷5起。'],
    ['受理政府信息公开申请12件。'],
    ['开展党委“第一议题”和中心组法治学习共15次。'],
    // totals over several years are no figure of the report year
    ['近三年累计开展普法宣传活动120场次。'],
    ['2019年以来,累计培养法律明白人260名。'],
    ['五年来共办理法律援助案件45件。'],
    ['法律顾问参与镇重大事项讨论9次。'],
    ['法律顾问出具法律意见书2次,审阅律师函1次。'],
    ['党委中心组学习计划落实,开展班子学法、主题党课、专题讲座等20余次。'],
    ['主要领导讲法治课3次。'],
  ])('no metric: %s', (sentence) => {
    expect(metricsOf(sentence)).toEqual([]);
  });
});

describe('a page flattened to one line', () => {
  it('keeps the headings that follow a space', () => {
    const raw =
      '某某镇2023年法治政府建设情况报告 2023年,我镇扎实推进法治建设。现将情况报告如下: 一、主要举措和成效 (一)加强组织领导 成立法治建设领导小组。 二、存在的不足 执法力量薄弱。 三、2024年工作安排 全年开展普法活动不少于10次。';
    const a = analyze(raw);
    expect(a.sections.filter((s) => s.level === 1).map((s) => s.kind)).toEqual(['achievements', 'problems', 'plan']);
    expect(evidenced(a)).toContain('leadership_group');
    for (const o of a.obligations) for (const e of o.evidence) expect(a.text.slice(e.start, e.end)).toBe(e.quote);
  });
});

describe('shortcomings of full reports', () => {
  const problemsOf = (sentences: string[]) =>
    analyze(buildReport({ achievements: ['成立法治建设领导小组。'], problems: sentences, plan: ['加强普法。'] })).problems.map((p) => p.text);

  it('a cause statement is no problem', () => {
    const texts = problemsOf(['一是行政执法程序不够规范。', '究其原因,主要是部分干部依法行政意识淡薄,学法主动性不强。']);
    expect(texts).toEqual(['行政执法程序不够规范']);
    expect(problemsOf(['执法人员培训不足,产生这些问题的原因在于编制紧张、人员流动大。'])).toEqual(['执法人员培训不足']);
  });

  it('the sentences under a cause sub-heading are no problems', () => {
    const raw = [
      '某乡2023年法治政府建设工作报告',
      '一、主要举措和成效',
      '成立法治建设领导小组。',
      '二、存在的不足和原因',
      '(一)存在的不足',
      '规范性文件备案不够及时。',
      '(二)原因分析',
      '基层法治力量薄弱,专业人才缺乏。',
      '三、2024年工作安排',
      '加强普法。',
    ].join('\n');
    expect(analyze(raw).problems.map((p) => p.text)).toEqual(['规范性文件备案不够及时']);
  });

  it("last year's problem stated as rectified is no open problem", () => {
    expect(problemsOf(['上年度反馈的村务公开不及时问题已全部整改,今年新建公开栏12块。', '二是法律顾问作用发挥不充分。'])).toEqual(['法律顾问作用发挥不充分']);
    expect(problemsOf(['去年指出的执法记录仪配备不足的问题得到有效解决。'])).toEqual([]);
    // rectification itself lagging is a problem
    expect(problemsOf(['督察反馈问题整改不到位。'])).toEqual(['督察反馈问题整改不到位']);
  });

  it('a shortcoming stated with numbers is a problem', () => {
    const a = analyze(buildReport({ achievements: ['成立法治建设领导小组。'], problems: ['全街道8个社区中还有2个社区没有配备法律顾问。'], plan: ['加强普法。'] }));
    expect(a.problems.map((p) => [p.text, p.obligationIds])).toEqual([['全街道8个社区中还有2个社区没有配备法律顾问', ['village_legal_counsel']]]);
    const b = analyze(buildReport({ achievements: ['成立法治建设领导小组。'], problems: ['15个村(社区)中尚有4个村未建成法治文化阵地。'], plan: ['加强普法。'] }));
    expect(b.problems).toHaveLength(1);
  });

  it('without headings: a count of what is still missing is a shortcoming, a rectified one a claim', () => {
    const a = analyze('某镇法治建设情况\n我镇成立法治建设领导小组。全镇11个村中仍有3个村未开展民主法治示范村创建。上年度普法形式单一问题已整改,全年开展普法宣传活动12场次。');
    expect(a.problems.map((p) => p.text)).toEqual(['全镇11个村中仍有3个村未开展民主法治示范村创建']);
    expect(evidenced(a)).toContain('pufa_activities');
    expect(a.metrics.map((m) => `${m.key}=${m.value}`)).toContain('events=12');
  });
});

describe('confidence of evidence', () => {
  const confOf = (a: ReturnType<typeof analyze>, id: string) => a.obligations.find((o) => o.id === id)!;

  it('a count is surest, a stated action sure, a list of areas and a sub-heading alone weak', () => {
    const a = analyze(
      buildReport({
        preamble: '2023年,我镇在普法宣传、纠纷化解、依法决策等方面综合发力。现将有关情况报告如下。',
        achievements: ['(一)提升政务服务水平\n', '全年开展送法下乡活动15场次。', '设立镇公共法律服务工作站。'],
      }),
    );
    expect(confOf(a, 'pufa_activities').confidence).toBe(1);
    expect(confOf(a, 'public_legal_service_station').confidence).toBe(0.9);
    expect(confOf(a, 'dispute_diversified_resolution').confidence).toBeLessThanOrEqual(0.6);
    expect(confOf(a, 'government_functions_services').confidence).toBeLessThanOrEqual(0.6);
    for (const o of a.obligations) {
      if (o.status === 'not_found') expect(o.confidence).toBeNull();
      else expect(o.confidence).toBe(Math.max(...o.evidence.map((e) => e.confidence!)));
    }
  });

  it('keeps the strongest quotes when there are more than three', () => {
    const a = analyze(
      buildReport({
        preamble: '我镇在普法宣传等方面持续用力。现将有关情况报告如下。',
        achievements: ['(一)深化普法宣传\n', '开展普法宣传。', '组织法治宣传进校园。', '开展宪法宣传周活动4场。', '组织民法典宣传活动6场。'],
      }),
    );
    const ev = confOf(a, 'pufa_activities').evidence;
    expect(ev).toHaveLength(3);
    expect(ev.filter((e) => e.confidence === 1)).toHaveLength(2);
    expect(ev.map((e) => e.start)).toEqual([...ev.map((e) => e.start)].sort((x, y) => x - y));
  });
});

// Wording classes of the second held-out set (heldout/README.md h14–h23), in sentences written for these tests.
describe('wording classes: slogans, outcomes, absences and intentions', () => {
  const CASES: Array<[string, string[], string[]?]> = [
    // slogans and abbreviations
    ['“一把手”带头为机关干部讲授法治课。', ['first_responsible_person_duty']],
    ['全面推行“三务”公开。', ['grassroots_openness_catalog']],
    ['推广“三调联动”工作法化解邻里纠纷。', ['people_mediation']],
    // outcomes that presuppose the work
    ['执法决定信息公开率达到100%。', ['enforcement_publicity'], ['gov_info_disclosure']],
    ['全镇持证执法人员30名。', ['enforcement_certification']],
    ['执法队员全部持证。', ['enforcement_certification']],
    ['签订的合同均经过法律顾问合法性审查。', ['contract_legality_review'], ['township_legality_review_coverage']],
    ['重大决策均经合法性审查后提交会议。', ['decision_legality_review'], ['township_legality_review_coverage']],
    ['合法性审查覆盖全部决策事项、规范性文件和合同。', ['township_legality_review_coverage', 'normdoc_legality_review', 'contract_legality_review']],
    ['年终述职时专项报告履行推进法治建设职责情况。', ['annual_shufa']],
    ['对上年度执法案卷进行了集中评查。', ['case_file_review']],
    ['专题研究综合执法改革和法治建设议题3次。', ['leadership_group']],
    ['组织社区工作者参加民法典专题培训。', ['cadre_law_training_exam']],
    // absences and intentions inside a measures part are no claims
    ['镇政府目前未聘请法律顾问。', [], ['government_legal_counsel']],
    ['今年未编制重大行政决策事项目录。', [], ['major_decision_catalog']],
    ['镇公共法律服务工作站正在筹建。', [], ['public_legal_service_station']],
    ['村法律顾问选聘工作正在与司法局对接。', [], ['village_legal_counsel']],
    ['执法记录仪尚在采购中。', [], ['enforcement_full_record']],
    ['宪法宣誓拟于明年组织实施。', [], ['constitution_oath']],
    ['因中心组年度学习以经济工作为主,未安排法治专题学习。', [], ['central_group_law_study']],
  ];
  it.each(CASES)('%s', (sentence, expected, forbidden = []) => {
    const ids = claimIds(sentence);
    for (const id of expected) expect(ids).toContain(id);
    for (const id of forbidden) expect(ids).not.toContain(id);
  });

  it.each([
    ['8个村实现“一村一顾问”全覆盖。', ['village_legal_counsel.villages_covered=8']],
    ['村（社区）法律顾问配备率达100%。', ['village_legal_counsel.coverage_rate=100']],
    ['执法人员9人均持证。', ['enforcement_certification.certified_staff=9']],
    ['其中7名已取得行政执法证。', ['enforcement_certification.certified_staff=7']],
    ['社区人民调解委员会成功调解纠纷120件。', ['dispute_diversified_resolution.disputes_resolved=120']],
    ['现有县级以上民主法治示范村（社区）共6个。', ['democratic_rule_of_law_village.villages=6']],
    ['25份合同全部经过合法性审查。', ['contract_legality_review.contracts=25']],
  ])('metric: %s', (sentence, expected) => {
    expect(metricsOf(sentence).sort()).toEqual([...expected].sort());
  });

  it('a count per village is a standard, not a count', () => {
    expect(metricsOf('法律明白人达到每村5名以上。')).toEqual([]);
  });
});

describe('a table flattened to text', () => {
  const raw = [
    '某某镇2023年法治政府建设情况报告',
    '一、重点工作完成情况',
    '序号\t工作类别\t主要做法\t完成情况',
    '1\t会前学法\t镇政府常务会议会前学法\t全年学法12次',
    '2\t执法证件\t执法人员持证上岗\t持证人员15名',
    '二、存在问题',
    '问题类别\t具体表现',
    '普法\t普法形式较为单一',
    '三、2024年工作计划',
    '任务\t目标\t完成时限',
    '会前学法\t全年不少于12次\t2024年12月',
  ].join('\n');

  it('a 完成情况 part is a measures part; cells stay apart; header rows are no statements', () => {
    const a = analyze(raw);
    expect(a.text).toContain('会前学法\t镇政府常务会议会前学法');
    expect(a.sections.filter((s) => s.level === 1).map((s) => s.kind)).toEqual(['achievements', 'problems', 'plan']);
    expect(evidenced(a)).toEqual(expect.arrayContaining(['pre_meeting_law_study', 'enforcement_certification']));
    expect(a.metrics.map((m) => `${m.obligationId}.${m.key}=${m.value}`).sort()).toEqual(
      ['enforcement_certification.certified_staff=15', 'pre_meeting_law_study.sessions=12'],
    );
    expect(a.planItems.map((p) => p.target)).toEqual([{ op: '>=', value: 12, unit: '次' }]);
    expect(a.problems).toHaveLength(1);
  });
});

describe('wording classes of the fresh check (h24–h28 kinds)', () => {
  it('parts numbered 1. 2. 3. (a year after the point included) and parts headed 【…】', () => {
    const numbered = analyze(['某某镇2024年法治建设情况报告', '1.主要工作成效', '(1)镇政府常务会议会前学法10次。', '2.存在的问题', '执法力量薄弱。', '3.2025年工作打算', '全年会前学法不少于12次。'].join('\n'));
    expect(numbered.sections.filter((s) => s.level === 3).map((s) => s.kind)).toEqual(['achievements', 'problems', 'plan']);
    expect(numbered.metrics.map((m) => m.value)).toEqual([10]);
    const bracketed = analyze(['某某镇2024年法治建设情况', '【工作成效】', '镇政府常务会议会前学法10次。', '【存在问题】', '执法力量薄弱。', '【下步打算】', '全年会前学法不少于12次。'].join('\n'));
    expect(bracketed.sections.filter((s) => s.level === 1).map((s) => s.kind)).toEqual(['achievements', 'problems', 'plan']);
    expect(evidenced(bracketed)).toEqual(expect.arrayContaining(['annual_report_shortcomings', 'annual_report_next_year_plan']));
  });

  it('第一,/一要 points after a lead that counts them', () => {
    const a = analyze(buildReport({ achievements: ['深入开展普法宣传。'], problems: ['执法力量薄弱。'], plan: ['着力抓好两件事:第一,全年开展法治培训不少于4次;第二,推进法律服务工作站建设。', '一要巩固学法制度;二要加强执法培训。'] }));
    expect(a.planItems.map((p) => p.text)).toEqual(['全年开展法治培训不少于4次', '推进法律服务工作站建设', '巩固学法制度', '加强执法培训']);
  });

  it.each([
    ['矛盾纠纷化解率百分之九十七点五。', ['dispute_diversified_resolution.resolution_rate=97.5']],
    ['村（社区）法律顾问覆盖率百分之百。', ['village_legal_counsel.coverage_rate=100']],
    ['目前全乡持证人员共十七名,其中新增取得行政执法证人员四名。', ['enforcement_certification.certified_staff=17']],
    ['执法队十一名执法人员全部持有执法证件。', ['enforcement_certification.certified_staff=11']],
    ['街道公职律师1名参与信访化解。', ['government_legal_counsel.counsel_count=1']],
  ])('metric: %s', (sentence, expected) => {
    expect(metricsOf(sentence).sort()).toEqual([...expected].sort());
  });

  it('a frequency is no count of the year', () => {
    expect(metricsOf('组织机关干部每月学法一次。')).toEqual([]);
  });

  it('a breakdown in brackets and a pooled street-and-community count are no figures of their own', () => {
    expect(metricsOf('全年组织干部学法12次(其中法治讲座4次)。')).toEqual(['cadre_law_training_exam.trainings=12']);
    expect(metricsOf('街道办事处和12个社区共聘请法律顾问6名。')).toEqual([]);
  });

  it('a village assembly deciding village affairs is no township collective decision; retraining is enforcement training', () => {
    expect(claimIds('各村重大事务均由村民代表会议讨论决定。')).not.toContain('decision_collective_decision');
    expect(claimIds('38名执法人员参加了年度执法资格复训。')).toContain('enforcement_training');
  });
});

describe('tabs as layout', () => {
  it('a tab after a heading marker is no cell boundary: the heading and its kind stay', () => {
    const a = analyze(['某某镇2023年法治政府建设情况报告', '一、\t主要举措和成效', '镇政府常务会议会前学法10次。', '二、\t存在的不足', '执法力量薄弱。'].join('\n'));
    expect(a.sections.filter((s) => s.level === 1).map((s) => s.kind)).toEqual(['achievements', 'problems']);
    expect(a.metrics.map((m) => m.value)).toEqual([10]);
  });
});
