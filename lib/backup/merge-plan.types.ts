/** Plain types of a merge, shared by the pure merge plan and the wire protocol. */

/** Why an incoming key clashes with one of mine. */
export type ConflictReason = 'same-remote-id' | 'same-name';

/** What a person chose for one conflict. */
export type ConflictChoice = 'keep-mine' | 'take-theirs' | 'keep-both';

/** A line of a `.env` list that was not imported, and why. */
export interface EnvProblem {
  line: number;
  message: string;
}
