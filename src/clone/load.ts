/**
 * Writes the plan to the destination in dependency order: attributes and
 * events, then audiences, experiences with their versions, and last the
 * priority. Every write that lands is recorded in the mapping at once. A
 * write whose outcome is unknown is never repeated blindly: the collection
 * is read again and the entity found by its key before another attempt.
 */
import type {
  AttributeInput,
  AudienceInput,
  EventInput,
  ExperienceInput,
  ProjectApi,
  VersionInput,
} from "../personalize/api.ts";
import { AmbiguousWriteError } from "../personalize/errors.ts";
import type {
  Attribute,
  Audience,
  Event,
  Experience,
  Version,
} from "../personalize/schemas.ts";
import type { MappingRecorder } from "./mapping.ts";
import { changedFields } from "./normalise.ts";
import type { ExperienceTask, Task, Work } from "./plan.ts";
import { desiredPriority } from "./priority.ts";
import type { ReferenceLookup, RemapReport } from "./remap.ts";
import { destinationLookup, emptyReport, mappingLookup } from "./remap.ts";
import {
  attributeBody,
  audienceBody,
  desiredVersions,
  eventBody,
  experienceBody,
} from "./transform.ts";
import type { ActionCounts, CloneLog, EntityType, Plan } from "./types.ts";
import type { VersionStep } from "./versions.ts";
import { afterStep, nextVersionStep } from "./versions.ts";

/** Attempts at one write whose outcome the API left unknown. */
const MAX_UNCONFIRMED_ATTEMPTS = 3;

/** Writes one experience's versions need at most: draft, live, pause, draft. */
const MAX_VERSION_STEPS = 6;

export interface LoadContext {
  api: ProjectApi;
  work: Work;
  recorder: MappingRecorder;
  activation: Plan["settings"]["activation"];
  log: CloneLog;
  /** Counts of writes that completed, kept up to date as they land. */
  landed: ActionCounts;
}

/** What each entity type's collection offers the load; B is its body. */
interface Collection<T, B extends object> {
  singular: string;
  list(): Promise<T[]>;
  create(body: B): Promise<T>;
  update(uid: string, body: B): Promise<T>;
  keyOf(entity: T): string;
  body(entity: T, lookup: ReferenceLookup, report: RemapReport): B;
}

function collections(api: ProjectApi) {
  const attributes: Collection<Attribute, AttributeInput> = {
    singular: "attribute",
    list: () => api.listAttributes(),
    create: (body) => api.createAttribute(body),
    update: (uid, body) => api.updateAttribute(uid, body),
    keyOf: (a) => a.key,
    body: attributeBody,
  };
  const events: Collection<Event, EventInput> = {
    singular: "event",
    list: () => api.listEvents(),
    create: (body) => api.createEvent(body),
    update: (uid, body) => api.updateEvent(uid, body),
    keyOf: (e) => e.key,
    body: eventBody,
  };
  const audiences: Collection<Audience, AudienceInput> = {
    singular: "audience",
    list: () => api.listAudiences(),
    create: (body) => api.createAudience(body),
    update: (uid, body) => api.updateAudience(uid, body),
    keyOf: (a) => a.name,
    body: audienceBody,
  };
  const experiences: Collection<Experience, ExperienceInput> = {
    singular: "experience",
    list: () => api.listExperiences(),
    create: (body) => api.createExperience(body),
    update: (uid, body) => api.updateExperience(uid, body),
    keyOf: (e) => e.name,
    body: experienceBody,
  };
  return { attributes, events, audiences, experiences };
}

/**
 * Runs a write; when its outcome is unknown, asks `reconcile` whether it
 * landed after all, and tries again only when it did not.
 */
async function confirmedWrite<T>(
  what: string,
  log: CloneLog,
  write: () => Promise<T>,
  reconcile: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) throw error;
      if (attempt >= MAX_UNCONFIRMED_ATTEMPTS) throw error;
      log.info(
        `${what}: the API did not confirm the write (${error.message}); ` +
          "reading the destination again to see whether it landed",
      );
      const landed = await reconcile();
      if (landed !== undefined) return landed;
    }
  }
}

/** Waits for every task, then reports every failure together. */
async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === "rejected")
    .map((r) => r.reason as unknown);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const lines = failures.map((f) =>
      f instanceof Error ? f.message : String(f),
    );
    throw new AggregateError(failures, lines.join("\n"));
  }
}

export async function loadPlan(context: LoadContext): Promise<void> {
  const { work, log } = context;
  const kinds = collections(context.api);

  await log.group("Load attributes and events", () =>
    settleAll([
      ...work.attributes.map((t) => landSimple(context, kinds.attributes, t)),
      ...work.events.map((t) => landSimple(context, kinds.events, t)),
    ]),
  );
  await log.group("Load audiences", () =>
    settleAll(
      work.audiences.map((t) => landSimple(context, kinds.audiences, t)),
    ),
  );
  await log.group("Load experiences and versions", () =>
    settleAll(work.experiences.map((t) => landExperience(context, kinds, t))),
  );
  await log.group("Restore the priority", () => landPriority(context));
}

function typeOf(singular: string): EntityType {
  return `${singular}s` as EntityType;
}

/**
 * Creates or updates one entity and returns its destination twin, with the
 * fields an update changed.
 */
async function landEntity<T extends { uid: string }, B extends object>(
  context: LoadContext,
  kind: Collection<T, B>,
  task: Task<T>,
): Promise<{ twin: T; changed: string[] }> {
  const { entry } = task;
  const { recorder, log, landed } = context;
  const type = typeOf(kind.singular);
  const label = `${kind.singular} "${entry.label}"`;
  const desired = kind.body(
    task.source,
    mappingLookup(recorder.mapping),
    emptyReport(),
  );

  let twin = task.destination;
  if (!twin) {
    const claimed = new Set(Object.values(recorder.mapping[type]));
    twin = await confirmedWrite(
      `create ${label}`,
      log,
      () => kind.create(desired),
      async () =>
        (await kind.list()).find(
          (d) => kind.keyOf(d) === entry.label && !claimed.has(d.uid),
        ),
    );
    await recorder.record(type, task.source.uid, twin.uid);
    landed.created += 1;
    log.info(`created ${label}`);
  }

  const current = kind.body(twin, destinationLookup, emptyReport());
  const changed = changedFields(current, desired);
  if (changed.length > 0) {
    const uid = twin.uid;
    twin = await confirmedWrite(
      `update ${label}`,
      log,
      () => kind.update(uid, desired),
      async () => {
        const found = (await kind.list()).find((d) => d.uid === uid);
        const now = found && kind.body(found, destinationLookup, emptyReport());
        return now && changedFields(now, desired).length === 0
          ? found
          : undefined;
      },
    );
  }
  return { twin, changed };
}

/** Lands an attribute, event or audience and counts it. */
async function landSimple<T extends { uid: string }, B extends object>(
  context: LoadContext,
  kind: Collection<T, B>,
  task: Task<T>,
): Promise<void> {
  const { entry } = task;
  if (entry.action !== "create" && entry.action !== "update") return;
  const { changed } = await landEntity(context, kind, task);
  if (entry.action === "update") {
    context.landed.updated += 1;
    const label = `${kind.singular} "${entry.label}"`;
    context.log.info(`updated ${label} (${changed.join(", ")})`);
  }
}

async function landExperience(
  context: LoadContext,
  kinds: ReturnType<typeof collections>,
  task: ExperienceTask,
): Promise<void> {
  const { entry } = task;
  if (entry.action !== "create" && entry.action !== "update") return;
  const { api, log, recorder } = context;
  const label = `experience "${entry.label}"`;
  const wasNew = task.destination === undefined;

  const { twin, changed } = await landEntity(context, kinds.experiences, task);

  // A new experience holds one empty draft: its uid is `latestVersion`.
  let versions: Version[] =
    wasNew && typeof twin.latestVersion === "string"
      ? [{ uid: twin.latestVersion, status: "DRAFT", variants: [] }]
      : wasNew
        ? await api.listVersions(twin.uid)
        : task.destinationVersions;
  const desired = desiredVersions(
    task.source,
    task.sourceVersions,
    context.activation,
    mappingLookup(recorder.mapping),
    emptyReport(),
  );

  let wroteVersions = false;
  for (let steps = 0; ; steps += 1) {
    const step = nextVersionStep(desired, versions);
    if (!step) break;
    if (steps >= MAX_VERSION_STEPS) {
      throw new Error(
        `${label}: its versions did not settle after ${steps} writes; ` +
          "run again, and report it if it persists",
      );
    }
    try {
      const version = await writeVersion(
        api,
        { uid: twin.uid, name: entry.label },
        step,
      );
      versions = afterStep(versions, step, version);
      log.info(`${label}: ${step.summary} (${version.status})`);
      wroteVersions = true;
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) throw error;
      log.info(
        `${label}: the API did not confirm "${step.summary}"; reading ` +
          "its versions again before the next step",
      );
      versions = await api.listVersions(twin.uid);
    }
  }
  if (entry.action === "update") {
    context.landed.updated += 1;
    const what = wroteVersions ? [...changed, "versions"] : changed;
    log.info(`updated ${label} (${what.join(", ")})`);
  }
}

function writeVersion(
  api: ProjectApi,
  experience: { uid: string; name: string },
  step: VersionStep,
): Promise<Version> {
  const body = step.body as VersionInput;
  return step.kind === "create"
    ? api.createVersion(experience.uid, body, experience.name)
    : api.updateVersion(experience.uid, step.versionUid, body, experience.name);
}

async function landPriority(context: LoadContext): Promise<void> {
  const { api, work, recorder, log } = context;
  const { plan } = work;
  if (plan.priority.action !== "update") return;

  // Experiences created by this run were appended to the end by the API.
  const created = work.experiences
    .filter((t) => t.entry.action === "create")
    .map((t) => recorder.mapping.experiences[t.source.uid])
    .filter((uid) => uid !== undefined);
  const current = [...work.destinationPriority, ...created];
  const order = desiredPriority(
    work.sourcePriority,
    work.experiences,
    current,
    (sourceUid) => recorder.mapping.experiences[sourceUid],
  );

  await confirmedWrite(
    "restore the experience priority",
    log,
    () => api.setPriority(order).then(() => true),
    async () => {
      const now = await api.getPriority();
      return now.priorityOrder.join() === order.join() ? true : undefined;
    },
  );
  log.info(`restored the priority of ${order.length} experiences`);
}
