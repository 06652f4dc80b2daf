/** A deep copy of everything a project holds, as the API would return it. */

import { viewExperience, viewVersions } from "./experience-view.ts";
import type { ProjectSnapshot } from "./model.ts";
import type { ProjectState } from "./store.ts";

export function snapshotProject(state: ProjectState): ProjectSnapshot {
  const { project } = state;
  const records = [...state.experiences.values()];
  return structuredClone({
    project: {
      uid: project.uid,
      name: project.name,
      description: project.description,
      organizationUid: project.organizationUid,
      ...(project.connectedStackApiKey === undefined
        ? {}
        : { connectedStackApiKey: project.connectedStackApiKey }),
    },
    attributes: [...state.attributes.values()],
    audiences: [...state.audiences.values()],
    events: [...state.events.values()],
    experiences: records.map(viewExperience),
    versions: Object.fromEntries(
      records.map((record) => [record.experience.uid, viewVersions(record)]),
    ),
    priority: [...state.priority],
  });
}
