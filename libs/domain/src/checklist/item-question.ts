// An auditor's comment on an item is a question to the township until the township writes its note after it. Pure.

export interface QuestionFacts {
  comment: string | null;
  commentAt: Date | string | null;
  townshipNoteAt: Date | string | null;
}

/** The township has not answered the auditor's latest comment (no note since it was written). */
export function hasOpenQuestion(i: QuestionFacts): boolean {
  if (!i.comment || !i.commentAt) return false;
  return !i.townshipNoteAt || new Date(i.townshipNoteAt).getTime() < new Date(i.commentAt).getTime();
}
