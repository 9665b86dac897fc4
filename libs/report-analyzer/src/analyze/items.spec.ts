import { analyze, buildReport } from './testing/fixtures';

describe('plan items', () => {
  const plan = (sentences: string[], year = 2023) => analyze(buildReport({ year, achievements: ['深入开展普法宣传。'], plan: sentences })).planItems;

  it('reads targets: 不少于 / 以上 / ranges / per month / upper bounds', () => {
    const items = plan([
      '全年开展专题培训不少于12次。',
      '开展业务培训15次以上。',
      '打造1-2个法治文化品牌。',
      '确保顾问每月驻村服务不少于4天。',
      '行政复议纠错率控制在5%以内。',
    ]);
    expect(items.map((i) => i.target)).toEqual([
      { op: '>=', value: 12, unit: '次' },
      { op: '>=', value: 15, unit: '次' },
      { op: '>=', value: 1, unit: '个' },
      { op: '>=', value: 4, unit: '天' },
      { op: '<=', value: 5, unit: '%' },
    ]);
  });
  it('reads any measure word, and 内/以内/以下 as upper bounds', () => {
    const items = plan([
      '为各村配备法治宣传设备不少于8台。',
      '新建法治文化广场3处。',
      '依申请公开事项在15个工作日内答复。',
      '矛盾纠纷调处时限控制在10天以下。',
      '群众投诉办结不超过7个工作日。',
    ]);
    expect(items.map((i) => i.target)).toEqual([
      { op: '>=', value: 8, unit: '台' },
      { op: '>=', value: 3, unit: '处' },
      { op: '<=', value: 15, unit: '个工作日' },
      { op: '<=', value: 10, unit: '天' },
      { op: '<=', value: 7, unit: '个工作日' },
    ]);
  });
  it('a numbered line with no text under it is an item, a title with its body is not', () => {
    const items = plan([
      '\n(一)全年开展干部法治讲座不少于6次。',
      '\n(二)持续规范行政执法行为。',
      '\n(三)加强村(社区)法律顾问管理,提升服务实效。',
      '\n(四)深化普法宣传',
      '\n组织“宪法进万家”活动,推进法治文化阵地建设。',
    ]);
    expect(items.map((i) => i.text)).toEqual([
      '全年开展干部法治讲座不少于6次',
      '持续规范行政执法行为',
      '加强村(社区)法律顾问管理,提升服务实效',
      '组织“宪法进万家”活动,推进法治文化阵地建设',
    ]);
    expect(items[0].target).toEqual({ op: '>=', value: 6, unit: '次' });
  });
  it('names in quotes and set phrases are not targets', () => {
    const items = plan(['继续完善实施“四个一”制度,深化“一件事一次办”改革。', '推进一站式矛盾纠纷化解中心建设。']);
    expect(items.map((i) => i.target)).toEqual([null, null]);
  });
  it('due is explicit, or else 12-31 of the plan year', () => {
    const items = plan(['2024年6月底前完成权责清单调整。', '上半年完成法律顾问续聘。', '持续开展法治宣传。', '2025年底前实现合法性审查全覆盖。', '9月底前完成案卷评查。']);
    expect(items.map((i) => i.due)).toEqual(['2024-06-30', '2024-06-30', '2024-12-31', '2025-12-31', '2024-09-30']);
  });
  it('links each item to the obligations it serves', () => {
    const items = plan(['严格落实行政执法“三项制度”。', '加强“法律明白人”队伍建设。', '推进严格规范公正文明执法。']);
    expect(items[0].obligationIds).toEqual(['enforcement_publicity', 'enforcement_full_record', 'major_enforcement_legal_review']);
    expect(items[1].obligationIds).toEqual(['legal_understanding_persons']);
    expect(items[2].obligationIds).toEqual([]);
  });
  it('splits a sentence at a commitment on other obligations', () => {
    const items = plan(['推进严格规范公正文明执法,加大重点领域执法力度,完善行政执法程序,加大执法人员业务培训。']);
    expect(items.map((i) => i.text)).toEqual(['推进严格规范公正文明执法,加大重点领域执法力度,完善行政执法程序', '加大执法人员业务培训']);
  });
  it('skips the introduction and enumeration headings, keeps the commitments', () => {
    const a = analyze(
      [
        '某某街道2023年法治政府建设情况报告',
        '一、主要工作及成效',
        '深入开展普法宣传,成立法治建设领导小组。',
        '二、存在问题',
        '执法力量薄弱。',
        '三、下一年度重点工作',
        '2024年,我街道将继续深入学习贯彻习近平法治思想,推动各项任务落地见效。一是深化放管服改革。优化政务服务流程,推行帮办代办。二是加强普法宣传。开展宪法宣传周活动。',
      ].join('\n'),
    );
    expect(a.planItems.map((p) => p.text)).toEqual(['优化政务服务流程,推行帮办代办', '开展宪法宣传周活动']);
  });
  it('quotes are verbatim slices of the text', () => {
    const a = analyze(buildReport({ achievements: ['成立领导小组。'], plan: ['加强“法律明白人”培养,全年培训不少于3次。'] }));
    for (const p of a.planItems) expect(a.text.slice(p.start, p.end)).toBe(p.text);
  });
});

describe('problems', () => {
  const problems = (sentences: string[]) => analyze(buildReport({ achievements: ['深入开展普法宣传。'], problems: sentences })).problems;

  it('one problem per distinct shortcoming, linked to its obligation', () => {
    const ps = problems(['部分干部法治意识淡薄,运用法治思维解决问题的能力不强,执法装备配备不到位,执法人员培训有待加强。']);
    expect(ps.map((p) => p.text)).toEqual(['部分干部法治意识淡薄,运用法治思维解决问题的能力不强', '执法装备配备不到位', '执法人员培训有待加强']);
    expect(ps[0].obligationIds).toEqual(['cadre_law_training_exam']);
    expect(ps[1].obligationIds).toEqual(['enforcement_full_record']);
    expect(ps[2].obligationIds).toEqual(['enforcement_training']);
  });
  it('drops the concession before 但', () => {
    const ps = problems(['虽然普法工作取得一定成效,但群众法治意识仍然不强,参与度不高。']);
    expect(ps.map((p) => p.text)).toEqual(['群众法治意识仍然不强,参与度不高']);
    expect(ps[0].obligationIds).toEqual(['pufa_activities']);
  });
  it('splits 一是…二是… enumerations and skips the introduction', () => {
    const ps = problems(['我镇法治政府建设取得了一定成效,但与上级要求还存在一定差距。主要表现在:一是村级法律顾问作用发挥不够;二是合法性审查力量薄弱。']);
    expect(ps.map((p) => p.text)).toEqual(['村级法律顾问作用发挥不够', '合法性审查力量薄弱']);
    expect(ps[0].obligationIds).toEqual(['village_legal_counsel']);
    expect(ps[1].obligationIds).toEqual(['township_legality_review_coverage']);
  });
  it('summary wording alone is a problem only when it names an obligation', () => {
    const ps = problems(['与先进地区相比还有一定差距。法律专业力量尚不能满足工作需要。普法宣传与群众需求还有一定差距。']);
    expect(ps.map((p) => p.text)).toEqual(['普法宣传与群众需求还有一定差距']);
  });
  it('one-line numbered shortcomings are problems', () => {
    const ps = problems(['\n(一)个别村干部学法主动性不强,依法办事能力有待提高。', '\n(二)镇综合执法队人手偏少,专业执法力量不足。', '\n(三)法治文化阵地利用率偏低。']);
    expect(ps.map((p) => p.text)).toEqual(['个别村干部学法主动性不强,依法办事能力有待提高', '镇综合执法队人手偏少,专业执法力量不足', '法治文化阵地利用率偏低']);
  });
  it('a shortcoming title followed by its body stays a title', () => {
    const ps = problems(['\n(一)执法规范化有待加强', '\n部分执法人员程序意识不强,文书制作不规范。']);
    expect(ps.map((p) => p.text)).toEqual(['部分执法人员程序意识不强,文书制作不规范']);
  });
  it('a mismatch between two named things is a shortcoming; with the new situation it is summary wording', () => {
    const ps = problems(['一是调解员队伍规模与纠纷数量不相匹配。二是法律援助供给与群众需求还不完全适应。三是工作与新形势新要求还不相适应。']);
    expect(ps.map((p) => p.text)).toEqual(['调解员队伍规模与纠纷数量不相匹配', '法律援助供给与群众需求还不完全适应']);
  });
  it('drops the lead-in before the colon', () => {
    const ps = problems(['回顾一年来的工作,我镇还存在一些薄弱环节:行政执法文书制作不规范,执法记录仪使用不充分。']);
    expect(ps[0].text.startsWith('行政执法文书制作不规范')).toBe(true);
  });
  it('needs a shortcoming word', () => {
    expect(problems(['我镇高度重视法治建设。'])).toEqual([]);
  });
  it('a combined "不足和下一步安排" part is split into problems and plan', () => {
    const a = analyze(
      [
        '某某乡2023年法治政府建设情况报告',
        '一、2023年推进法治政府建设的主要举措和成效',
        '调整法治政府建设工作领导小组。',
        '二、2023年存在的不足和2024年主要工作安排',
        '主要表现在:一是执法队伍建设尚未完善;二是群众法治观念不强。针对这些问题,我乡在2024年将主要做好以下几项工作:',
        '(一)加强执法队伍建设。定期开展执法人员培训。',
      ].join('\n'),
    );
    expect(a.problems.map((p) => p.text)).toEqual(['执法队伍建设尚未完善', '群众法治观念不强']);
    expect(a.planItems.map((p) => p.text)).toEqual(['定期开展执法人员培训']);
    const ids = a.obligations.filter((o) => o.status === 'evidenced').map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['annual_report_shortcomings', 'annual_report_next_year_plan']));
  });
});

describe('plan items and shortcomings written as run-on lists', () => {
  const report = (problems: string[], plan: string[]) =>
    analyze(buildReport({ achievements: ['深入开展普法宣传。'], problems, plan }));

  it('a numbered list inside one plan sentence after its lead: one item per point', () => {
    const a = report(['执法力量薄弱。'], ['2024年,我镇将重点抓好以下工作:1.全年开展法治讲座不少于4次;2.推进公共法律服务工作站建设;3.每村培养法律明白人不少于3名。']);
    expect(a.planItems.map((p) => p.text)).toEqual(['全年开展法治讲座不少于4次', '推进公共法律服务工作站建设', '每村培养法律明白人不少于3名']);
  });

  it('after a semicolon 推动… is the next commitment, 确保… continues; a target clause after a comma continues', () => {
    const a = report(['执法力量薄弱。'], ['组织执法人员培训不少于2次;推动法治文化阵地常态化开放;开展案卷评查,确保案卷合格率达到95%;培育法制审核人员,力争全员参加培训。']);
    expect(a.planItems.map((p) => p.text)).toEqual([
      '组织执法人员培训不少于2次',
      '推动法治文化阵地常态化开放',
      '开展案卷评查,确保案卷合格率达到95%',
      '培育法制审核人员,力争全员参加培训',
    ]);
  });

  it('a per-period frequency yields to the bounded count of the year', () => {
    const a = report(['执法力量薄弱。'], ['每季度组织1次执法培训,全年不少于4次。']);
    expect(a.planItems.map((p) => p.target)).toEqual([{ op: '>=', value: 4, unit: '次' }]);
  });

  it('shortcomings: a semicolon stretch with a shortcoming word of its own, or a list connector, starts the next one', () => {
    const a = report(['普法形式不够丰富;司法所工作人员多为兼职,专业化程度不高。', '一方面,村干部法治意识淡薄;另一方面,执法人员偏少。'], ['加强普法。']);
    expect(a.problems.map((p) => p.text)).toEqual([
      '普法形式不够丰富',
      '司法所工作人员多为兼职,专业化程度不高',
      '村干部法治意识淡薄',
      '执法人员偏少',
    ]);
  });
});

describe('plan targets in Chinese numerals', () => {
  it('the object count of an action is a target; a name with a numeral is not', () => {
    const a = analyze(buildReport({ achievements: ['深入开展普法宣传。'], problems: ['执法力量薄弱。'], plan: ['开展一次执法案卷评查;力争创建一个市级民主法治示范村;推行一件事一次办。'] }));
    expect(a.planItems.map((p) => p.target)).toEqual([{ op: '>=', value: 1, unit: '次' }, { op: '>=', value: 1, unit: '个' }, null]);
  });
});
