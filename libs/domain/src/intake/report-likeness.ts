// Is an uploaded "annual report" a rule-of-law report at all? Pure: decided from what the analysis found.

/** What the analysis of a file says, reduced to the signals the rule needs. */
export interface ReportLikenessInput {
  /** The normalised text. */
  text: string;
  /** The township (乡镇/街道) the analyzer read from the text, if any. */
  detectedTownship: string | null;
  /** The registered name of the township that uploaded it (金马镇): its core name (金马) in the text counts. */
  declaredTownship: string | null;
  /** Section kinds the analyzer found (achievements, problems, plan, first_responsible, highlights…). */
  sectionKinds: readonly string[];
  /** How many obligations the analysis found evidenced. */
  evidencedObligations: number;
}

export interface ReportLikeness {
  isReport: boolean;
  signals: {
    townshipNamed: boolean;
    /** Distinct rule-of-law terms found (法治政府, 依法行政, 普法, 法律顾问…). */
    vocabulary: string[];
    /** A report's section headings (主要做法, 存在的问题, 下一步工作计划…) or the analyzer's report sections. */
    reportHeadings: boolean;
    /** A title naming a rule-of-law report (法治政府建设…报告, 述法报告). */
    reportTitle: boolean;
    evidencedObligations: number;
  };
  /** Why it was not taken as a report, in Chinese; null when it is one. */
  reasonZh: string | null;
}

/** Words of a rule-of-law government report that ordinary texts (menus, contracts, news) rarely use. */
export const RULE_OF_LAW_TERMS = [
  '法治政府', '法治建设', '依法行政', '依法治', '法治思维', '法治方式', '法治宣传', '普法', '学法', '述法', '法律顾问',
  '行政执法', '执法公示', '执法全过程', '法制审核', '合法性审查', '重大行政决策', '规范性文件', '行政复议', '行政诉讼',
  '行政应诉', '矛盾纠纷', '人民调解', '公共法律服务', '法律援助', '第一责任人', '民主法治', '法治乡村', '法治文化', '法律明白人',
  '三项制度', '权力清单', '政务公开', '信访',
] as const;

const REPORT_SECTIONS = new Set(['achievements', 'first_responsible', 'highlights', 'problems', 'plan']);
const HEADING_PATTERNS = [
  /存在的(主要)?(问题|不足)/u,
  /下一步(工作)?(计划|打算|安排|思路)/u,
  /(主要|工作)(举措|做法|成效)/u,
  /(第一责任人|主要负责人)职责/u,
  /20\d\d年(度)?(工作)?(计划|打算)/u,
];
const TITLE_PATTERN = /(法治政府建设|法治建设|依法行政|述法)[^。\n]{0,20}(报告|情况|总结)/u;

/** The core of a township's name: 金马镇人民政府 → 金马. */
export function townshipCore(name: string): string {
  return name.replace(/(人民政府|党委|党工委|办事处|政府)$/u, '').replace(/(镇|乡|街道|民族乡)$/u, '');
}

/**
 * A file is taken as a rule-of-law report unless everything speaks against it: almost no obligation evidenced (at
 * most 2) and at most one of the text signals — the township named, at least 3 distinct rule-of-law terms, a report's
 * section headings, a report title. So a menu, a contract (even one naming the township as a party) or lorem ipsum
 * is refused, while a short excerpt of a real report (few obligations, but its vocabulary and headings) passes.
 */
export function judgeReportLikeness(input: ReportLikenessInput): ReportLikeness {
  const text = input.text;
  const vocabulary = RULE_OF_LAW_TERMS.filter((t) => text.includes(t));
  const core = input.declaredTownship ? townshipCore(input.declaredTownship) : '';
  const townshipNamed = !!input.detectedTownship || (core.length >= 2 && text.includes(core));
  const reportHeadings = input.sectionKinds.some((k) => REPORT_SECTIONS.has(k)) || HEADING_PATTERNS.some((p) => p.test(text));
  const reportTitle = TITLE_PATTERN.test(text);
  const signals = { townshipNamed, vocabulary, reportHeadings, reportTitle, evidencedObligations: input.evidencedObligations };
  const textSignals = [townshipNamed, vocabulary.length >= 3, reportHeadings, reportTitle].filter(Boolean).length;
  const isReport = input.evidencedObligations >= 3 || textSignals >= 2;
  return { isReport, signals, reasonZh: isReport ? null : notReportReason(signals) };
}

function notReportReason(s: ReportLikeness['signals']): string {
  const missing: string[] = [];
  if (!s.townshipNamed) missing.push('未出现本乡镇（街道）名称');
  if (!s.reportTitle && !s.reportHeadings) missing.push('没有法治政府建设年度报告的标题或“主要做法”“存在的问题”“下一步工作计划”等章节');
  if (s.vocabulary.length < 3) missing.push(s.vocabulary.length ? `法治建设用语很少（仅见“${s.vocabulary.join('”“')}”）` : '没有法治建设方面的用语');
  missing.push(s.evidencedObligations ? `仅涉及${s.evidencedObligations}项检查义务` : '未涉及任何检查义务');
  return `该文件不像法治政府建设年度报告：${missing.join('；')}。文件已保存，未计入检查清单；如确为年度报告，请联系县审核人员确认，或重新上传正确的报告文件。`;
}
