import type { ProjectApi } from "../personalize/api.ts";
import type {
  Attribute,
  Audience,
  Event,
  Experience,
  Version,
} from "../personalize/schemas.ts";

/** Everything a project holds that a clone reads, keyed as the API keys it. */
export interface ProjectContents {
  attributes: Attribute[];
  audiences: Audience[];
  events: Event[];
  experiences: Experience[];
  /** Versions of each experience that was read, newest first. */
  versions: Map<string, Version[]>;
  /** Experience uids, highest priority first. */
  priority: string[];
}

/** A project's lists, before any experience's versions are read. */
export type ProjectLists = Omit<ProjectContents, "versions">;

/** One list per entity type and the priority, all started at once. */
export async function readLists(api: ProjectApi): Promise<ProjectLists> {
  const [attributes, audiences, events, experiences, priority] =
    await Promise.all([
      api.listAttributes(),
      api.listAudiences(),
      api.listEvents(),
      api.listExperiences(),
      api.getPriority(),
    ]);
  return {
    attributes,
    audiences,
    events,
    experiences,
    priority: priority.priorityOrder,
  };
}

/** Adds the versions of the experiences `versionsOf` picks, read at once. */
export async function withVersions(
  api: ProjectApi,
  lists: ProjectLists,
  versionsOf: (experience: Experience) => boolean = () => true,
): Promise<ProjectContents> {
  const wanted = lists.experiences.filter(versionsOf);
  const found = await Promise.all(
    wanted.map((experience) => api.listVersions(experience.uid)),
  );
  const versions = new Map<string, Version[]>();
  wanted.forEach((experience, index) => {
    versions.set(experience.uid, found[index] ?? []);
  });
  return { ...lists, versions };
}

/**
 * Reads a whole project in the fewest requests the API allows: one list per
 * entity type, the priority, and one version list per experience, paced by
 * the client's request budget.
 */
export async function extractProject(
  api: ProjectApi,
  versionsOf?: (experience: Experience) => boolean,
): Promise<ProjectContents> {
  return withVersions(api, await readLists(api), versionsOf);
}

/** A project with nothing in it, as a destination that does not exist yet. */
export function emptyProject(): ProjectContents {
  return {
    attributes: [],
    audiences: [],
    events: [],
    experiences: [],
    versions: new Map(),
    priority: [],
  };
}

/** The live version (ACTIVE or PAUSED) and the draft of an experience. */
export function liveAndDraft(versions: readonly Version[]): {
  live: Version | undefined;
  draft: Version | undefined;
} {
  return {
    live: versions.find(
      (version) => version.status === "ACTIVE" || version.status === "PAUSED",
    ),
    draft: versions.find((version) => version.status === "DRAFT"),
  };
}
