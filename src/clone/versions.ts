/**
 * Brings a destination experience's versions to the state the source asks
 * for, one write at a time. Each step is computed from the versions as
 * they stand, so the same code finishes a fresh clone, a sync, and a run
 * that stopped halfway, without ever posting a second draft.
 */
import type { Version } from "../personalize/schemas.ts";
import { isSame } from "./normalise.ts";
import {
  comparableContent,
  destinationLookup,
  emptyReport,
  remapVersionContent,
} from "./remap.ts";

type Json = Record<string, unknown>;

/** What the destination's versions should hold, content already remapped. */
export interface DesiredVersions {
  live?: { content: Json; status: "ACTIVE" | "PAUSED" };
  draft?: Json;
}

/** One write toward the desired versions. */
export type VersionStep =
  | { kind: "update"; versionUid: string; body: Json; summary: string }
  | { kind: "create"; body: Json; summary: string };

/** A destination version's content, in the form desired content takes. */
export function contentOf(version: Version): Json {
  return remapVersionContent(version, destinationLookup, emptyReport(), "");
}

function sameContent(version: Version, content: Json): boolean {
  return isSame(
    comparableContent(contentOf(version)),
    comparableContent(content),
  );
}

/**
 * Keeps the destination's variant shortUids for variants of the same name,
 * so the CMS variants linked to them survive an update.
 */
function withShortUids(content: Json, versions: readonly Version[]): Json {
  const known = new Map<string, string>();
  for (const version of [...versions].reverse()) {
    for (const variant of version.variants) {
      if (variant.shortUid !== undefined) {
        known.set(String(variant.name), String(variant.shortUid));
      }
    }
  }
  const variants = (content.variants as Json[]).map((variant) => {
    const shortUid = known.get(String(variant.name));
    return shortUid === undefined ? variant : { ...variant, shortUid };
  });
  return { ...content, variants };
}

/** The next write, or undefined when the versions are as desired. */
export function nextVersionStep(
  desired: DesiredVersions,
  versions: readonly Version[],
): VersionStep | undefined {
  const live = versions.find(
    (v) => v.status === "ACTIVE" || v.status === "PAUSED",
  );
  const draft = versions.find((v) => v.status === "DRAFT");

  if (desired.live) {
    const { content, status } = desired.live;
    if (live && sameContent(live, content)) {
      if (live.status !== status) {
        return {
          kind: "update",
          versionUid: live.uid,
          body: { ...contentOf(live), status },
          summary: status === "PAUSED" ? "pause" : "resume",
        };
      }
    } else if (draft) {
      // Activation is the only way to change live content: the draft takes
      // it and goes live in one request, archiving the old live version.
      return {
        kind: "update",
        versionUid: draft.uid,
        body: { ...withShortUids(content, versions), status: "ACTIVE" },
        summary: "activate",
      };
    } else {
      return {
        kind: "create",
        body: { ...withShortUids(content, versions), status: "DRAFT" },
        summary: "draft the live content",
      };
    }
  }

  if (desired.draft) {
    if (!draft) {
      return {
        kind: "create",
        body: { ...withShortUids(desired.draft, versions), status: "DRAFT" },
        summary: "create the draft",
      };
    }
    if (!sameContent(draft, desired.draft)) {
      return {
        kind: "update",
        versionUid: draft.uid,
        body: { ...withShortUids(desired.draft, versions), status: "DRAFT" },
        summary: "update the draft",
      };
    }
  }
  return undefined;
}

/**
 * The versions after a step landed, as the API leaves them: activating a
 * version archives the one that was live.
 */
export function afterStep(
  versions: readonly Version[],
  step: VersionStep,
  landed: Version,
): Version[] {
  const archived = versions.map((version) =>
    landed.status === "ACTIVE" &&
    version.uid !== landed.uid &&
    (version.status === "ACTIVE" || version.status === "PAUSED")
      ? { ...version, status: "ARCHIVED" as const }
      : version,
  );
  if (step.kind === "create") return [landed, ...archived];
  return archived.map((version) =>
    version.uid === landed.uid ? landed : version,
  );
}

/** Whether the versions already hold what is desired. */
export function versionsMatch(
  desired: DesiredVersions,
  versions: readonly Version[],
): boolean {
  return nextVersionStep(desired, versions) === undefined;
}
