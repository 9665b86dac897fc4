// Year over year: did report N+1 fix, repeat or ignore a shortcoming report N admitted? Pure.
import type { ProblemStatus } from '../checklist/statuses';
import { bigramContainment, bigramSimilarity, sentencesOf } from './text-similarity';

export interface ProblemFacts {
  text: string;
  obligationIds: readonly string[];
}

export interface NextYearReport {
  text: string;
  problems: readonly ProblemFacts[];
  /** Obligations year N+1 evidences (not rejected). */
  evidenced: ReadonlySet<string>;
}

export interface ProblemJudgement {
  status: ProblemStatus;
  reason: 'no_next_report' | 'stated_rectified' | 'named_again' | 'obligations_evidenced' | 'not_addressed';
  /** The N+1 sentence or problem that decided it. */
  matchedText: string | null;
}

/** Two problems are the same when their wording overlaps this much and they share an obligation (or both have none). */
export const SAME_PROBLEM_SIMILARITY = 0.35;
/** Wording this close is the same problem whatever the obligations say. */
export const SAME_PROBLEM_SIMILARITY_STRONG = 0.6;
/** A "已整改" sentence is about the problem when it repeats this share of the problem's bigrams. */
export const RECTIFIED_SENTENCE_CONTAINMENT = 0.4;

const RECTIFIED_WORDS = /已整改|整改到位|已完成整改|整改完成|整改完毕|已经整改|得到整改|全部整改|已得到解决|已解决/;

function sharesObligation(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  return a.some((id) => b.includes(id));
}

/**
 * In this order: N+1 says the problem was fixed (a 已整改-type sentence that repeats it) → rectified; N+1 lists it
 * among its own shortcomings again → recurring; N+1 evidences every obligation the problem concerns → rectified;
 * otherwise it is neither fixed nor mentioned → open (the unrectified case). No N+1 report → open, not yet judged.
 */
export function judgeProblem(problem: ProblemFacts, next: NextYearReport | null): ProblemJudgement {
  if (!next) return { status: 'open', reason: 'no_next_report', matchedText: null };

  const fixedSentence = sentencesOf(next.text).find(
    (s) => RECTIFIED_WORDS.test(s) && bigramContainment(problem.text, s) >= RECTIFIED_SENTENCE_CONTAINMENT,
  );
  if (fixedSentence) return { status: 'rectified', reason: 'stated_rectified', matchedText: fixedSentence };

  const again = next.problems.find((p) => {
    const sim = bigramSimilarity(problem.text, p.text);
    return sim >= SAME_PROBLEM_SIMILARITY_STRONG || (sim >= SAME_PROBLEM_SIMILARITY && sharesObligation(problem.obligationIds, p.obligationIds));
  });
  if (again) return { status: 'recurring', reason: 'named_again', matchedText: again.text };

  if (problem.obligationIds.length > 0 && problem.obligationIds.every((id) => next.evidenced.has(id))) {
    return { status: 'rectified', reason: 'obligations_evidenced', matchedText: null };
  }
  return { status: 'open', reason: 'not_addressed', matchedText: null };
}
