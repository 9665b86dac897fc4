import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '@app/report-analyzer';
import { judgeReportLikeness, townshipCore } from './report-likeness';

const root = path.resolve(__dirname, '../../../..');
const SEEDS = path.join(root, 'seeds/reports');
const EXCERPTS = path.resolve(root, '../shared/eval/real-excerpts/raw');

/** The rule fed exactly as the worker feeds it: from the analyzer's reading of the text. */
function judge(text: string, declaredTownship: string | null = null) {
  const a = analyzeText(text, { file: 'x.txt', format: 'txt', sha256: '0'.repeat(64) });
  return judgeReportLikeness({
    text: a.text,
    detectedTownship: a.township.name,
    declaredTownship,
    sectionKinds: a.sections.map((s) => s.kind),
    evidencedObligations: a.obligations.filter((o) => o.status === 'evidenced').length,
  });
}

const NEGATIVES: Record<string, string> = {
  menu: '金马大酒店菜单\n凉菜：夫妻肺片 28元 拍黄瓜 12元 口水鸡 32元\n热菜：宫保鸡丁 38元 鱼香肉丝 32元 回锅肉 36元 麻婆豆腐 22元\n汤类：番茄蛋汤 18元 酸菜粉丝汤 20元\n主食：米饭 2元/碗 蛋炒饭 15元\n酒水：啤酒 8元/瓶 可乐 5元/罐\n欢迎光临，本店提供外卖服务，电话：0878-1234567。',
  contract:
    '房屋租赁合同\n出租方（甲方）：金马镇人民政府\n承租方（乙方）：张某某\n根据《中华人民共和国民法典》及有关法律法规的规定，甲乙双方在平等、自愿的基础上，就房屋租赁事宜达成如下协议：\n第一条 甲方将位于金马镇中心街12号的房屋出租给乙方使用，建筑面积80平方米。\n第二条 租赁期限自2023年1月1日起至2023年12月31日止。\n第三条 月租金为人民币1500元，乙方应于每月5日前支付。\n第四条 乙方应合理使用房屋，不得擅自改变房屋结构。\n第五条 本合同一式两份，甲乙双方各执一份，自双方签字之日起生效。\n甲方（盖章）： 乙方（签字）：\n2023年1月1日',
  lorem:
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.\n'.repeat(5),
  news: '县第十届运动会圆满落幕\n10月20日，为期三天的县第十届运动会在县体育中心圆满落幕。本届运动会共设田径、篮球、乒乓球、拔河等12个比赛项目，来自全县各乡镇和县直单位的1200余名运动员参加比赛。经过激烈角逐，城关代表队获得团体总分第一名。闭幕式上，县领导为获奖队伍颁奖，并号召全县干部群众积极参与全民健身运动，增强体质，以饱满的精神状态投入到经济社会发展中去。',
  minutes: '关于召开2023年秋季农业生产工作会议的通知\n各村（社区）：\n为做好今年秋收秋种工作，经研究，定于9月15日上午9时在镇政府三楼会议室召开秋季农业生产工作会议。请各村党支部书记、村委会主任准时参加。会议主要内容：一是总结上半年农业生产情况；二是部署秋收秋种、秸秆禁烧等工作。请各参会人员提前10分钟到场签到，不得缺席。\n2023年9月10日',
  random: Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(''),
};

describe('not a report (issue 14)', () => {
  it.each(readdirSync(SEEDS).filter((f) => f.endsWith('.txt')))('takes the seed report %s as a report', (file) => {
    const r = judge(readFileSync(path.join(SEEDS, file), 'utf8'));
    expect(r).toMatchObject({ isReport: true, reasonZh: null });
  });

  it.each(readdirSync(EXCERPTS).filter((f) => f.endsWith('.txt')))('takes the real excerpt %s as a report', (file) => {
    expect(judge(readFileSync(path.join(EXCERPTS, file), 'utf8')).isReport).toBe(true);
  });

  it.each(Object.keys(NEGATIVES))('refuses a %s with a Chinese reason', (name) => {
    const r = judge(NEGATIVES[name], '金马镇');
    expect(r.isReport).toBe(false);
    expect(r.reasonZh).toMatch(/^该文件不像法治政府建设年度报告：/);
    expect(r.reasonZh).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('a contract naming the township is still no report; its reason says what is missing', () => {
    const r = judge(NEGATIVES.contract, '金马镇');
    expect(r.signals.townshipNamed).toBe(true);
    expect(r.reasonZh).not.toContain('未出现本乡镇');
    expect(r.reasonZh).toContain('未涉及任何检查义务');
  });

  it('a short report paragraph with its title and vocabulary passes even with few obligations', () => {
    const r = judgeReportLikeness({
      text: '黄柏乡2023年度法治政府建设工作报告\n一、主要做法\n我乡坚持依法行政，开展普法宣传，聘请法律顾问。',
      detectedTownship: null,
      declaredTownship: '黄柏乡',
      sectionKinds: ['preamble'],
      evidencedObligations: 0,
    });
    expect(r.isReport).toBe(true);
    expect(townshipCore('金马镇人民政府')).toBe('金马');
  });
});
