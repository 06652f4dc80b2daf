/**
 * The route table. Organization routes are scoped by the organization_uid
 * header, project routes by x-project-uid. Paths not listed here answer the
 * framework's 404 "Cannot GET /path".
 */

import {
  createAttribute,
  deleteAttribute,
  listAttributes,
  updateAttribute,
} from "./attributes.ts";
import {
  createAudience,
  deleteAudience,
  listAudiences,
  updateAudience,
} from "./audiences.ts";
import type { OrganizationContext, ProjectContext, Reply } from "./context.ts";
import { createEvent, deleteEvent, listEvents, updateEvent } from "./events.ts";
import {
  createExperience,
  deleteExperience,
  getExperience,
  listExperiences,
  updateExperience,
} from "./experiences.ts";
import { getPriority, updatePriority } from "./priority.ts";
import { createProject, deleteProject, listProjects } from "./projects.ts";
import {
  createVersion,
  deleteVersion,
  listVersions,
  updateVersion,
} from "./versions.ts";

export type Route =
  | {
      method: string;
      path: string;
      scope: "organization";
      handle: (context: OrganizationContext) => Reply;
    }
  | {
      method: string;
      path: string;
      scope: "project";
      handle: (context: ProjectContext) => Reply;
    };

function organization(
  method: string,
  path: string,
  handle: (context: OrganizationContext) => Reply,
): Route {
  return { method, path, scope: "organization", handle };
}

function project(
  method: string,
  path: string,
  handle: (context: ProjectContext) => Reply,
): Route {
  return { method, path, scope: "project", handle };
}

const ROUTES: readonly Route[] = [
  organization("GET", "/projects", listProjects),
  organization("POST", "/projects", createProject),
  organization("DELETE", "/projects/:uid", deleteProject),

  project("GET", "/attributes", listAttributes),
  project("POST", "/attributes", createAttribute),
  project("PUT", "/attributes/:uid", updateAttribute),
  project("DELETE", "/attributes/:uid", deleteAttribute),

  project("GET", "/audiences", listAudiences),
  project("POST", "/audiences", createAudience),
  project("PUT", "/audiences/:uid", updateAudience),
  project("DELETE", "/audiences/:uid", deleteAudience),

  project("GET", "/events", listEvents),
  project("POST", "/events", createEvent),
  project("PUT", "/events/:uid", updateEvent),
  project("DELETE", "/events/:uid", deleteEvent),

  project("GET", "/experiences", listExperiences),
  project("POST", "/experiences", createExperience),
  project("GET", "/experiences/:uid", getExperience),
  project("PUT", "/experiences/:uid", updateExperience),
  project("DELETE", "/experiences/:uid", deleteExperience),

  project("GET", "/experiences/:uid/versions", listVersions),
  project("POST", "/experiences/:uid/versions", createVersion),
  project("PUT", "/experiences/:uid/versions/:versionUid", updateVersion),
  project("DELETE", "/experiences/:uid/versions/:versionUid", deleteVersion),

  project("GET", "/experiences-priority", getPriority),
  project("PUT", "/experiences-priority", updatePriority),
];

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(
  method: string,
  path: string,
): RouteMatch | undefined {
  // Like the framework's non-strict routing, one trailing slash is ignored.
  const segments = path.replace(/(.)\/$/, "$1").split("/");
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.path.split("/"), segments);
    if (params) return { route, params };
  }
  return undefined;
}

function matchPath(
  pattern: string[],
  segments: string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      if (segment === "") return undefined;
      const value = decodeSegment(segment);
      if (value === undefined) return undefined;
      params[part.slice(1)] = value;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
