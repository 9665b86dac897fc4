// Wording classes of the fifth held-out round (h37–h44 kinds): higher bodies' requirements and acts beside the
// township's own, pending work, negations with a preposition, advisers of villages or of a zone, enforcement matters
// going to collective discussion, and claims in less usual words (drills, first-offence leniency, filing with the
// county, a step of the listed decision procedures, dispute figures). Every sentence is written for these tests; none
// is taken from an evaluation file.

import { claimIds } from './testing/fixtures';

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
