/**
 * /experiences/{uid}/versions: the version status machine.
 *
 *   DRAFT  → DRAFT (edit) | ACTIVE (archives every other live version)
 *   ACTIVE ⇄ PAUSED, ACTIVE → ACTIVE: status only, content locked
 *   ARCHIVED: read-only history
 *
 * Only one DRAFT at a time; POST creates drafts only; there is no GET of a
 * single version.
 */

import { enumValue, isRecord } from "./body-fields.ts";
import { type ProjectContext, param, type Reply } from "./context.ts";
import { ApiError, badRequest, notFound } from "./errors.ts";
import { viewVersions } from "./experience-view.ts";
import { findExperience } from "./experiences.ts";
import { VERSION_STATUSES, type Version, type VersionStatus } from "./model.ts";
import { type ExperienceRecord, stamp, touch, type User } from "./store.ts";
import { issueShortUids } from "./variants.ts";
import {
  assertActivatable,
  isSameContent,
  parseVersionContent,
  type VersionContent,
} from "./version-content.ts";

const CODE = "personalize.EXPERIENCES.VERSIONS";

type VersionBody = Record<string, unknown> & { variants: unknown[] };

export function listVersions(context: ProjectContext): Reply {
  const record = findExperience(context.project, param(context, "uid"));
  return { status: 200, body: viewVersions(record) };
}

export function createVersion(context: ProjectContext): Reply {
  const record = findExperience(context.project, param(context, "uid"));
  const { status, body } = readVersionBody(context.body);
  // INFERRED, strict reading: a version can only be created as a DRAFT.
  if (status !== "DRAFT") {
    throw invalidStatus("A version can only be created with status DRAFT");
  }
  if (record.versions.some((version) => version.status === "DRAFT")) {
    throw badRequest(`${CODE}.CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS`, {
      status: `Experience "${record.experience.name}" already has a draft version; update it instead`,
    });
  }

  const content = parseVersionContent(body, scopeOf(context, record));
  const version = appendVersion(record, "DRAFT", content, context.user);
  return { status: 201, body: version };
}

export function updateVersion(context: ProjectContext): Reply {
  const record = findExperience(context.project, param(context, "uid"));
  const index = findVersionIndex(record, param(context, "versionUid"));
  const current = record.versions[index] as Version;
  const { status, body } = readVersionBody(context.body);

  if (current.status === "ARCHIVED") throw locked("It is archived");
  if (status === "ARCHIVED") {
    throw invalidStatus("A version is archived by activating another one");
  }
  if (current.status === "DRAFT") {
    if (status === "PAUSED") {
      throw invalidStatus("A draft cannot be paused; activate it first");
    }
    const content = parseVersionContent(body, scopeOf(context, record));
    if (status === "ACTIVE") {
      assertActivatable(content, record.experience.__type);
    }
    const { variants, nextShortUid } = issueShortUids(record, content.variants);
    const updated = buildVersion(current, status, { ...content, variants });
    touch(updated, context.user);
    record.versions[index] = updated;
    record.nextVariantShortUid = nextShortUid;
    if (status === "ACTIVE") archiveOthers(record, updated, context.user);
    return { status: 200, body: updated };
  }

  // ACTIVE or PAUSED: only the status may change, with the content as is.
  if (status === "DRAFT") {
    throw badRequest(`${CODE}.CANNOT_MARK_VERSION_AS_DRAFT`, {
      status: `A ${current.status} version cannot go back to DRAFT; create a new draft instead`,
    });
  }
  if (!hasContent(current, body, context, record)) {
    throw locked(`It is ${current.status}; only its status can change`);
  }
  current.status = status;
  touch(current, context.user);
  return { status: 200, body: current };
}

export function deleteVersion(context: ProjectContext): Reply {
  const record = findExperience(context.project, param(context, "uid"));
  const index = findVersionIndex(record, param(context, "versionUid"));
  const version = record.versions[index] as Version;
  if (version.status !== "DRAFT") {
    throw badRequest(`${CODE}.CANNOT_DELETE_NON_DRAFT_VERSION`, {
      versionUid: `Only a DRAFT version can be deleted; this one is ${version.status}`,
    });
  }
  // INFERRED, strict reading: an experience always keeps one version.
  if (record.versions.length === 1) {
    throw badRequest(`${CODE}.CANNOT_DELETE_ONLY_VERSION`, {
      versionUid: "The only version of an experience cannot be deleted",
    });
  }
  record.versions.splice(index, 1);
  return { status: 204 };
}

/** Adds a new newest version, issuing its variants' shortUids. */
export function appendVersion(
  record: ExperienceRecord,
  status: VersionStatus,
  content: VersionContent,
  user: User,
): Version {
  const { variants, nextShortUid } = issueShortUids(record, content.variants);
  const base = {
    ...stamp(record.experience.project, user),
    experienceUid: record.experience.uid,
  };
  const version = buildVersion(base, status, { ...content, variants });
  record.versions.push(version);
  record.nextVariantShortUid = nextShortUid;
  return version;
}

/** Archives every live version but `activated`. */
export function archiveOthers(
  record: ExperienceRecord,
  activated: Version,
  user: User,
): void {
  for (const version of record.versions) {
    const isLive = version.status === "ACTIVE" || version.status === "PAUSED";
    if (version !== activated && isLive) {
      version.status = "ARCHIVED";
      touch(version, user);
    }
  }
}

function buildVersion(
  base: Omit<Version, "status" | "variants">,
  status: VersionStatus,
  content: Omit<VersionContent, "variants"> & { variants: Version["variants"] },
): Version {
  const { _id, uid, project, createdAt, updatedAt, createdBy, updatedBy } =
    base;
  return {
    _id,
    uid,
    project,
    createdAt,
    updatedAt,
    createdBy,
    updatedBy,
    experienceUid: base.experienceUid,
    status,
    variants: content.variants,
    ...(content.variantSplit ? { variantSplit: content.variantSplit } : {}),
    ...(content.metrics ? { metrics: content.metrics } : {}),
    ...(content.targeting ? { targeting: content.targeting } : {}),
  };
}

/** Whether the body, once normalised, holds what `version` holds. */
function hasContent(
  version: Version,
  body: VersionBody,
  context: ProjectContext,
  record: ExperienceRecord,
): boolean {
  try {
    const requested = parseVersionContent(body, scopeOf(context, record));
    return isSameContent(version, requested);
  } catch (error) {
    // A body the server would reject cannot equal what it stored.
    if (error instanceof ApiError) return false;
    throw error;
  }
}

/** `status` and a `variants` array are required on every POST and PUT. */
function readVersionBody(raw: unknown): {
  status: VersionStatus;
  body: VersionBody;
} {
  const body = isRecord(raw) ? raw : {};
  if (body.status === undefined || body.status === null) {
    throw badRequest(`${CODE}.STATUS_REQUIRED`, {
      status: "status is required",
    });
  }
  const status = enumValue(
    body.status,
    VERSION_STATUSES,
    "status",
    `${CODE}.INVALID_STATUS`,
  );
  const { variants } = body;
  if (!Array.isArray(variants)) {
    throw badRequest(`${CODE}.VARIANTS_NOT_ARRAY`, {
      variants: "variants must be an array",
    });
  }
  return { status, body: { ...body, variants } };
}

function scopeOf(context: ProjectContext, record: ExperienceRecord) {
  return {
    project: context.project,
    experienceType: record.experience.__type,
  };
}

function findVersionIndex(record: ExperienceRecord, uid: string): number {
  const index = record.versions.findIndex((version) => version.uid === uid);
  if (index === -1) {
    throw notFound(`${CODE}.NOT_FOUND`, { versionUid: `No version "${uid}"` });
  }
  return index;
}

function invalidStatus(reason: string): ApiError {
  return badRequest(`${CODE}.INVALID_STATUS`, { status: reason });
}

function locked(reason: string): ApiError {
  return badRequest(`${CODE}.CANNOT_UPDATE_LOCKED_VERSION`, {
    status: `This version is locked. ${reason}`,
  });
}
