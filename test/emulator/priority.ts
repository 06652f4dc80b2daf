/**
 * /experiences-priority: the order experiences are evaluated in, highest
 * first. A PUT must name every experience of the project exactly once.
 */

import { isRecord } from "./body-fields.ts";
import type { ProjectContext, Reply } from "./context.ts";
import { badRequest } from "./errors.ts";
import type { ProjectState } from "./store.ts";

const CODE = "personalize.EXPERIENCES_PRIORITY";

export function getPriority(context: ProjectContext): Reply {
  return {
    status: 200,
    body: { priorityOrder: [...context.project.priority] },
  };
}

export function updatePriority(context: ProjectContext): Reply {
  const order = isRecord(context.body) ? context.body.priorityOrder : undefined;
  if (!Array.isArray(order) || order.some((uid) => typeof uid !== "string")) {
    throw badRequest(`${CODE}.INVALID_PRIORITY_ORDER`, {
      priorityOrder: "priorityOrder must be an array of experience uids",
    });
  }
  assertCompleteOrder(context.project, order as string[]);

  context.project.priority = [...order];
  return { status: 200, body: { priorityOrder: [...order] } };
}

/** Throws unless `order` lists each experience of the project once. */
export function assertCompleteOrder(
  project: ProjectState,
  order: string[],
): void {
  const seen = new Set<string>();
  for (const uid of order) {
    if (seen.has(uid)) {
      throw badRequest(`${CODE}.DUPLICATE_EXPERIENCES`, {
        priorityOrder: `Experience "${uid}" is listed more than once`,
      });
    }
    seen.add(uid);
    if (!project.experiences.has(uid)) {
      throw badRequest(`${CODE}.UNKNOWN_EXPERIENCES`, {
        priorityOrder: `Experience "${uid}" does not exist in this project`,
      });
    }
  }
  const missing = [...project.experiences.keys()].filter(
    (uid) => !seen.has(uid),
  );
  if (missing.length > 0) {
    throw badRequest(`${CODE}.MISSING_EXPERIENCES`, {
      priorityOrder: `priorityOrder must list every experience; missing ${missing.join(", ")}`,
    });
  }
}
