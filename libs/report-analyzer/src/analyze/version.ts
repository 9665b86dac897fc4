/** Version of the analyzer code; the output's analyzerVersion adds the lexicon version ("1.0.0+lexicon.7"). */
export const CODE_VERSION = '1.2.1'; // 1.1: evidence confidence, causes and rectified shortcomings, multi-year totals; 1.2: table cells, absences and intentions, run-on plan/shortcoming lists; 1.2.1: open quotes end with their line, HTML/.docx table cells as tabs
