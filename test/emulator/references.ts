/**
 * Who refers to whom inside a project: what a version uses, and which
 * entity still holds a reference that blocks a delete.
 */

import { customAttributeRefs } from "./definitions.ts";
import type { Version } from "./model.ts";
import type { ProjectState } from "./store.ts";

type VersionContent = Pick<Version, "variants" | "metrics" | "targeting">;

export interface VersionReferences {
  audiences: Set<string>;
  lyticsAudiences: Set<string>;
  events: Set<string>;
  attributes: Set<string>;
}

export function versionReferences(version: VersionContent): VersionReferences {
  const found: VersionReferences = {
    audiences: new Set(),
    lyticsAudiences: new Set(),
    events: new Set(),
    attributes: new Set(),
  };
  for (const variant of version.variants) {
    if (variant.__type !== "SegmentedVariant") continue;
    for (const uid of variant.audiences) found.audiences.add(uid);
    for (const uid of variant.lyticsAudiences) found.lyticsAudiences.add(uid);
    if (variant.target) {
      for (const uid of customAttributeRefs(variant.target)) {
        found.attributes.add(uid);
      }
    }
  }
  for (const metric of version.metrics ?? []) found.events.add(metric.event);

  const targeting = version.targeting;
  if (targeting && "audience" in targeting) {
    for (const uid of targeting.audience.audiences) found.audiences.add(uid);
  }
  if (targeting && "target" in targeting) {
    for (const uid of customAttributeRefs(targeting.target)) {
      found.attributes.add(uid);
    }
  }
  return found;
}

// Strict reading (INFERRED): ARCHIVED versions count as referrers too, so an
// entity used by any version, history included, cannot be deleted.

/** Names the first audience or experience referring to the attribute. */
export function attributeReferrer(
  project: ProjectState,
  attributeUid: string,
): string | undefined {
  for (const audience of project.audiences.values()) {
    if (
      audience.definition &&
      customAttributeRefs(audience.definition).includes(attributeUid)
    ) {
      return `audience "${audience.name}"`;
    }
  }
  return versionReferrer(project, (refs) => refs.attributes.has(attributeUid));
}

export function audienceReferrer(
  project: ProjectState,
  audienceUid: string,
): string | undefined {
  return versionReferrer(project, (refs) => refs.audiences.has(audienceUid));
}

export function eventReferrer(
  project: ProjectState,
  eventUid: string,
): string | undefined {
  return versionReferrer(project, (refs) => refs.events.has(eventUid));
}

function versionReferrer(
  project: ProjectState,
  refersTo: (refs: VersionReferences) => boolean,
): string | undefined {
  for (const record of project.experiences.values()) {
    const version = record.versions.find((candidate) =>
      refersTo(versionReferences(candidate)),
    );
    if (version) {
      return `a ${version.status} version of experience "${record.experience.name}"`;
    }
  }
  return undefined;
}
