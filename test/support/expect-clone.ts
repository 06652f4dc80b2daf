/**
 * The check every end-to-end clone ends with: the destination describes
 * exactly as the source does, and holds no name twice.
 */
import { expect } from "vitest";
import { describeProject, duplicateNames } from "./describe-project.ts";
import type { TwoRegions } from "./two-regions.ts";

/**
 * Compares the source project with the destination one, by default the
 * project the regions were started with; pass `destinationProjectUid` when
 * the clone created its own.
 */
export function expectExactClone(
  regions: TwoRegions,
  destinationProjectUid = regions.destinationProjectUid,
): void {
  const source = regions.source.snapshot(regions.sourceProjectUid);
  const destination = regions.destination.snapshot(destinationProjectUid);
  expect(describeProject(destination)).toEqual(describeProject(source));
  expect(duplicateNames(destination)).toEqual([]);
}
