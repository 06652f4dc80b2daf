/**
 * The plan as Markdown, shared by the job summary and the pull-request
 * comment: counts per entity type and action, the entities created, updated
 * and skipped by name, the references dropped, and the priority decision.
 */

import type {
  EntityType,
  Plan,
  PlanAction,
  PlanEntry,
  PriorityPlan,
} from "../clone/types.ts";
import { ENTITY_TYPES } from "../clone/types.ts";

/** Whether the plan is still to happen (dry run, failure) or happened. */
export type Tense = "planned" | "done";

const SINGULAR: Record<EntityType, string> = {
  attributes: "attribute",
  audiences: "audience",
  events: "event",
  experiences: "experience",
};

const HEADINGS: Record<Tense, Record<PlanAction, string>> = {
  planned: {
    create: "To create",
    update: "To update",
    unchanged: "Unchanged",
    skip: "To skip",
  },
  done: {
    create: "Created",
    update: "Updated",
    unchanged: "Unchanged",
    skip: "Skipped",
  },
};

/**
 * Renders the plan with at most `maxRows` rows per table; a table cut short
 * says how many rows were left out.
 */
export function renderPlan(plan: Plan, tense: Tense, maxRows: number): string {
  const byAction = (action: PlanAction) =>
    plan.entries.filter((entry) => entry.action === action);
  const headings = HEADINGS[tense];
  const dropped = plan.entries.filter(
    (entry) => (entry.droppedReferences ?? []).length > 0,
  );

  return [
    renderCounts(plan.entries, headings),
    entityTable(headings.create, byAction("create"), maxRows, false),
    entityTable(headings.update, byAction("update"), maxRows, true),
    entityTable(
      headings.skip,
      groupSkips(byAction("skip")),
      maxRows,
      true,
      byAction("skip").length,
    ),
    droppedTable(dropped, maxRows),
    renderPriority(plan.priority, tense, maxRows),
  ]
    .filter((section) => section !== "")
    .join("\n\n");
}

/**
 * Renders with fewer and fewer rows per table until the text fits
 * `maxBytes`; as a last resort cuts the text itself and says so.
 */
export function fitToSize(
  render: (maxRows: number) => string,
  maxBytes: number,
): string {
  for (const maxRows of [1000, 200, 50, 10, 0]) {
    const text = render(maxRows);
    if (Buffer.byteLength(text) <= maxBytes) {
      return text;
    }
  }

  const note = "\n\n_The rest was cut to stay within the size limit._\n";
  const room = maxBytes - Buffer.byteLength(note);
  const cut = Buffer.from(render(0)).subarray(0, room).toString();
  // A cut through a multi-byte character leaves U+FFFD at the end.
  return `${cut.replace(/\uFFFD$/, "")}${note}`;
}

/** Text safe in a Markdown table cell: no HTML, pipes or line breaks. */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\s*[\r\n]+\s*/g, " ");
}

function renderCounts(
  entries: readonly PlanEntry[],
  headings: Record<PlanAction, string>,
): string {
  const actions: PlanAction[] = ["create", "update", "unchanged", "skip"];
  const count = (type: EntityType | undefined, action: PlanAction) =>
    entries.filter(
      (entry) =>
        entry.action === action && (type === undefined || entry.type === type),
    ).length;

  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const header = row(["Entity", ...actions.map((a) => headings[a])]);
  const rule = row(["---", ...actions.map(() => "---:")]);
  const rows = ENTITY_TYPES.map((type) =>
    row([capitalise(type), ...actions.map((a) => count(type, a))]),
  );
  const total = row([
    "**Total**",
    ...actions.map((a) => `**${count(undefined, a)}**`),
  ]);
  return [header, rule, ...rows, total].join("\n");
}

/** A group of skips this large reads better as one row. */
const MIN_GROUPED_SKIPS = 4;

/** Names listed in a grouped row before "and N more". */
const MAX_NAMES_IN_GROUP = 8;

/**
 * Folds skips of one type that share a reason into one row, so the eight
 * preset attributes, or a hundred entities left out by `include`, do not
 * bury the skips that need reading. Counts above still count each entity.
 */
export function groupSkips(entries: readonly PlanEntry[]): PlanEntry[] {
  const groups = new Map<string, PlanEntry[]>();
  for (const entry of entries) {
    const key = `${entry.type}\u0000${entry.reason ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].flatMap((group) => {
    const [first] = group;
    if (first === undefined || group.length < MIN_GROUPED_SKIPS) return group;
    const names = group.slice(0, MAX_NAMES_IN_GROUP).map((e) => e.label);
    const more = group.length - names.length;
    const label =
      `${group.length} of them: ${names.join(", ")}` +
      (more > 0 ? ` and ${more} more` : "");
    return [{ ...first, label }];
  });
}

function entityTable(
  heading: string,
  entries: readonly PlanEntry[],
  maxRows: number,
  hasReason: boolean,
  total = entries.length,
): string {
  if (entries.length === 0) {
    return "";
  }

  const header = hasReason
    ? "| Type | Name | Reason |\n|---|---|---|"
    : "| Type | Name |\n|---|---|";
  const rows = entries.slice(0, maxRows).map((entry) => {
    const name = `| ${SINGULAR[entry.type]} | ${cell(entry.label)} |`;
    return hasReason ? `${name} ${cell(entry.reason ?? "")} |` : name;
  });
  return [
    `#### ${heading} (${total})`,
    "",
    header,
    ...rows,
    leftOut(entries.length, maxRows),
  ]
    .filter((line) => line !== undefined)
    .join("\n");
}

function droppedTable(entries: readonly PlanEntry[], maxRows: number): string {
  const rows = entries.flatMap((entry) =>
    (entry.droppedReferences ?? []).map(
      (reference) =>
        `| ${SINGULAR[entry.type]} | ${cell(entry.label)} | ${cell(reference)} |`,
    ),
  );
  if (rows.length === 0) {
    return "";
  }

  return [
    `#### References dropped (${rows.length})`,
    "",
    "These cannot exist in the destination, so the copies go without them.",
    "",
    "| Type | Name | Dropped reference |\n|---|---|---|",
    ...rows.slice(0, maxRows),
    leftOut(rows.length, maxRows),
  ]
    .filter((line) => line !== undefined)
    .join("\n");
}

function renderPriority(
  priority: PriorityPlan,
  tense: Tense,
  maxRows: number,
): string {
  const decision = {
    planned: {
      update: "will be set to this order",
      unchanged: "already has this order",
      skip: "will be left as it is",
    },
    done: {
      update: "was set to this order",
      unchanged: "already had this order",
      skip: "was left as it is",
    },
  }[tense][priority.action];

  const lines = [
    `#### Priority`,
    "",
    `The destination's priority ${decision}.`,
  ];
  if (priority.action !== "skip" && priority.order.length > 0) {
    lines.push(
      "",
      ...priority.order
        .slice(0, maxRows)
        .map((label, index) => `${index + 1}. ${cell(label)}`),
    );
    const more = leftOut(priority.order.length, maxRows);
    if (more !== undefined) {
      lines.push("", more);
    }
  }
  return lines.join("\n");
}

function leftOut(total: number, shown: number): string | undefined {
  const hidden = total - shown;
  if (hidden <= 0) {
    return undefined;
  }
  const rows = hidden === 1 ? "1 more row" : `${hidden} more rows`;
  return `\n_${rows} left out to stay within the size limit._`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
