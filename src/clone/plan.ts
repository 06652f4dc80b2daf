/**
 * Decides, for every source entity, whether the destination gets it
 * created, updated, left unchanged or skipped, and why. The plan is plain
 * data; the tasks beside it carry what the load needs to act on it.
 */
import { createHash } from "node:crypto";
import type { ExperienceInput } from "../personalize/api.ts";
import type {
  Attribute,
  Audience,
  Event,
  Experience,
  Version,
} from "../personalize/schemas.ts";
import type { ProjectContents } from "./extract.ts";
import type { Mapping } from "./mapping.ts";
import { matchEntities } from "./match.ts";
import { changedFields, stableJson } from "./normalise.ts";
import { planPriority } from "./priority.ts";
import type { ReferenceLookup, RemapReport } from "./remap.ts";
import { destinationLookup, emptyReport } from "./remap.ts";
import type { Selection } from "./select.ts";
import {
  attributeBody,
  audienceBody,
  desiredVersions,
  eventBody,
  experienceBody,
  minimumLiveVariants,
} from "./transform.ts";
import type { EntityType, Plan, PlanEntry, PlanProject } from "./types.ts";
import type { DesiredVersions } from "./versions.ts";
import { versionsMatch } from "./versions.ts";

type Json = Record<string, unknown>;

/** A plan entry with the source entity and its destination match. */
export interface Task<T> {
  entry: PlanEntry;
  source: T;
  destination: T | undefined;
}

export interface ExperienceTask extends Task<Experience> {
  sourceVersions: Version[];
  destinationVersions: Version[];
}

/** What the load acts on; `plan` is what people read and the digest seals. */
export interface Work {
  plan: Plan;
  digest: string;
  attributes: Task<Attribute>[];
  events: Task<Event>[];
  audiences: Task<Audience>[];
  experiences: ExperienceTask[];
  /** Source uid → destination uid of every entity matched so far. */
  matches: Omit<Mapping, "version" | "source" | "destination">;
  /** Reasons the run must stop before writing anything. */
  problems: string[];
  /** Source experience uids, highest priority first. */
  sourcePriority: string[];
  /** Destination experience uids as the plan read them. */
  destinationPriority: string[];
}

export interface PlanInput {
  source: ProjectContents;
  destination: ProjectContents;
  project: PlanProject;
  mapping: Mapping | undefined;
  selection: Selection;
  settings: Plan["settings"];
  regions: { source: string; destination: string };
  sourceProjectUid: string;
}

/** Placeholder uid for an entity the run will create. */
const pending = (sourceUid: string) => `(new ${sourceUid})`;

function labelOf(type: EntityType, entity: Json): string {
  const text =
    type === "attributes" || type === "events" ? entity.key : entity.name;
  return String(text);
}

export function planClone(input: PlanInput): Work {
  const { source, destination, selection, settings } = input;
  const saved = input.mapping;
  const problems: string[] = [];
  const bodies: unknown[] = [];

  const custom = source.attributes.filter((a) => a.__type === "CUSTOM");
  const lytics = (a: Audience) => a.source === "LYTICS";
  const matched = {
    attributes: matchEntities(
      custom,
      destination.attributes.filter((a) => a.__type === "CUSTOM"),
      saved?.attributes ?? {},
      (a) => a.key,
      (a) => a.key,
    ),
    events: matchEntities(
      source.events,
      destination.events,
      saved?.events ?? {},
      (e) => e.key,
      (e) => e.key,
    ),
    audiences: matchEntities(
      source.audiences.filter((a) => !lytics(a)),
      destination.audiences.filter((a) => !lytics(a)),
      saved?.audiences ?? {},
      (a) => a.name,
      (a) => a.name,
    ),
    experiences: matchEntities(
      source.experiences,
      destination.experiences,
      saved?.experiences ?? {},
      (e) => e.name,
      (e) => e.name,
    ),
  };
  const matches: Work["matches"] = {
    attributes: {},
    audiences: {},
    events: {},
    experiences: {},
  };
  for (const type of Object.keys(matched) as EntityType[]) {
    for (const [sourceUid, entity] of matched[type]) {
      matches[type][sourceUid] = entity.uid;
    }
  }

  const names = new Map<string, string>();
  for (const a of source.attributes) names.set(a.uid, `"${a.key}"`);
  for (const e of source.events) names.set(e.uid, `"${e.key}"`);
  for (const a of source.audiences) names.set(a.uid, `"${a.name}"`);
  const resolve = (type: EntityType) => (uid: string) =>
    matches[type][uid] ??
    (selection.inScope[type].has(uid) ? pending(uid) : undefined);
  const lookup: ReferenceLookup = {
    attribute: resolve("attributes"),
    audience: resolve("audiences"),
    event: resolve("events"),
    describe: (_kind, uid) => names.get(uid) ?? uid,
  };

  /** Decides one entity from its desired and current bodies. */
  function decide<T extends { uid: string }, B extends object>(
    type: EntityType,
    entity: T,
    build: (entity: T, lookup: ReferenceLookup, report: RemapReport) => B,
    rules: {
      /** Names what differs; by default the top-level fields. */
      compare?: (desired: B, current: B) => string[];
      /** A reason to skip the entity whatever the destination holds. */
      veto?: (desired: B) => string | undefined;
    } = {},
  ): Task<T> {
    const label = labelOf(type, entity as unknown as Json);
    const found = matched[type].get(entity.uid) as T | undefined;
    const entry: PlanEntry = {
      type,
      sourceUid: entity.uid,
      label,
      action: "skip",
    };
    if (found) entry.destinationUid = found.uid;
    const task: Task<T> = { entry, source: entity, destination: found };

    const excludedBy = selection.excluded.get(entity.uid);
    if (excludedBy !== undefined) {
      entry.reason = excludedBy;
      return task;
    }

    const report = emptyReport();
    const desired = build(entity, lookup, report);
    if (report.dropped.length > 0) entry.droppedReferences = report.dropped;
    const vetoed = rules.veto?.(desired);
    if (vetoed !== undefined) {
      entry.reason = vetoed;
      return task;
    }
    if (!found) {
      entry.action = "create";
    } else {
      const current = build(found, destinationLookup, emptyReport());
      const compare = rules.compare ?? changedFields;
      const changed = compare(desired, current);
      if (changed.length === 0) {
        entry.action = "unchanged";
      } else if (settings.onExisting === "update") {
        entry.action = "update";
        entry.reason = `changes ${changed.join(", ")}`;
      } else if (settings.onExisting === "skip") {
        entry.reason = "exists in the destination and on-existing is skip";
      } else {
        problems.push(
          `${type.slice(0, -1)} "${label}" exists in the destination with ` +
            `other ${changed.join(", ")}, and on-existing ` +
            "is fail: set on-existing to update or skip, or align it by hand",
        );
        entry.action = "unchanged";
      }
    }
    if (entry.action === "create" || entry.action === "update") {
      problems.push(...report.unresolved.map(unresolvedProblem));
      bodies.push([type, entity.uid, desired]);
    }
    return task;
  }

  const attributes = source.attributes.map((a) =>
    decide("attributes", a, attributeBody),
  );
  const events = source.events.map((e) => decide("events", e, eventBody));
  const audiences = source.audiences.map((a) =>
    decide("audiences", a, audienceBody),
  );

  const experiences = source.experiences.map((experience) => {
    const sourceVersions = source.versions.get(experience.uid) ?? [];
    const found = matched.experiences.get(experience.uid);
    const destinationVersions = found
      ? (destination.versions.get(found.uid) ?? [])
      : [];
    type Body = ExperienceInput & { versions?: DesiredVersions };
    const build = (e: Experience, l: ReferenceLookup, r: RemapReport): Body => {
      if (e !== experience) return experienceBody(e);
      const versions = desiredVersions(
        e,
        sourceVersions,
        settings.activation,
        l,
        r,
      );
      return { ...experienceBody(e), versions };
    };
    const compare = (desired: Body, current: Body) => {
      const { versions = {}, ...fields } = desired;
      const changed = changedFields(current, fields);
      const matches = versionsMatch(versions, destinationVersions);
      return matches ? changed : [...changed, "versions"];
    };
    const veto = (desired: Body) => {
      const live = desired.versions?.live;
      const count = (live?.content.variants as unknown[] | undefined)?.length;
      if (count === undefined || count >= minimumLiveVariants(experience)) {
        return undefined;
      }
      return (
        `its live version keeps ${count} variant(s) once Lytics audiences ` +
        "are dropped, too few for the API to activate"
      );
    };
    const task: ExperienceTask = {
      ...decide("experiences", experience, build, { compare, veto }),
      sourceVersions,
      destinationVersions,
    };
    checkType(task, problems);
    return task;
  });

  const plan: Plan = {
    source: {
      region: input.regions.source,
      projectUid: input.sourceProjectUid,
    },
    destination: { region: input.regions.destination, project: input.project },
    settings,
    entries: [...attributes, ...events, ...audiences, ...experiences].map(
      (task) => task.entry,
    ),
    priority: planPriority(source, destination, experiences, settings),
  };
  const digest = `sha256:${createHash("sha256")
    .update(stableJson({ plan, bodies }))
    .digest("hex")}`;

  return {
    plan,
    digest,
    attributes,
    events,
    audiences,
    experiences,
    matches,
    problems,
    sourcePriority: source.priority,
    destinationPriority: destination.priority,
  };
}

function unresolvedProblem(reference: string): string {
  return (
    `${reference}, which is neither in the destination nor being cloned: ` +
    "add its type to include, or clone it first"
  );
}

/** The API cannot change the type of an experience that has variants. */
function checkType(task: ExperienceTask, problems: string[]) {
  const { entry, source, destination } = task;
  if (entry.action !== "update" || !destination) return;
  if (destination.__type === source.__type) return;
  if (task.destinationVersions.some((v) => v.variants.length > 0)) {
    problems.push(
      `experience "${source.name}" is ${source.__type} in the source but ` +
        `${destination.__type} in the destination, and the API cannot ` +
        "change the type of an experience with variants: rename or delete " +
        "the destination experience",
    );
  }
}
