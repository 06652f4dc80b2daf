/**
 * The clone from end to end: extract the source, plan against the
 * destination, load what the plan says, verify, and report.
 */
import { ProjectApi } from "../personalize/api.ts";
import { PersonalizeClient } from "../personalize/client.ts";
import { InputError } from "../personalize/errors.ts";
import { RequestBudget } from "../personalize/request-budget.ts";
import { CloneFailure } from "./clone-failure.ts";
import { createDestinationProject } from "./destination-project.ts";
import { extractProject } from "./extract.ts";
import { loadPlan } from "./load.ts";
import type { Mapping } from "./mapping.ts";
import { emptyMapping, MappingRecorder } from "./mapping.ts";
import type { Work } from "./plan.ts";
import { planClone } from "./plan.ts";
import type { ProjectsRead } from "./read-projects.ts";
import { readProjects } from "./read-projects.ts";
import { selectEntities } from "./select.ts";
import type {
  ActionCounts,
  CloneOptions,
  CloneResult,
  PlanEntry,
} from "./types.ts";
import { ENTITY_TYPES } from "./types.ts";
import { verifyClone } from "./verify.ts";

/** Options the engine passes to each API client, for tests to tune. */
export interface ClientTuning {
  timeoutMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxInFlight?: number;
}

export async function cloneProject(
  options: CloneOptions,
  tuning: ClientTuning = {},
): Promise<CloneResult> {
  const clients = createClients(options, tuning);
  try {
    return await runClone(options, clients);
  } finally {
    await Promise.all([clients.source.close(), clients.destination.close()]);
  }
}

function createClients(options: CloneOptions, tuning: ClientTuning) {
  const { source, destination, maxRequestsPerSecond, log } = options;
  const sourceBudget = new RequestBudget(maxRequestsPerSecond);
  // One host, one organization as far as we can tell: share the budget.
  const destinationBudget =
    source.baseUrl === destination.baseUrl
      ? sourceBudget
      : new RequestBudget(maxRequestsPerSecond);
  const clientLog = { info: log.info, debug: log.debug };
  return {
    source: new PersonalizeClient({
      side: "source",
      baseUrl: source.baseUrl,
      token: source.token,
      authType: source.authType,
      budget: sourceBudget,
      log: clientLog,
      ...tuning,
    }),
    destination: new PersonalizeClient({
      side: "destination",
      baseUrl: destination.baseUrl,
      token: destination.token,
      authType: destination.authType,
      budget: destinationBudget,
      log: clientLog,
      ...tuning,
    }),
  };
}

function describeEntry(entry: PlanEntry): string {
  const singular = entry.type.slice(0, -1);
  const reason = entry.reason ? ` (${entry.reason})` : "";
  return `${entry.action} ${singular} "${entry.label}"${reason}`;
}

function countActions(work: Work): ActionCounts {
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const entry of work.plan.entries) {
    if (entry.action === "create") counts.created += 1;
    else if (entry.action === "update") counts.updated += 1;
    else if (entry.action === "unchanged") counts.unchanged += 1;
    else counts.skipped += 1;
  }
  return counts;
}

async function runClone(
  options: CloneOptions,
  clients: ReturnType<typeof createClients>,
): Promise<CloneResult> {
  const { log, destination } = options;

  const read = await log.group("Read the source and the destination", () =>
    readProjects(options, clients),
  );
  const { project, saved } = read;
  const sourceContents = read.source;
  const work = await log.group("Plan", async () => planAgainst(options, read));
  const counts = countActions(work);
  const result: CloneResult = {
    plan: work.plan,
    planDigest: work.digest,
    destinationProjectUid: project.uid,
    counts,
    mappingFile: options.mappingFile,
    dryRun: options.dryRun,
  };
  if (options.dryRun) {
    log.info("dry run: nothing was written");
    return result;
  }

  const landed = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  let projectUid = project.uid;
  try {
    if (project.action === "create") {
      projectUid = await createDestinationProject(
        clients.destination,
        destination,
        log,
      );
      log.info(`created destination project "${project.name}" ${projectUid}`);
    }
    result.destinationProjectUid = projectUid;

    const mapping = startMapping(options, projectUid, saved, work);
    const recorder = new MappingRecorder(options.mappingFile, mapping);
    await recorder.save();

    const destinationApi = new ProjectApi(clients.destination, projectUid);
    await loadPlan({
      api: destinationApi,
      work,
      recorder,
      activation: options.activation,
      log,
      landed,
    });

    result.verify = await log.group("Verify", async () => {
      const after = await extractProject(destinationApi, (experience) =>
        Object.values(mapping.experiences).includes(experience.uid),
      );
      const verdict = verifyClone(
        work,
        sourceContents,
        after,
        mapping,
        options.activation,
      );
      if (verdict.identical) {
        log.info("the destination matches the source");
      }
      for (const difference of verdict.differences) log.info(difference);
      return verdict;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CloneFailure(message, {
      landed,
      plan: work.plan,
      planDigest: work.digest,
      mappingFile: options.mappingFile,
      destinationProjectUid: projectUid,
      cause: error,
    });
  }

  if (!result.verify.identical) {
    throw new CloneFailure(
      "The destination differs from the source after the clone: " +
        result.verify.differences.join("; "),
      {
        landed,
        plan: work.plan,
        planDigest: work.digest,
        mappingFile: options.mappingFile,
        destinationProjectUid: projectUid,
      },
    );
  }
  return result;
}

/**
 * The mapping the load records into: what an earlier run saved, with every
 * match the plan made, so references resolve and the file says it all.
 */
function startMapping(
  options: CloneOptions,
  projectUid: string,
  saved: Mapping | undefined,
  work: Work,
): Mapping {
  const { source, destination } = options;
  const mapping =
    saved ??
    emptyMapping(
      { region: source.region, projectUid: source.projectUid },
      { region: destination.region, projectUid },
    );
  mapping.destination = { region: destination.region, projectUid };
  for (const type of ENTITY_TYPES) {
    Object.assign(mapping[type], work.matches[type]);
  }
  return mapping;
}

/** Plans, says each decision, and refuses a plan that cannot be applied. */
function planAgainst(options: CloneOptions, read: ProjectsRead): Work {
  const { log, source, destination } = options;
  const work = planClone({
    source: read.source,
    destination: read.destination,
    project: read.project,
    mapping: read.saved,
    selection: selectEntities(read.source, options),
    settings: {
      include: options.include,
      experiences: options.experiences,
      onExisting: options.onExisting,
      activation: options.activation,
    },
    regions: { source: source.region, destination: destination.region },
    sourceProjectUid: source.projectUid,
  });

  for (const entry of work.plan.entries) log.info(describeEntry(entry));
  log.info(`priority: ${work.plan.priority.action}`);
  log.info(`plan digest: ${work.digest}`);

  if (work.problems.length > 0) {
    throw new Error(
      "The plan cannot be carried out, so nothing was written:\n- " +
        work.problems.join("\n- "),
    );
  }
  if (
    options.expectedPlanDigest !== "" &&
    options.expectedPlanDigest !== work.digest
  ) {
    throw new InputError(
      "expected-plan-digest",
      `Input "expected-plan-digest" is ${options.expectedPlanDigest}, but ` +
        `the plan computed now is ${work.digest}, so nothing was written: ` +
        "the source or the destination changed since the plan was " +
        "reviewed; review the new plan and pass its digest.",
    );
  }
  return work;
}
