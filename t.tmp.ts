import { analyze, buildReport } from './libs/report-analyzer/src/analyze/testing/fixtures';
const a = analyze(buildReport({ achievements: ['镇政府成立法治政府建设工作领导小组。'], problems: ['(一)镇政府公职律师尚未配备,涉法事务主要依靠外聘律师。(二)执法队有3人未取得执法证,执法力量与任务不相匹配。', '群众学法积极性偏低,普法形式较为单一;村级调解员年龄偏大,调解能力较弱。'], plan: ['一是配备公职律师。'] }));
console.log(a.problems.map((p) => p.text), a.sections.map(s=>s.kind+':'+s.title));
