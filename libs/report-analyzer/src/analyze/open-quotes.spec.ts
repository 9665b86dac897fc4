import { buildMatchText, FLAG_QUOTED, FLAG_TITLE } from './match-text';
import { claimIds, metricsOf } from './testing/fixtures';

/** The compact characters carrying `flag`, joined. */
const flagged = (text: string, flag: number): string => {
  const mt = buildMatchText(text, text);
  let out = '';
  for (let i = 0; i < mt.s.length; i++) if (mt.flags[i] & flag) out += mt.s[i];
  return out;
};

const STUDY = '党委理论学习中心组开展法治专题学习6次。';

describe('quotation state', () => {
  it('a balanced quote or title marks exactly its content', () => {
    expect(flagged('开展“法律进乡村”活动,学习《宪法》。', FLAG_QUOTED)).toBe('法律进乡村');
    expect(flagged('开展“法律进乡村”活动,学习《宪法》。', FLAG_TITLE)).toBe('宪法');
    expect(flagged('他说:“依法办事。按章办事。”随后散会。', FLAG_QUOTED)).toBe('依法办事。按章办事。');
  });

  it('an unclosed quote or title ends with its line', () => {
    expect(flagged('推进“一站式“服务。\n聘请法律顾问2名。', FLAG_QUOTED)).toBe('一站式服务。');
    expect(flagged('学习《实施纲要。\n聘请法律顾问2名。', FLAG_TITLE)).toBe('实施纲要。');
    expect(flagged('打造"法治乡村品牌。\n聘请法律顾问2名。', FLAG_QUOTED)).toBe('法治乡村品牌。');
  });

  it('an unclosed quote ends at the first sentence end beyond 40 characters, not at a nearer one', () => {
    const long = '推进司法调解“一站式“服务,不断完善矛盾纠纷多元化解机制,推动人民调解、行政调解、司法调解衔接联动。聘请法律顾问2名。';
    expect(flagged(long, FLAG_QUOTED)).toBe('一站式服务,不断完善矛盾纠纷多元化解机制,推动人民调解、行政调解、司法调解衔接联动。');
    expect(flagged('推进“一站式。服务到家。', FLAG_QUOTED)).toBe('一站式。服务到家。');
  });

  it('a balanced quote still keeps a name from being a metric', () => {
    expect(metricsOf('推进政府法律顾问和“一村一法律顾问”制度,聘用法律顾问共8名。')).toEqual([]);
    expect(metricsOf('培养“法律明白人”120名。')).toEqual(['legal_understanding_persons.persons=120']);
  });

  it("an unclosed quote no longer hides the following paragraphs' metrics", () => {
    expect(metricsOf(`推进司法调解“一站式“服务。\n${STUDY}`)).toEqual(['central_group_law_study.sessions=6']);
    expect(metricsOf(`认真学习《法治政府建设实施纲要。\n${STUDY}`)).toEqual(['central_group_law_study.sessions=6']);
    expect(
      metricsOf(`推进司法调解“一站式“服务,不断完善矛盾纠纷多元化解机制,推动人民调解、行政调解、司法调解衔接联动。${STUDY}`),
    ).toEqual(['central_group_law_study.sessions=6']);
  });

  it('a balanced title restates nothing; an unclosed one no longer hides the next paragraph\'s claims', () => {
    expect(claimIds('转发《关于镇政府聘请常年法律顾问审查合同协议的通知》。')).toEqual([]);
    expect(claimIds('认真学习《法治政府建设实施纲要。\n镇政府聘请常年法律顾问,审查合同协议。')).toEqual([
      'contract_legality_review',
      'government_legal_counsel',
    ]);
  });
});
