/**
 * /audiences: audiences defined by rules, and Lytics audiences, which are
 * synced from Lytics and read-only here. Names are not unique.
 */

import {
  isRecord,
  optionalDescription,
  requiredString,
} from "./body-fields.ts";
import { findByUid } from "./collection.ts";
import { type ProjectContext, param, type Reply } from "./context.ts";
import { parseRuleCombination } from "./definitions.ts";
import { badRequest } from "./errors.ts";
import { newLyticsUid } from "./ids.ts";
import type { Audience, RuleCombination } from "./model.ts";
import { audienceReferrer } from "./references.ts";
import {
  assertCapacity,
  type ProjectState,
  type Store,
  stamp,
  touch,
  type User,
} from "./store.ts";

const CODE = "personalize.AUDIENCES";

export interface AudienceFields {
  name: string;
  description: string;
  definition: RuleCombination;
}

export interface LyticsAudienceFields {
  name: string;
  description: string;
  slug: string;
}

export function listAudiences(context: ProjectContext): Reply {
  const withLytics = context.query.get("includeLyticsAudiences") === "true";
  const audiences = [...context.project.audiences.values()].filter(
    (audience) => withLytics || audience.source !== "LYTICS",
  );
  return { status: 200, body: audiences };
}

export function createAudience(context: ProjectContext): Reply {
  const fields = parseAudienceBody(context.body, context.project);
  const audience = addAudience(
    context.store,
    context.project,
    fields,
    context.user,
  );
  return { status: 201, body: audience };
}

export function updateAudience(context: ProjectContext): Reply {
  const audience = findDefinedAudience(context);
  const fields = parseAudienceBody(context.body, context.project);

  Object.assign(audience, fields);
  touch(audience, context.user);
  return { status: 200, body: audience };
}

export function deleteAudience(context: ProjectContext): Reply {
  const audience = findDefinedAudience(context);
  const referrer = audienceReferrer(context.project, audience.uid);
  if (referrer) {
    throw badRequest(`${CODE}.IN_USE`, {
      uid: `Audience "${audience.name}" is used by ${referrer}`,
    });
  }
  context.project.audiences.delete(audience.uid);
  return { status: 204 };
}

/** Stores an audience after the checks POST /audiences makes. */
export function addAudience(
  store: Store,
  project: ProjectState,
  fields: AudienceFields,
  user: User,
): Audience {
  // INFERRED, strict reading: Lytics audiences count towards the cap too.
  assertCapacity(store, project.audiences.size, CODE, "audiences");
  const audience: Audience = {
    ...stamp(project.project.uid, user),
    ...fields,
  };
  project.audiences.set(audience.uid, audience);
  return audience;
}

/**
 * Stores a Lytics audience as the Lytics sync would; the API itself cannot.
 * Their uids are 32 hex, not ObjectIds.
 */
export function addLyticsAudience(
  store: Store,
  project: ProjectState,
  fields: LyticsAudienceFields,
  user: User,
): Audience {
  assertCapacity(store, project.audiences.size, CODE, "audiences");
  const uid = newLyticsUid();
  const audience: Audience = {
    ...stamp(project.project.uid, user),
    _id: uid,
    uid,
    ...fields,
    source: "LYTICS",
  };
  project.audiences.set(uid, audience);
  return audience;
}

export function parseAudienceBody(
  body: unknown,
  project: ProjectState,
): AudienceFields {
  if (!isRecord(body)) throw badRequest(`${CODE}.NAME_REQUIRED`);
  if (body.source === "LYTICS") throw lyticsReadOnly();
  if (body.definition === undefined || body.definition === null) {
    throw badRequest(`${CODE}.DEFINITION_REQUIRED`, {
      definition: "definition is required",
    });
  }
  return {
    name: requiredString(body.name, "name", `${CODE}.NAME_REQUIRED`),
    description: optionalDescription(body, CODE),
    definition: parseRuleCombination(body.definition, "definition", {
      project,
      codePrefix: CODE,
    }),
  };
}

function findDefinedAudience(context: ProjectContext): Audience {
  const uid = param(context, "uid");
  const audience = findByUid(context.project.audiences, uid, CODE, "audience");
  if (audience.source === "LYTICS") throw lyticsReadOnly();
  return audience;
}

function lyticsReadOnly() {
  return badRequest(`${CODE}.LYTICS_AUDIENCE_READ_ONLY`, {
    source:
      "Lytics audiences are synced from Lytics and cannot be created, changed or deleted through this API",
  });
}
