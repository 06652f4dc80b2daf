/**
 * /attributes: the project's PRESET attributes (read-only) and its CUSTOM
 * ones, whose keys are unique among both.
 */

import {
  isRecord,
  optionalDescription,
  requiredString,
} from "./body-fields.ts";
import { assertKeyIsFree, findByUid } from "./collection.ts";
import { type ProjectContext, param, type Reply } from "./context.ts";
import { badRequest } from "./errors.ts";
import type { Attribute } from "./model.ts";
import { attributeReferrer } from "./references.ts";
import {
  assertCapacity,
  type ProjectState,
  type Store,
  stamp,
  touch,
  type User,
} from "./store.ts";

const CODE = "personalize.ATTRIBUTES";

export interface AttributeFields {
  name: string;
  key: string;
  description: string;
}

export function listAttributes(context: ProjectContext): Reply {
  return { status: 200, body: [...context.project.attributes.values()] };
}

export function createAttribute(context: ProjectContext): Reply {
  const fields = parseAttributeBody(context.body);
  const attribute = addAttribute(
    context.store,
    context.project,
    fields,
    context.user,
  );
  return { status: 201, body: attribute };
}

export function updateAttribute(context: ProjectContext): Reply {
  const attribute = findCustomAttribute(context, "update");
  const fields = parseAttributeBody(context.body);
  assertKeyIsFree(
    context.project.attributes,
    fields.key,
    CODE,
    "attribute",
    attribute.uid,
  );

  Object.assign(attribute, fields);
  touch(attribute, context.user);
  return { status: 200, body: attribute };
}

export function deleteAttribute(context: ProjectContext): Reply {
  const attribute = findCustomAttribute(context, "delete");
  // INFERRED, strict reading: a referenced attribute cannot be deleted.
  const referrer = attributeReferrer(context.project, attribute.uid);
  if (referrer) {
    throw badRequest(`${CODE}.IN_USE`, {
      uid: `Attribute "${attribute.key}" is used by ${referrer}`,
    });
  }
  context.project.attributes.delete(attribute.uid);
  return { status: 204 };
}

/** Stores a CUSTOM attribute after the checks POST /attributes makes. */
export function addAttribute(
  store: Store,
  project: ProjectState,
  fields: AttributeFields,
  user: User,
): Attribute {
  const customCount = [...project.attributes.values()].filter(
    (attribute) => attribute.__type === "CUSTOM",
  ).length;
  assertCapacity(store, customCount, CODE, "custom attributes");
  // INFERRED: keys are unique among CUSTOM and PRESET keys alike.
  assertKeyIsFree(project.attributes, fields.key, CODE, "attribute");

  const attribute: Attribute = {
    ...stamp(project.project.uid, user),
    ...fields,
    __type: "CUSTOM",
  };
  project.attributes.set(attribute.uid, attribute);
  return attribute;
}

export function parseAttributeBody(body: unknown): AttributeFields {
  if (!isRecord(body)) throw badRequest(`${CODE}.NAME_REQUIRED`);
  return {
    name: requiredString(body.name, "name", `${CODE}.NAME_REQUIRED`),
    key: requiredString(body.key, "key", `${CODE}.KEY_REQUIRED`),
    description: optionalDescription(body, CODE),
  };
}

function findCustomAttribute(
  context: ProjectContext,
  action: "update" | "delete",
): Attribute {
  const attribute = findByUid(
    context.project.attributes,
    param(context, "uid"),
    CODE,
    "attribute",
  );
  if (attribute.__type === "PRESET") {
    throw badRequest(
      `${CODE}.CANNOT_${action.toUpperCase()}_PRESET_ATTRIBUTE`,
      {
        uid: `Preset attribute "${attribute.key}" cannot be ${action}d`,
      },
    );
  }
  return attribute;
}
