// Dates as a person in China reads them: 2026年3月31日, in Asia/Shanghai.

const TZ = 'Asia/Shanghai';
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const partsFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** '2026-03-31' (a calendar date) or an ISO instant → 2026年3月31日. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  return dateFmt.format(new Date(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return dateTimeFmt.format(new Date(value));
}

/** Today's calendar date in Shanghai, 'YYYY-MM-DD'. */
export function todayInShanghai(now = new Date()): string {
  return partsFmt.format(now);
}

/** Whole days from today (Shanghai) to a calendar date; negative when past. */
export function daysUntil(date: string, now = new Date()): number {
  const today = Date.parse(`${todayInShanghai(now)}T00:00:00Z`);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
}

export function countdownText(date: string, now = new Date()): string {
  const d = daysUntil(date, now);
  if (d > 0) return `还剩 ${d} 天`;
  if (d === 0) return '今天截止';
  return `已逾期 ${-d} 天`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '未报送' : score.toFixed(1);
}

/** Due date of a template rule for a report year: { month, day, yearOffset } → 'YYYY-MM-DD'. */
export function dueDateOf(rule: { month: number; day: number; yearOffset: number }, reportYear: number): string {
  const y = reportYear + rule.yearOffset;
  return `${y}-${String(rule.month).padStart(2, '0')}-${String(rule.day).padStart(2, '0')}`;
}
