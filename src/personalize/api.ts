/**
 * The Management API endpoints the cloner uses, one typed method each, so
 * that no other module writes a path, a header or a response schema.
 */

import { z } from "zod";

import type { PersonalizeClient } from "./client.ts";
import {
  type Attribute,
  AttributeListSchema,
  AttributeSchema,
  type Audience,
  AudienceListSchema,
  AudienceSchema,
  type Event,
  EventListSchema,
  EventSchema,
  type Experience,
  ExperienceListSchema,
  ExperienceSchema,
  type Priority,
  PrioritySchema,
  type Project,
  ProjectListSchema,
  ProjectSchema,
  type Version,
  VersionListSchema,
  VersionSchema,
} from "./schemas.ts";

/** What `POST`/`PUT /attributes` accepts. */
export interface AttributeInput {
  name: string;
  key: string;
  description?: string;
}

/** What `POST`/`PUT /audiences` accepts. */
export type AudienceInput = Pick<Audience, "name" | "description"> & {
  definition: NonNullable<Audience["definition"]>;
};

/** What `POST`/`PUT /events` accepts. */
export interface EventInput {
  key: string;
  description?: string;
}

/** What `POST`/`PUT /experiences` accepts; variants go on versions. */
export type ExperienceInput = Pick<
  Experience,
  "name" | "description" | "__type" | "tags"
>;

/** A version's content: `PUT` replaces all of it, so send all of it. */
export type VersionInput = Pick<
  Version,
  "status" | "variants" | "variantSplit" | "metrics" | "targeting"
>;

/** What `POST /projects` accepts. */
export interface ProjectInput {
  name: string;
  description?: string;
  /** API key of the stack the project's variants live in. */
  connectedStackApiKey?: string;
}

/** The endpoints of one project (sent as the `x-project-uid` header). */
export class ProjectApi {
  readonly client: PersonalizeClient;
  readonly projectUid: string;

  constructor(client: PersonalizeClient, projectUid: string) {
    this.client = client;
    this.projectUid = projectUid;
  }

  /** Preset and custom attributes. */
  listAttributes(): Promise<Attribute[]> {
    return this.#get("/attributes", AttributeListSchema);
  }

  createAttribute(body: AttributeInput): Promise<Attribute> {
    return this.#write("POST", "/attributes", body, AttributeSchema, {
      entity: `attribute "${body.key}"`,
    });
  }

  updateAttribute(uid: string, body: AttributeInput): Promise<Attribute> {
    return this.#write(
      "PUT",
      `/attributes/${segment(uid)}`,
      body,
      AttributeSchema,
      {
        entity: `attribute "${body.key}"`,
      },
    );
  }

  /** All audiences, Lytics-synced ones included (they carry `source`). */
  listAudiences(): Promise<Audience[]> {
    return this.#get("/audiences", AudienceListSchema, {
      includeLyticsAudiences: "true",
    });
  }

  createAudience(body: AudienceInput): Promise<Audience> {
    return this.#write("POST", "/audiences", body, AudienceSchema, {
      entity: `audience "${body.name}"`,
    });
  }

  updateAudience(uid: string, body: AudienceInput): Promise<Audience> {
    return this.#write(
      "PUT",
      `/audiences/${segment(uid)}`,
      body,
      AudienceSchema,
      {
        entity: `audience "${body.name}"`,
      },
    );
  }

  listEvents(): Promise<Event[]> {
    return this.#get("/events", EventListSchema);
  }

  createEvent(body: EventInput): Promise<Event> {
    return this.#write("POST", "/events", body, EventSchema, {
      entity: `event "${body.key}"`,
    });
  }

  updateEvent(uid: string, body: EventInput): Promise<Event> {
    return this.#write("PUT", `/events/${segment(uid)}`, body, EventSchema, {
      entity: `event "${body.key}"`,
    });
  }

  listExperiences(): Promise<Experience[]> {
    return this.#get("/experiences", ExperienceListSchema);
  }

  /** Also creates the experience's empty DRAFT version (`latestVersion`). */
  createExperience(body: ExperienceInput): Promise<Experience> {
    return this.#write("POST", "/experiences", body, ExperienceSchema, {
      entity: `experience "${body.name}"`,
    });
  }

  /** Experience-level fields only; variants change through versions. */
  updateExperience(uid: string, body: ExperienceInput): Promise<Experience> {
    const path = `/experiences/${segment(uid)}`;
    return this.#write("PUT", path, body, ExperienceSchema, {
      entity: `experience "${body.name}"`,
    });
  }

  /** Every version of an experience, archived ones included. */
  listVersions(experienceUid: string): Promise<Version[]> {
    const path = `/experiences/${segment(experienceUid)}/versions`;
    return this.#get(path, VersionListSchema);
  }

  /**
   * Adds a version; the API refuses a second DRAFT, so update the existing
   * draft instead. `experienceName` only improves error messages.
   */
  createVersion(
    experienceUid: string,
    body: VersionInput,
    experienceName?: string,
  ): Promise<Version> {
    const path = `/experiences/${segment(experienceUid)}/versions`;
    return this.#write("POST", path, body, VersionSchema, {
      entity: describeVersion(body.status, experienceUid, experienceName),
    });
  }

  /** Replaces a version's content and status (DRAFT → ACTIVE → PAUSED). */
  updateVersion(
    experienceUid: string,
    versionUid: string,
    body: VersionInput,
    experienceName?: string,
  ): Promise<Version> {
    const path = `/experiences/${segment(experienceUid)}/versions/${segment(versionUid)}`;
    return this.#write("PUT", path, body, VersionSchema, {
      entity: describeVersion(body.status, experienceUid, experienceName),
    });
  }

  /** Experience uids in decreasing priority. */
  getPriority(): Promise<Priority> {
    return this.#get("/experiences-priority", PrioritySchema);
  }

  /** Must list every experience of the project, highest priority first. */
  async setPriority(order: string[]): Promise<void> {
    // What the API answers here is not documented; nothing is read from it.
    await this.#write(
      "PUT",
      "/experiences-priority",
      { priorityOrder: order },
      z.unknown(),
      {
        entity: "the experience priority order",
      },
    );
  }

  #get<T>(
    path: string,
    schema: z.ZodType<T>,
    query?: Record<string, string>,
  ): Promise<T> {
    return this.client.request({
      method: "GET",
      path,
      projectUid: this.projectUid,
      schema,
      ...(query ? { query } : {}),
    });
  }

  #write<T>(
    method: "POST" | "PUT",
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    { entity }: { entity: string },
  ): Promise<T> {
    const projectUid = this.projectUid;
    return this.client.request({
      method,
      path,
      projectUid,
      body,
      schema,
      entity,
    });
  }
}

/** The endpoints of one organization (sent as `organization_uid`). */
export class OrganizationApi {
  readonly client: PersonalizeClient;
  readonly organizationUid: string;

  constructor(client: PersonalizeClient, organizationUid: string) {
    this.client = client;
    this.organizationUid = organizationUid;
  }

  /** Every project of the organization the token's user can see. */
  listProjects(): Promise<Project[]> {
    return this.client.request({
      method: "GET",
      path: "/projects",
      organizationUid: this.organizationUid,
      schema: ProjectListSchema,
    });
  }

  /** Needs an organization Owner or Admin; names are unique per org. */
  createProject(body: ProjectInput): Promise<Project> {
    return this.client.request({
      method: "POST",
      path: "/projects",
      organizationUid: this.organizationUid,
      body,
      schema: ProjectSchema,
      entity: `project "${body.name}"`,
    });
  }
}

/** A uid as one path segment. */
function segment(uid: string): string {
  return encodeURIComponent(uid);
}

function describeVersion(
  status: string,
  experienceUid: string,
  experienceName: string | undefined,
): string {
  const experience = experienceName ?? experienceUid;
  return `${status} version of experience "${experience}"`;
}
