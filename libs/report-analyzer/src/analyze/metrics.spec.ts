import { analyze, buildReport, metricsOf } from './testing/fixtures';

const CASES: Array<[string, string[]]> = [
  ['党委理论学习中心组开展法治专题学习6次。', ['central_group_law_study.sessions=6']],
  ['将宪法纳入党委理论学习中心组学习内容,全年开展专题学法5次。', ['central_group_law_study.sessions=5']],
  ['全年组织会前学法12次。', ['pre_meeting_law_study.sessions=12']],
  ['举办干部法治专题讲座四次。', ['cadre_law_training_exam.trainings=4']],
  ['组织学法用法考试,参考率、合格率均为100%。', ['cadre_law_training_exam.exam_pass_rate=100']],
  ['镇政府聘请常年法律顾问2名。', ['government_legal_counsel.counsel_count=2']],
  ['聘请两名律师担任镇政府法律顾问。', ['government_legal_counsel.counsel_count=2']],
  ['全镇18个村(社区)均聘请了法律顾问。', ['village_legal_counsel.villages_covered=18']],
  ['村居法律顾问覆盖率达100%。', ['village_legal_counsel.coverage_rate=100']],
  ['全镇共有31名执法人员持有行政执法证。', ['enforcement_certification.certified_staff=31']],
  ['组织执法人员业务培训3期。', ['enforcement_training.trainings=3']],
  ['开展行政执法案卷评查2次。', ['case_file_review.reviews=2']],
  ['梳理公布权责清单事项215项。', ['powers_duties_list.items=215']],
  ['承接县级下放的132项执法事项。', ['powers_duties_list.items=132']],
  ['行政机关负责人出庭应诉率达100%。', ['litigation_head_appearance.appearance_rate=100']],
  ['办理行政复议案件3件。', ['admin_reconsideration.cases=3']],
  ['培养“法律明白人”120名。', ['legal_understanding_persons.persons=120']],
  ['现有县级以上民主法治示范村5个。', ['democratic_rule_of_law_village.villages=5']],
  ['全年排查化解矛盾纠纷231件,化解率98.5%。', ['dispute_diversified_resolution.disputes_resolved=231', 'dispute_diversified_resolution.resolution_rate=98.5']],
  ['受理矛盾纠纷120起,化解118起。', ['dispute_diversified_resolution.disputes_resolved=118']],
  ['配备专职人民调解员6名。', ['people_mediation.mediators=6']],
  ['受理法律援助案件15件。', ['legal_aid.cases=15']],
  ['审查各类合同协议48份。', ['contract_legality_review.contracts=48']],
  ['主动公开政府信息260条。', ['gov_info_disclosure.items=260']],
  ['开展普法宣传活动30余场次,受众两万余人次。', ['pufa_activities.events=30']],
  // certificates: the count of enforcement staff beside a certificate clause, either order
  ['综合行政执法队现有15名执法人员全部持证上岗。', ['enforcement_certification.certified_staff=15']],
  ['我镇执法队员二十名,均持有省政府统一颁发的行政执法证件。', ['enforcement_certification.certified_staff=20']],
  ['取得行政执法证的人员共28名。', ['enforcement_certification.certified_staff=28']],
  ['持有执法证件执法人员达到9名。', ['enforcement_certification.certified_staff=9']],
  ['全街道一线执法人员33名,持证率100%。', ['enforcement_certification.certified_staff=33']],
  // government advisers: lawyers acting as advisers, listed breakdowns, 乡政府/街道 subjects
  ['乡政府聘用律师3名担任常年法律顾问。', ['government_legal_counsel.counsel_count=3']],
  ['由1名专职律师担任街道法律顾问。', ['government_legal_counsel.counsel_count=1']],
  ['镇政府配备社会律师2名、公职律师2名,组成政府法律顾问团。', ['government_legal_counsel.counsel_count=4']],
  ['街道聘请政府法律顾问2名、公职律师1名、执业律师1名。', ['government_legal_counsel.counsel_count=4']],
  ['全镇10个村均有村法律顾问,镇政府聘请常年法律顾问3名。', ['government_legal_counsel.counsel_count=3', 'village_legal_counsel.villages_covered=10']],
  ['街道办事处选聘2名法律顾问;8个社区实现法律顾问全覆盖。', ['government_legal_counsel.counsel_count=2', 'village_legal_counsel.villages_covered=8']],
  ['全乡9个村均落实法律顾问,覆盖率100%。', ['village_legal_counsel.villages_covered=9', 'village_legal_counsel.coverage_rate=100']],
  // study sessions: the nearest study kind wins
  ['党委中心组集体学习法治专题4次,党政班子会前学法十次。', ['central_group_law_study.sessions=4', 'pre_meeting_law_study.sessions=10']],
  ['镇党委会会前学法8次。', ['pre_meeting_law_study.sessions=8']],
  ['中心组专题学法3次;党工委会议坚持会前学法,全年学法15次。', ['central_group_law_study.sessions=3', 'pre_meeting_law_study.sessions=15']],
  ['全年政府常务会学法11次。', ['pre_meeting_law_study.sessions=11']],
  // powers and duties lists
  ['梳理镇级履职事项102项。', ['powers_duties_list.items=102']],
  ['编制执法事项清单共计64项。', ['powers_duties_list.items=64']],
  ['公布街道权责事项合计150项。', ['powers_duties_list.items=150']],
  ['厘清乡级行政权力事项58项。', ['powers_duties_list.items=58']],
  // public events vs cadre training
  ['开展法治宣讲、法律讲座等进村活动十六场。', ['pufa_activities.events=16']],
  ['组织“法律进乡村”宣传活动十八场次。', ['pufa_activities.events=18']],
  ['矛盾纠纷调解成功率97.5%。', ['dispute_diversified_resolution.resolution_rate=97.5']],
  // the running total wins over the year's new ones
  ['新评定县级民主法治示范村2个,累计达到7个。', ['democratic_rule_of_law_village.villages=7']],
  // the year's new title alone says nothing of how many villages hold one (metrics.tsv: villages holding the title)
  ['全镇新创建市级民主法治示范村1个。', []],
  ['累计培养法律明白人180名,建成县级民主法治示范村4个。', ['legal_understanding_persons.persons=180', 'democratic_rule_of_law_village.villages=4']],
];

describe('metrics', () => {
  it.each(CASES)('%s', (sentence, expected) => {
    expect(metricsOf(sentence).sort()).toEqual([...expected].sort());
  });

  it('a number that pools government and village advisers is no metric of either', () => {
    expect(metricsOf('推进政府法律顾问和“一村一法律顾问”制度,聘用法律顾问共8名。')).toEqual([]);
  });
  it('a count that pools the government with its villages is no count of villages covered', () => {
    expect(metricsOf('镇政府和11个村共聘请法律顾问4名。')).toEqual([]);
    expect(metricsOf('全乡(含乡政府及8个村)共聘请法律顾问3名。')).toEqual([]);
  });
  it('a Party lecture is no public event', () => {
    expect(metricsOf('书记带头讲授法治专题党课2次。')).toEqual([]);
  });
  it('numbers in the plan or the shortcomings are not metrics', () => {
    const a = analyze(
      buildReport({
        achievements: ['深入开展普法宣传。'],
        problems: ['全镇12个村只有2个村有法治文化阵地,调解员仅3名。'],
        plan: ['全年开展法治讲座不少于12次,培养法律明白人200名。'],
      }),
    );
    expect(a.metrics).toEqual([]);
  });
  it('a negated count yields nothing', () => {
    expect(metricsOf('全年未发生行政复议案件。')).toEqual([]);
  });
  it('counts of other subjects in a list do not borrow the dispute subject', () => {
    expect(metricsOf('排查安全隐患36件,整改完成25件,已化解2件。')).toEqual([]);
  });
  it('a resolution rate of petitions is not a dispute resolution rate', () => {
    expect(metricsOf('信访件一次性化解率98%。')).toEqual([]);
  });
  it('people (人次) and materials (份) are not events', () => {
    expect(metricsOf('发放普法资料5000余份,受众3000余人次。')).toEqual([]);
  });
  it('a count dated in an earlier year is history', () => {
    expect(metricsOf('2021年培养法律明白人80名。')).toEqual([]);
  });
  it('every metric quote is verbatim and carries the tsv unit', () => {
    const a = analyze(buildReport({ achievements: ['配备专职人民调解员6人,聘请常年法律顾问1名。'] }));
    expect(a.metrics.length).toBe(2);
    for (const m of a.metrics) {
      expect(a.text.slice(m.start, m.end)).toBe(m.quote);
      expect(m.unit).toBe('名');
    }
  });
});
