/**
 * /experiences: SEGMENTED and AB_TEST experiences. Creating one also creates
 * its empty DRAFT version and puts it last in the priority order.
 */

import {
  enumValue,
  isRecord,
  optionalArray,
  optionalDescription,
  requiredString,
} from "./body-fields.ts";
import { findByUid } from "./collection.ts";
import { type ProjectContext, param, type Reply } from "./context.ts";
import { badRequest } from "./errors.ts";
import { viewExperience, viewExperienceDetail } from "./experience-view.ts";
import { EXPERIENCE_TYPES, type ExperienceType } from "./model.ts";
import {
  assertCapacity,
  type ExperienceRecord,
  type ProjectState,
  type Store,
  stamp,
  touch,
  type User,
} from "./store.ts";

const CODE = "personalize.EXPERIENCES";

/** Tag rules from the product's "Experience Tags" page. */
const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 32;
const TAG_PATTERN = /^[A-Za-z0-9_:-]+$/;

export interface ExperienceFields {
  name: string;
  description: string;
  __type: ExperienceType;
  tags: string[];
}

export function listExperiences(context: ProjectContext): Reply {
  const records = [...context.project.experiences.values()];
  return { status: 200, body: records.map(viewExperience) };
}

export function createExperience(context: ProjectContext): Reply {
  const fields = parseExperienceBody(context.body);
  const record = addExperience(
    context.store,
    context.project,
    fields,
    context.user,
    { withDraft: true },
  );
  return { status: 201, body: viewExperience(record) };
}

export function getExperience(context: ProjectContext): Reply {
  const record = findExperience(context.project, param(context, "uid"));
  return { status: 200, body: viewExperienceDetail(record) };
}

export function updateExperience(context: ProjectContext): Reply {
  const record = findExperience(context.project, param(context, "uid"));
  // INFERRED, strict reading: PUT replaces every experience-level field, so
  // an absent description or tags list is stored empty.
  const fields = parseExperienceBody(context.body);
  const { experience } = record;
  const hasVariants = record.versions.some((v) => v.variants.length > 0);
  if (fields.__type !== experience.__type && hasVariants) {
    throw badRequest(`${CODE}.CANNOT_CHANGE_TYPE`, {
      __type: `Experience "${experience.name}" already has variants; its type cannot change`,
    });
  }

  Object.assign(experience, fields);
  touch(experience, context.user);
  return { status: 200, body: viewExperience(record) };
}

export function deleteExperience(context: ProjectContext): Reply {
  const { project } = context;
  const record = findExperience(project, param(context, "uid"));
  const uid = record.experience.uid;
  project.experiences.delete(uid);
  project.priority = project.priority.filter((other) => other !== uid);
  return { status: 204 };
}

/**
 * Stores an experience after the checks POST /experiences makes, and puts it
 * last in the priority order. The API always adds an empty DRAFT version;
 * seeds bring their own versions instead.
 */
export function addExperience(
  store: Store,
  project: ProjectState,
  fields: ExperienceFields,
  user: User,
  options: { withDraft: boolean },
): ExperienceRecord {
  assertCapacity(store, project.experiences.size, CODE, "experiences");
  const projectUid = project.project.uid;
  const shortUid = String(project.nextExperienceShortUid);
  project.nextExperienceShortUid += 1;

  const experience = { ...stamp(projectUid, user), shortUid, ...fields };
  const record: ExperienceRecord = {
    experience,
    versions: [],
    nextVariantShortUid: 0,
  };
  if (options.withDraft) {
    record.versions.push({
      ...stamp(projectUid, user),
      experienceUid: experience.uid,
      status: "DRAFT",
      variants: [],
    });
  }
  project.experiences.set(experience.uid, record);
  project.priority.push(experience.uid);
  return record;
}

export function findExperience(
  project: ProjectState,
  uid: string,
): ExperienceRecord {
  return findByUid(project.experiences, uid, CODE, "experience");
}

export function parseExperienceBody(body: unknown): ExperienceFields {
  if (!isRecord(body)) throw badRequest(`${CODE}.NAME_REQUIRED`);
  if (body.__type === undefined) {
    throw badRequest(`${CODE}.TYPE_REQUIRED`, {
      __type: "__type is required",
    });
  }
  return {
    name: requiredString(body.name, "name", `${CODE}.NAME_REQUIRED`),
    description: optionalDescription(body, CODE),
    __type: enumValue(
      body.__type,
      EXPERIENCE_TYPES,
      "__type",
      `${CODE}.NOT_VALID_ENUM`,
    ),
    tags: parseTags(body.tags),
  };
}

/** Lowercased and de-duplicated; INFERRED: the limit counts what is stored. */
function parseTags(raw: unknown): string[] {
  const values = optionalArray(raw, "tags", `${CODE}.INVALID_TAGS`);
  const tags = new Set<string>();
  values.forEach((tag, index) => {
    if (
      typeof tag !== "string" ||
      tag.length > MAX_TAG_LENGTH ||
      !TAG_PATTERN.test(tag)
    ) {
      throw badRequest(`${CODE}.INVALID_TAGS`, {
        [`tags.${index}`]: `\`${String(tag)}\` is not a valid tag: up to ${MAX_TAG_LENGTH} letters, digits, "_", ":" or "-"`,
      });
    }
    tags.add(tag.toLowerCase());
  });
  if (tags.size > MAX_TAGS) {
    throw badRequest(`${CODE}.TAGS_LIMIT_EXCEEDED`, {
      tags: `An experience can have at most ${MAX_TAGS} tags`,
    });
  }
  return [...tags];
}
