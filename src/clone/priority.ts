/**
 * The experience priority order: cloned experiences take the source order,
 * and experiences that exist only in the destination keep their relative
 * order after them.
 */
import type { ProjectContents } from "./extract.ts";
import type { ExperienceTask } from "./plan.ts";
import { LEFT_OUT } from "./select.ts";
import type { Plan, PriorityPlan } from "./types.ts";

/** Whether a source experience has, or will have, a destination twin. */
function isCloned(task: ExperienceTask): boolean {
  return (
    task.entry.action === "create" ||
    (task.entry.destinationUid !== undefined &&
      task.entry.reason !== LEFT_OUT.byInclude &&
      task.entry.reason !== LEFT_OUT.byExperiences)
  );
}

/**
 * The destination order, in destination uids. `destinationOf` gives the
 * twin of a cloned source experience, or a placeholder before it exists.
 */
export function desiredPriority(
  sourcePriority: readonly string[],
  tasks: readonly ExperienceTask[],
  destinationPriority: readonly string[],
  destinationOf: (sourceUid: string) => string | undefined,
): string[] {
  const cloned = new Map(
    tasks.filter(isCloned).map((task) => [task.source.uid, task]),
  );
  const order: string[] = [];
  for (const sourceUid of sourcePriority) {
    if (!cloned.has(sourceUid)) continue;
    const uid = destinationOf(sourceUid);
    if (uid !== undefined) order.push(uid);
  }
  const taken = new Set(order);
  for (const uid of destinationPriority) {
    if (!taken.has(uid)) order.push(uid);
  }
  return order;
}

export function planPriority(
  source: ProjectContents,
  destination: ProjectContents,
  tasks: readonly ExperienceTask[],
  settings: Plan["settings"],
): PriorityPlan {
  const names = new Map<string, string>();
  for (const e of destination.experiences) names.set(e.uid, e.name);
  for (const task of tasks) {
    names.set(`(new ${task.source.uid})`, task.source.name);
  }

  const order = desiredPriority(
    source.priority,
    tasks,
    destination.priority,
    (sourceUid) => {
      const task = tasks.find((t) => t.source.uid === sourceUid);
      return task?.entry.destinationUid ?? `(new ${sourceUid})`;
    },
  );
  const labels = order.map((uid) => names.get(uid) ?? uid);
  if (!settings.include.includes("experiences")) {
    return { action: "skip", order: labels };
  }
  const isSame =
    order.length === destination.priority.length &&
    order.every((uid, index) => destination.priority[index] === uid);
  return { action: isSame ? "unchanged" : "update", order: labels };
}
