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
];

describe('metrics', () => {
  it.each(CASES)('%s', (sentence, expected) => {
    expect(metricsOf(sentence).sort()).toEqual([...expected].sort());
  });

  it('a number that pools government and village advisers is no metric of either', () => {
    expect(metricsOf('推进政府法律顾问和“一村一法律顾问”制度,聘用法律顾问共8名。')).toEqual([]);
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
