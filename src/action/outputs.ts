/**
 * The action's outputs. Each gets a value before anything can fail, so an
 * `if:` on a later step always compares against a real value.
 */

import * as core from "@actions/core";
import type { ActionCounts, CloneResult } from "../clone/types.ts";

/** Output names, exactly as action.yml declares them. */
export const Outputs = {
  DestinationProjectUid: "destination-project-uid",
  MappingFile: "mapping-file",
  Created: "created",
  Updated: "updated",
  Unchanged: "unchanged",
  Skipped: "skipped",
  PlanDigest: "plan-digest",
} as const;

const NO_COUNTS: ActionCounts = {
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
};

/** Zero counts, no digest, no project; the mapping file as given. */
export function setDefaultOutputs(mappingFile: string): void {
  core.setOutput(Outputs.DestinationProjectUid, "");
  core.setOutput(Outputs.MappingFile, mappingFile);
  core.setOutput(Outputs.PlanDigest, "");
  setCounts(NO_COUNTS);
}

export function setResultOutputs(result: CloneResult): void {
  core.setOutput(Outputs.DestinationProjectUid, result.destinationProjectUid);
  core.setOutput(Outputs.MappingFile, result.mappingFile);
  core.setOutput(Outputs.PlanDigest, result.planDigest);
  setCounts(result.counts);
}

/** After a failure: the project and what landed before it stopped. */
export function setFailureOutputs(failure: {
  destinationProjectUid: string;
  planDigest: string;
  landed: ActionCounts;
}): void {
  core.setOutput(Outputs.DestinationProjectUid, failure.destinationProjectUid);
  core.setOutput(Outputs.PlanDigest, failure.planDigest);
  setCounts(failure.landed);
}

function setCounts(counts: ActionCounts): void {
  core.setOutput(Outputs.Created, String(counts.created));
  core.setOutput(Outputs.Updated, String(counts.updated));
  core.setOutput(Outputs.Unchanged, String(counts.unchanged));
  core.setOutput(Outputs.Skipped, String(counts.skipped));
}
