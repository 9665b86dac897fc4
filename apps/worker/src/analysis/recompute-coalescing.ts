/**
 * Coalescing the recomputes of a burst. A township often uploads its report and several evidence files of one year
 * together; each analysis write would recompute the whole township-year (reads and one write of items, scores,
 * findings, the year-over-year judgement), and every recompute but the last is wasted. So a write that finds another
 * submission of its township-year still pending (received, queued or being analysed — not a scan waiting for OCR,
 * whose reading takes minutes) leaves the recompute to it: it records the durable request
 * (checklist_recompute_requests) instead, and the last write of the burst recomputes once and closes the request.
 *
 * Writes of one township-year take turns on its advisory lock, and each reads the others' statuses under it, so the
 * last one to commit never defers. A pending submission that is not written after all (it fails, or is handed to
 * OCR) releases the recompute as a job (SubmissionStateService); anything else left open the sweeper re-adds.
 *
 * SQL: whether a submission of (township, year) other than `self` is still pending; the arguments are SQL
 * expressions (parameters such as '$2').
 */
export const PENDING_SIBLING_SQL = (township: string, year: string, self: string) =>
  `EXISTS (SELECT 1 FROM submissions o
            WHERE o.township_id = ${township} AND o.year = ${year} AND o.id IS DISTINCT FROM ${self}
              AND o.status IN ('received', 'queued', 'analyzing') AND NOT o.needs_ocr AND o.withdrawn_at IS NULL)`;
