/**
 * Reads the source project and what the plan needs of the destination, at
 * the same time: the two sides are separate organizations with separate
 * request budgets, so neither waits for the other.
 */
import { ProjectApi } from "../personalize/api.ts";
import type { PersonalizeClient } from "../personalize/client.ts";
import { InputError } from "../personalize/errors.ts";
import { findDestinationProject } from "./destination-project.ts";
import type { ProjectContents, ProjectLists } from "./extract.ts";
import { emptyProject, readLists, withVersions } from "./extract.ts";
import type { Mapping } from "./mapping.ts";
import { readMapping } from "./mapping.ts";
import type { CloneOptions, PlanProject } from "./types.ts";

export interface ProjectsRead {
  source: ProjectContents;
  destination: ProjectContents;
  project: PlanProject;
  /** The mapping an earlier run saved, if any. */
  saved: Mapping | undefined;
}

export async function readProjects(
  options: CloneOptions,
  clients: { source: PersonalizeClient; destination: PersonalizeClient },
): Promise<ProjectsRead> {
  const { source, destination, log } = options;
  const sourceApi = new ProjectApi(clients.source, source.projectUid);

  const finding = findDestinationProject(clients.destination, destination);
  const destinationApi = finding.then((project) =>
    project.action === "use"
      ? new ProjectApi(clients.destination, project.uid)
      : undefined,
  );
  // The destination's lists need nothing from the source: read both at once.
  const [sourceLists, project, saved, destinationLists] = await Promise.all([
    readLists(sourceApi),
    finding,
    readMapping(options.mappingFile, source.projectUid),
    destinationApi.then((api) => (api ? readLists(api) : undefined)),
  ]);
  checkDestination(options, project, saved);

  // Only experiences the source could match need their versions read.
  const known = new Set(Object.values(saved?.experiences ?? {}));
  const names = new Set(sourceLists.experiences.map((e) => e.name));
  const api = await destinationApi;
  const [sourceContents, destinationContents] = await Promise.all([
    withVersions(sourceApi, sourceLists),
    api && destinationLists
      ? withVersions(
          api,
          destinationLists,
          (e) => known.has(e.uid) || names.has(e.name),
        )
      : emptyProject(),
  ]);

  log.info(`source: ${describeCounts(sourceContents)}`);
  log.info(
    project.action === "use"
      ? `destination project ${project.uid}: ${describeCounts(destinationContents)}`
      : `destination project "${project.name}" does not exist yet: it will be created`,
  );
  return {
    source: sourceContents,
    destination: destinationContents,
    project,
    saved,
  };
}

function describeCounts(project: ProjectLists): string {
  return (
    `${project.attributes.length} attributes, ` +
    `${project.audiences.length} audiences, ` +
    `${project.events.length} events and ` +
    `${project.experiences.length} experiences`
  );
}

/** Refuses a destination that is the source, or another pair's mapping. */
function checkDestination(
  options: CloneOptions,
  project: PlanProject,
  saved: Mapping | undefined,
) {
  const { source, destination, mappingFile } = options;
  if (
    project.uid === source.projectUid &&
    source.baseUrl === destination.baseUrl
  ) {
    throw new InputError(
      "destination-project-uid",
      "The destination project is the source project: name another " +
        "destination-project-uid or destination-project-name.",
    );
  }
  // A project about to be created cannot be the one a saved mapping names.
  if (saved && saved.destination.projectUid !== project.uid) {
    const destinationNow =
      project.uid === "" ? `a new project "${project.name}"` : project.uid;
    throw new InputError(
      "mapping-file",
      `Input "mapping-file" names ${mappingFile}, which maps to ` +
        `destination project ${saved.destination.projectUid}, not ` +
        `${destinationNow}: name a mapping file of its own for each ` +
        "destination.",
    );
  }
}
