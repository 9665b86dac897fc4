// The report year a township chose at upload against the year its text states. Pure.

export interface YearCheck {
  /** The upload waits for the township to confirm the year. */
  hold: boolean;
  /** For people, in Chinese; null when nothing is held. */
  reasonZh: string | null;
}

/**
 * Held when the text states a report year other than the one chosen at upload and nobody has confirmed the chosen
 * year: a 2022 report filed as 2023 would otherwise count for the wrong year (and leave 2022 looking unreported).
 * A text that states no year is not held.
 */
export function checkReportYear(a: { declaredYear: number; detectedYear: number | null; confirmed: boolean }): YearCheck {
  if (a.confirmed || a.detectedYear === null || a.detectedYear === a.declaredYear) return { hold: false, reasonZh: null };
  return {
    hold: true,
    reasonZh:
      `报告正文显示为${a.detectedYear}年度，与上传时选择的${a.declaredYear}年度不一致，暂未计入检查清单。` +
      `请确认：如确为${a.declaredYear}年度报告，请确认年度；如为${a.detectedYear}年度报告，请改按${a.detectedYear}年度确认。`,
  };
}
