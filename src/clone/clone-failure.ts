import type { ActionCounts, Plan } from "./types.ts";

/**
 * A run that stopped after it may have written: carries what landed so the
 * report can say it and how to resume.
 */
export class CloneFailure extends Error {
  /** Writes that completed before the failure. */
  readonly landed: ActionCounts;
  /** The plan, when the run got that far. */
  readonly plan: Plan | undefined;
  /** The digest of that plan; empty without one. */
  readonly planDigest: string;
  readonly mappingFile: string;
  /** Empty when the destination project was not resolved. */
  readonly destinationProjectUid: string;

  constructor(
    message: string,
    details: {
      landed: ActionCounts;
      plan?: Plan;
      planDigest?: string;
      mappingFile: string;
      destinationProjectUid: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.name = "CloneFailure";
    this.landed = details.landed;
    this.plan = details.plan;
    this.planDigest = details.planDigest ?? "";
    this.mappingFile = details.mappingFile;
    this.destinationProjectUid = details.destinationProjectUid;
  }
}
