/**
 * Finds the destination project: the one named by uid, or the one with the
 * given name in the given organization, which is created when missing.
 */

import { OrganizationApi } from "../personalize/api.ts";
import type { PersonalizeClient } from "../personalize/client.ts";
import { AmbiguousWriteError } from "../personalize/errors.ts";
import type { CloneLog, DestinationOptions, PlanProject } from "./types.ts";

/** Finds the project, without creating it. */
export async function findDestinationProject(
  client: PersonalizeClient,
  destination: DestinationOptions,
): Promise<PlanProject> {
  if (destination.projectUid !== "") {
    return { uid: destination.projectUid, name: "", action: "use" };
  }
  const organization = new OrganizationApi(client, destination.organizationUid);
  const projects = await organization.listProjects();
  const found = projects.find((p) => p.name === destination.projectName);
  return found
    ? { uid: found.uid, name: found.name, action: "use" }
    : { uid: "", name: destination.projectName, action: "create" };
}

/**
 * Creates the project the plan said to create. Project names are unique
 * per organization, so a create whose outcome is unknown is settled by
 * looking the name up.
 */
export async function createDestinationProject(
  client: PersonalizeClient,
  destination: DestinationOptions,
  log: CloneLog,
): Promise<string> {
  const organization = new OrganizationApi(client, destination.organizationUid);
  const body = {
    name: destination.projectName,
    description: "Cloned by the Personalize clone action",
    ...(destination.stackApiKey !== ""
      ? { connectedStackApiKey: destination.stackApiKey }
      : {}),
  };
  try {
    return (await organization.createProject(body)).uid;
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError)) throw error;
    log.info(
      `create project "${destination.projectName}": the API did not ` +
        `confirm the write (${error.message}); looking the name up to ` +
        "see whether it landed",
    );
    const projects = await organization.listProjects();
    const found = projects.find((p) => p.name === destination.projectName);
    if (found) return found.uid;
    return (await organization.createProject(body)).uid;
  }
}
