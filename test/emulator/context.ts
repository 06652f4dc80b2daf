/** What a route handler receives and answers. */

import type { ProjectState, Store, User } from "./store.ts";

interface BaseContext {
  store: Store;
  user: User;
  /** Path parameters by name, e.g. `uid`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body of a POST or PUT; undefined otherwise. */
  body: unknown;
}

/** Routes under /projects, scoped by the organization_uid header. */
export interface OrganizationContext extends BaseContext {
  organizationUid: string;
}

/** Routes scoped by the x-project-uid header. */
export interface ProjectContext extends BaseContext {
  project: ProjectState;
}

export interface Reply {
  status: number;
  /** JSON body; absent for 204. */
  body?: unknown;
}

export function param(context: BaseContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`Route has no :${name} parameter`);
  return value;
}
