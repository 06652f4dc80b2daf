/**
 * The in-memory state behind the emulator: organizations, users and the
 * projects with everything they hold. Maps keep insertion order, which is
 * the creation order list endpoints answer in.
 */

import { badRequest } from "./errors.ts";
import { newBltUid, newObjectId, newToken, nowIso } from "./ids.ts";
import type {
  Attribute,
  Audience,
  Audit,
  Event,
  Experience,
  Project,
  Version,
} from "./model.ts";
import { PRESET_ATTRIBUTES } from "./presets.ts";

export type AuthType = "authtoken" | "oauth";

export interface Organization {
  uid: string;
  name: string;
}

export interface User {
  uid: string;
  name: string;
  token: string;
  /** Where the token is accepted: `authtoken` header or `Bearer`. */
  authType: AuthType;
  organizations: ReadonlySet<string>;
}

/** What an experience stores; status and latestVersion are derived. */
export type StoredExperience = Omit<Experience, "status" | "latestVersion">;

export interface ExperienceRecord {
  experience: StoredExperience;
  /** Oldest first. */
  versions: Version[];
  /** Variant shortUids below this were issued in this experience. */
  nextVariantShortUid: number;
}

export interface ProjectState {
  project: Project;
  attributes: Map<string, Attribute>;
  audiences: Map<string, Audience>;
  events: Map<string, Event>;
  experiences: Map<string, ExperienceRecord>;
  /** Experience uids, highest priority first. */
  priority: string[];
  /** Experience shortUids are per project and never reused. */
  nextExperienceShortUid: number;
}

export interface StoreLimits {
  maxEntitiesPerProject: number;
  maxProjectsPerOrganization: number;
}

export interface ProjectFields {
  name: string;
  description: string;
  connectedStackApiKey?: string;
}

export class Store {
  readonly organizations = new Map<string, Organization>();
  readonly projects = new Map<string, ProjectState>();
  readonly limits: StoreLimits;
  /** Author of what is created without a request: projects and seeds. */
  readonly systemUser: User;
  readonly #usersByToken = new Map<string, User>();

  constructor(limits: StoreLimits) {
    this.limits = limits;
    this.systemUser = {
      uid: newBltUid(),
      name: "Emulator",
      token: "",
      authType: "authtoken",
      organizations: new Set(),
    };
  }

  addOrganization(name?: string): Organization {
    const uid = newBltUid();
    const organization = { uid, name: name ?? `Organization ${uid}` };
    this.organizations.set(uid, organization);
    return organization;
  }

  addUser(options: {
    organizations: string[];
    authType?: AuthType;
    name?: string;
  }): User {
    for (const organizationUid of options.organizations) {
      if (!this.organizations.has(organizationUid)) {
        throw new Error(`Unknown organization "${organizationUid}"`);
      }
    }
    const uid = newBltUid();
    const user: User = {
      uid,
      name: options.name ?? `User ${uid}`,
      token: newToken(),
      authType: options.authType ?? "authtoken",
      organizations: new Set(options.organizations),
    };
    this.#usersByToken.set(user.token, user);
    return user;
  }

  userByToken(token: string): User | undefined {
    return this.#usersByToken.get(token);
  }

  projectsOf(organizationUid: string): ProjectState[] {
    return [...this.projects.values()].filter(
      (state) => state.project.organizationUid === organizationUid,
    );
  }

  /** Creates a project with its PRESET attributes, as POST /projects does. */
  createProject(
    organizationUid: string,
    fields: ProjectFields,
    user: User,
  ): ProjectState {
    if (!this.organizations.has(organizationUid)) {
      throw new Error(`Unknown organization "${organizationUid}"`);
    }
    const siblings = this.projectsOf(organizationUid);
    if (siblings.some((state) => state.project.name === fields.name)) {
      throw badRequest("personalize.PROJECTS.DUPLICATE_NAME", {
        name: `A project named "${fields.name}" already exists in this organization`,
      });
    }
    // The documented default is 3 projects an organization; the exact error
    // code is not documented.
    if (siblings.length >= this.limits.maxProjectsPerOrganization) {
      throw badRequest("personalize.PROJECTS.LIMIT_EXCEEDED", {
        name: `An organization can hold at most ${this.limits.maxProjectsPerOrganization} projects`,
      });
    }

    const uid = newObjectId();
    const at = nowIso();
    const project: Project = {
      _id: uid,
      uid,
      name: fields.name,
      description: fields.description,
      organizationUid,
      ...(fields.connectedStackApiKey === undefined
        ? {}
        : { connectedStackApiKey: fields.connectedStackApiKey }),
      createdAt: at,
      updatedAt: at,
      createdBy: user.uid,
      updatedBy: user.uid,
    };
    const state: ProjectState = {
      project,
      attributes: new Map(),
      audiences: new Map(),
      events: new Map(),
      experiences: new Map(),
      priority: [],
      nextExperienceShortUid: 0,
    };
    for (const preset of PRESET_ATTRIBUTES) {
      const attribute: Attribute = {
        ...stamp(uid, this.systemUser),
        key: preset.key,
        name: preset.name,
        description: preset.description,
        __type: "PRESET",
      };
      state.attributes.set(attribute.uid, attribute);
    }
    this.projects.set(uid, state);
    return state;
  }

  deleteProject(uid: string): void {
    this.projects.delete(uid);
  }
}

/**
 * Refuses a create once a project holds `count` entities of a kind, the
 * configured per-project cap (documented default 100).
 */
export function assertCapacity(
  store: Store,
  count: number,
  codePrefix: string,
  what: string,
): void {
  const max = store.limits.maxEntitiesPerProject;
  if (count >= max) {
    throw badRequest(`${codePrefix}.LIMIT_EXCEEDED`, {
      [what]: `A project can hold at most ${max} ${what}`,
    });
  }
}

/** Audit fields of an entity created now by `user` in `projectUid`. */
export function stamp(projectUid: string, user: User): Audit {
  const uid = newObjectId();
  const at = nowIso();
  return {
    _id: uid,
    uid,
    project: projectUid,
    createdAt: at,
    updatedAt: at,
    createdBy: user.uid,
    updatedBy: user.uid,
  };
}

export function touch(
  entity: { updatedAt: string; updatedBy: string },
  user: User,
): void {
  entity.updatedAt = nowIso();
  entity.updatedBy = user.uid;
}
