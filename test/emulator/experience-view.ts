/**
 * How an experience reads: its status and latest version are derived from
 * its versions, and the single GET adds what those versions refer to.
 */

import type {
  Experience,
  ExperienceDetail,
  ExperienceStatus,
  Version,
} from "./model.ts";
import { versionReferences } from "./references.ts";
import type { ExperienceRecord } from "./store.ts";

/** ACTIVE if a version is ACTIVE, else PAUSED if one is, else DRAFT. */
export function experienceStatus(record: ExperienceRecord): ExperienceStatus {
  const statuses = new Set(record.versions.map((version) => version.status));
  if (statuses.has("ACTIVE")) return "ACTIVE";
  if (statuses.has("PAUSED")) return "PAUSED";
  return "DRAFT";
}

export function viewExperience(record: ExperienceRecord): Experience {
  const { experience } = record;
  const newest = record.versions.at(-1);
  if (!newest) throw new Error(`Experience ${experience.uid} has no version`);
  return {
    ...experience,
    status: experienceStatus(record),
    latestVersion: newest.uid,
    tags: [...experience.tags],
  };
}

/** Adds the audiences its live and draft versions use. */
export function viewExperienceDetail(
  record: ExperienceRecord,
): ExperienceDetail {
  const audiences = new Set<string>();
  const lyticsAudiences = new Set<string>();
  for (const version of record.versions) {
    if (version.status === "ARCHIVED") continue;
    const refs = versionReferences(version);
    for (const uid of refs.audiences) audiences.add(uid);
    for (const uid of refs.lyticsAudiences) lyticsAudiences.add(uid);
  }
  return {
    ...viewExperience(record),
    referredAudiences: [...audiences],
    referredLyticsAudiences: [...lyticsAudiences],
  };
}

/** Versions as GET …/versions lists them: newest first. */
export function viewVersions(record: ExperienceRecord): Version[] {
  return [...record.versions].reverse();
}
