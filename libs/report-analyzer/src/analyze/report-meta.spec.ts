import { analyze } from './testing/fixtures';

const meta = (raw: string) => {
  const a = analyze(raw);
  return { name: a.township.name, level: a.township.level, year: a.reportYear };
};

describe('township and report year', () => {
  it('reads a town report title', () => {
    expect(meta('金山镇2023年法治政府建设工作报告\n2023年,金山镇坚持依法行政。')).toEqual({ name: '金山镇', level: 'town', year: 2023 });
  });
  it('strips the province, city and county prefix', () => {
    expect(meta('四川省成都市双流区黄水镇人民政府\n关于2024年度法治政府建设情况的报告\n现将有关情况报告如下。')).toEqual({ name: '黄水镇', level: 'town', year: 2024 });
  });
  it('reads a 乡 report', () => {
    expect(meta('重庆市万州区白土乡人民政府\n\n关于2022年法治政府建设情况的报告\n现将白土乡2022年法治政府建设情况报告如下:')).toEqual({ name: '白土乡', level: 'township', year: 2022 });
  });
  it('reads a 街道 report signed by the 街道办事处', () => {
    expect(meta('关于2023年度法治政府建设情况的报告\n2023年,东湖街道在区委、区政府领导下扎实推进法治建设。\n东湖街道办事处\n2024年1月20日')).toEqual({ name: '东湖街道', level: 'street', year: 2023 });
  });
  it('reads a 述法 report of a township Party secretary', () => {
    expect(meta('青山镇党委书记2023年度述法报告\n本人认真履行推进法治建设第一责任人职责,现将述法情况报告如下。')).toEqual({ name: '青山镇', level: 'town', year: 2023 });
  });
  it('reads an excerpt that starts with site navigation and has no title', () => {
    expect(
      meta('今天是,欢迎访问某某区政府网\n您当前所在位置:首页>政务公开>法治政府建设\n2025年,插花镇在县委、县政府的坚强领导下,深入践行习近平法治思想,成立法治建设领导小组。'),
    ).toEqual({ name: '插花镇', level: 'town', year: 2025 });
  });
  it('takes the year from the part titles when nothing else gives it', () => {
    expect(meta('一、2022年推进法治政府建设的主要举措和成效\n我镇成立法治建设领导小组。\n二、2023年工作计划\n加强普法。').year).toBe(2022);
    expect(meta('一、主要工作\n我镇成立法治建设领导小组。\n二、2024年工作计划\n加强普法。').year).toBe(2023);
  });
  it('answers null when the text names neither', () => {
    expect(meta('深入开展普法宣传活动,成立法治建设领导小组。')).toEqual({ name: null, level: null, year: null });
  });
  it('does not take 全镇 / 我镇 / 乡镇 for a name', () => {
    expect(meta('全镇上下深入开展法治宣传,我镇各乡镇干部积极参与。').name).toBeNull();
  });
});
