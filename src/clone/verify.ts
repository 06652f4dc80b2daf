/**
 * Reads the destination again after the load and compares it with the
 * source through the mapping, with the same bodies and comparisons the plan
 * used, so "identical" means the plan has nothing left to do.
 */
import type { ProjectContents } from "./extract.ts";
import type { Mapping } from "./mapping.ts";
import { changedFields } from "./normalise.ts";
import type { Task, Work } from "./plan.ts";
import { desiredPriority } from "./priority.ts";
import type { ReferenceLookup } from "./remap.ts";
import { destinationLookup, emptyReport, mappingLookup } from "./remap.ts";
import {
  attributeBody,
  audienceBody,
  desiredVersions,
  eventBody,
  experienceBody,
} from "./transform.ts";
import type { Activation, VerifyResult } from "./types.ts";
import { nextVersionStep } from "./versions.ts";

/** Entities the run is responsible for: created, updated or unchanged. */
function isCopied(task: Task<unknown>): boolean {
  return ["create", "update", "unchanged"].includes(task.entry.action);
}

export function verifyClone(
  work: Work,
  source: ProjectContents,
  destination: ProjectContents,
  mapping: Mapping,
  activation: Activation,
): VerifyResult {
  const differences: string[] = [];
  const lookup = mappingLookup(mapping);

  function compare<T extends { uid: string }>(
    singular: string,
    tasks: Task<T>[],
    twins: readonly T[],
    saved: Record<string, string>,
    body: (entity: T, lookup: ReferenceLookup) => object,
  ) {
    const byUid = new Map(twins.map((twin) => [twin.uid, twin]));
    for (const task of tasks.filter(isCopied)) {
      const label = `${singular} "${task.entry.label}"`;
      const twin = byUid.get(saved[task.source.uid] ?? "");
      if (!twin) {
        differences.push(`${label} is missing from the destination`);
        continue;
      }
      const changed = changedFields(
        body(twin, destinationLookup),
        body(task.source, lookup),
      );
      if (changed.length > 0) {
        differences.push(`${label} differs in ${changed.join(", ")}`);
      }
    }
  }

  const report = emptyReport();
  compare(
    "attribute",
    work.attributes,
    destination.attributes,
    mapping.attributes,
    (a) => attributeBody(a),
  );
  compare("event", work.events, destination.events, mapping.events, (e) =>
    eventBody(e),
  );
  compare(
    "audience",
    work.audiences,
    destination.audiences,
    mapping.audiences,
    (a, l) => audienceBody(a, l, report),
  );
  compare(
    "experience",
    work.experiences,
    destination.experiences,
    mapping.experiences,
    (e) => experienceBody(e),
  );

  for (const task of work.experiences.filter(isCopied)) {
    const twin = mapping.experiences[task.source.uid] ?? "";
    const versions = destination.versions.get(twin);
    if (!versions) continue;
    const desired = desiredVersions(
      task.source,
      task.sourceVersions,
      activation,
      lookup,
      report,
    );
    const step = nextVersionStep(desired, versions);
    if (step) {
      differences.push(
        `experience "${task.entry.label}" versions differ: ` +
          `the next step would be to ${step.summary}`,
      );
    }
  }

  if (work.plan.priority.action !== "skip") {
    const expected = desiredPriority(
      source.priority,
      work.experiences,
      destination.priority,
      (sourceUid) => mapping.experiences[sourceUid],
    );
    if (expected.join() !== destination.priority.join()) {
      differences.push("the experience priority order differs");
    }
  }

  return { identical: differences.length === 0, differences };
}
