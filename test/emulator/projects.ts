/**
 * /projects: list, create and delete the projects of the organization named
 * by the organization_uid header. Not in the published OpenAPI; shapes come
 * from the Contentstack CLI and SDK test suites.
 */

import {
  isRecord,
  optionalDescription,
  requiredString,
} from "./body-fields.ts";
import { type OrganizationContext, param, type Reply } from "./context.ts";
import { badRequest, notFound } from "./errors.ts";
import { experienceStatus } from "./experience-view.ts";
import type { ProjectFields, ProjectState } from "./store.ts";

const CODE = "personalize.PROJECTS";

export function listProjects(context: OrganizationContext): Reply {
  const { query } = context;
  const stackApiKey = query.get("connectedStackApiKey");
  const projects = context.store
    .projectsOf(context.organizationUid)
    .filter(
      (state) =>
        stackApiKey === null ||
        state.project.connectedStackApiKey === stackApiKey,
    )
    .map((state) => ({
      ...state.project,
      ...(query.get("includeAudienceCount") === "true"
        ? { audienceCount: state.audiences.size }
        : {}),
      ...(query.get("includeActiveExperienceCount") === "true"
        ? { activeExperienceCount: activeExperienceCount(state) }
        : {}),
    }));
  return { status: 200, body: projects };
}

export function createProject(context: OrganizationContext): Reply {
  const fields = parseProjectBody(context.body);
  const state = context.store.createProject(
    context.organizationUid,
    fields,
    context.user,
  );
  return { status: 201, body: state.project };
}

export function deleteProject(context: OrganizationContext): Reply {
  const uid = param(context, "uid");
  const state = context.store.projects.get(uid);
  if (!state || state.project.organizationUid !== context.organizationUid) {
    throw notFound(`${CODE}.NOT_FOUND`, { uid: `No project "${uid}"` });
  }
  context.store.deleteProject(uid);
  return { status: 204 };
}

export function parseProjectBody(body: unknown): ProjectFields {
  if (!isRecord(body)) throw badRequest(`${CODE}.NAME_REQUIRED`);
  const fields: ProjectFields = {
    name: requiredString(body.name, "name", `${CODE}.NAME_REQUIRED`),
    description: optionalDescription(body, CODE),
  };
  if (body.connectedStackApiKey !== undefined) {
    fields.connectedStackApiKey = requiredString(
      body.connectedStackApiKey,
      "connectedStackApiKey",
      `${CODE}.INVALID_CONNECTED_STACK_API_KEY`,
    );
  }
  return fields;
}

function activeExperienceCount(state: ProjectState): number {
  return [...state.experiences.values()].filter(
    (record) => experienceStatus(record) === "ACTIVE",
  ).length;
}
