/**
 * Builds a whole project from a hand-writable seed, straight into the store.
 * Seeds refer to attributes and events by key and to audiences and
 * experiences by name. Seeding skips HTTP (so Lytics audiences and version
 * histories can exist) but runs every check the API runs on what it stores,
 * so a seed can only produce a state the real API could hold.
 */

import { addAttribute, parseAttributeBody } from "./attributes.ts";
import {
  addAudience,
  addLyticsAudience,
  parseAudienceBody,
} from "./audiences.ts";
import { isRecord } from "./body-fields.ts";
import { addEvent, parseEventBody } from "./events.ts";
import { addExperience, parseExperienceBody } from "./experiences.ts";
import type { ExperienceType, VersionStatus } from "./model.ts";
import { assertCompleteOrder } from "./priority.ts";
import { parseProjectBody } from "./projects.ts";
import type { ProjectSeed, SeedResult, SeedVersion } from "./seed-types.ts";
import type { ExperienceRecord, ProjectState, Store } from "./store.ts";
import { assertActivatable, parseVersionContent } from "./version-content.ts";
import { appendVersion } from "./versions.ts";

interface Seeding {
  store: Store;
  state: ProjectState;
  result: SeedResult;
  /** Names of the Lytics audiences among result.audiences. */
  lytics: Set<string>;
}

export function seedProject(
  store: Store,
  organizationUid: string,
  seed: ProjectSeed,
): SeedResult {
  let state: ProjectState | undefined;
  try {
    state = store.createProject(
      organizationUid,
      parseProjectBody(seed),
      store.systemUser,
    );
    const seeding: Seeding = {
      store,
      state,
      result: {
        projectUid: state.project.uid,
        attributes: {},
        events: {},
        audiences: {},
        experiences: {},
      },
      lytics: new Set(),
    };
    seedCatalog(seeding, seed);
    for (const experience of seed.experiences ?? []) {
      step(`experience "${experience.name}"`, () =>
        seedExperience(seeding, experience),
      );
    }
    if (seed.priority) seedPriority(seeding, seed.priority);
    return seeding.result;
  } catch (error) {
    if (state) store.deleteProject(state.project.uid);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Bad seed for project "${seed.name}": ${message}`, {
      cause: error,
    });
  }
}

/** Attributes, events and audiences, in that order of dependency. */
function seedCatalog(seeding: Seeding, seed: ProjectSeed): void {
  const { store, state, result } = seeding;
  const user = store.systemUser;
  for (const fields of seed.attributes ?? []) {
    step(`attribute "${fields.key}"`, () => {
      const attribute = addAttribute(
        store,
        state,
        parseAttributeBody(fields),
        user,
      );
      result.attributes[attribute.key] = attribute.uid;
    });
  }
  for (const fields of seed.events ?? []) {
    step(`event "${fields.key}"`, () => {
      const event = addEvent(store, state, parseEventBody(fields), user);
      result.events[event.key] = event.uid;
    });
  }
  for (const fields of seed.audiences ?? []) {
    step(`audience "${fields.name}"`, () => {
      assertNew(result.audiences, fields.name, "audience");
      if (fields.source === "LYTICS") {
        if (fields.definition) {
          throw new Error("a Lytics audience has no definition");
        }
        const slug =
          fields.slug ?? fields.name.toLowerCase().replace(/\W+/g, "_");
        const description = fields.description ?? "";
        const audience = addLyticsAudience(
          store,
          state,
          { name: fields.name, description, slug },
          user,
        );
        result.audiences[fields.name] = audience.uid;
        seeding.lytics.add(fields.name);
        return;
      }
      const definition = fields.definition ?? {
        __type: "RuleCombination",
        combinationType: "AND",
        rules: [],
      };
      const body = {
        ...fields,
        definition: resolveRuleKeys(definition, result),
      };
      const audience = addAudience(
        store,
        state,
        parseAudienceBody(body, state),
        user,
      );
      result.audiences[fields.name] = audience.uid;
    });
  }
}

function seedExperience(
  seeding: Seeding,
  seed: NonNullable<ProjectSeed["experiences"]>[number],
): void {
  const { store, state, result } = seeding;
  assertNew(result.experiences, seed.name, "experience");
  const versions = seed.versions ?? [];
  assertPossibleHistory(versions.map((version) => version.status));

  const fields = parseExperienceBody(seed);
  const record = addExperience(store, state, fields, store.systemUser, {
    withDraft: versions.length === 0,
  });
  result.experiences[seed.name] = record.experience.uid;
  versions.forEach((version, index) => {
    step(`version ${index + 1} (${version.status})`, () =>
      seedVersion(seeding, record, version),
    );
  });
}

function seedVersion(
  seeding: Seeding,
  record: ExperienceRecord,
  seed: SeedVersion,
): void {
  const type = record.experience.__type;
  const body = resolveVersion(seeding, type, seed);
  const content = parseVersionContent(body, {
    project: seeding.state,
    experienceType: type,
  });
  // Every version but a draft has been activated once.
  if (seed.status !== "DRAFT") assertActivatable(content, type);
  appendVersion(record, seed.status, content, seeding.store.systemUser);
}

function seedPriority(seeding: Seeding, names: string[]): void {
  step("priority", () => {
    const order = names.map((name) =>
      uidOf(seeding.result.experiences, name, "experience"),
    );
    assertCompleteOrder(seeding.state, order);
    seeding.state.priority = order;
  });
}

/** Order of the statuses in any history: archived, live, draft. */
const HISTORY_RANK: Record<VersionStatus, number> = {
  ARCHIVED: 0,
  ACTIVE: 1,
  PAUSED: 1,
  DRAFT: 2,
};

/**
 * Versions are created only as DRAFT, one at a time, and activating one
 * archives the live one; so a history reads ARCHIVED…, at most one live,
 * at most one DRAFT, and archived versions imply a live one after them.
 */
function assertPossibleHistory(statuses: VersionStatus[]): void {
  const ranks = statuses.map((status) => HISTORY_RANK[status]);
  const isOrdered = ranks.every(
    (rank, i) => i === 0 || rank >= (ranks[i - 1] ?? 0),
  );
  const live = ranks.filter((rank) => rank === 1).length;
  const drafts = ranks.filter((rank) => rank === 2).length;
  if (!isOrdered || live > 1 || drafts > 1) {
    throw new Error(
      `versions ${statuses.join(", ")} are not a history the API can produce: expected ARCHIVED…, then at most one ACTIVE or PAUSED, then at most one DRAFT`,
    );
  }
  if (statuses.includes("ARCHIVED") && live === 0) {
    throw new Error("ARCHIVED versions need a later ACTIVE or PAUSED version");
  }
}

function resolveVersion(
  seeding: Seeding,
  type: ExperienceType,
  seed: SeedVersion,
): Record<string, unknown> & { variants: unknown[] } {
  const { result } = seeding;
  const audience = (name: string) => {
    if (seeding.lytics.has(name)) {
      throw new Error(
        `"${name}" is a Lytics audience; list it in lyticsAudiences`,
      );
    }
    return uidOf(result.audiences, name, "audience");
  };
  const lyticsAudience = (name: string) => {
    if (!seeding.lytics.has(name)) {
      throw new Error(`"${name}" is not a Lytics audience`);
    }
    return uidOf(result.audiences, name, "audience");
  };

  const variants = (seed.variants ?? []).map((variant) => {
    if (type === "AB_TEST") return { __type: "ABTestVariant", ...variant };
    return {
      __type: "SegmentedVariant",
      audienceCombinationType: "AND",
      ...variant,
      audiences: (variant.audiences ?? []).map(audience),
      lyticsAudiences: (variant.lyticsAudiences ?? []).map(lyticsAudience),
      ...(variant.target
        ? { target: resolveRuleKeys(variant.target, result) }
        : {}),
    };
  });
  const metrics = seed.metrics?.map((metric) => ({
    ...metric,
    event: uidOf(result.events, metric.event, "event key"),
  }));
  const targeting =
    seed.targeting && "audience" in seed.targeting
      ? {
          audience: {
            ...seed.targeting.audience,
            audiences: seed.targeting.audience.audiences.map(audience),
          },
        }
      : seed.targeting && {
          target: resolveRuleKeys(seed.targeting.target, result),
        };
  return { ...seed, variants, metrics, targeting };
}

/** Replaces attribute keys by uids and fills in invertCondition. */
function resolveRuleKeys(node: unknown, result: SeedResult): unknown {
  if (!isRecord(node)) return node;
  if (node.__type === "RuleCombination") {
    const rules = Array.isArray(node.rules)
      ? node.rules.map((rule) => resolveRuleKeys(rule, result))
      : node.rules;
    return { ...node, rules };
  }
  const { attribute } = node;
  if (
    isRecord(attribute) &&
    attribute.__type === "CustomAttributeReference" &&
    typeof attribute.ref === "string"
  ) {
    const ref = uidOf(result.attributes, attribute.ref, "attribute key");
    return {
      invertCondition: false,
      ...node,
      attribute: { ...attribute, ref },
    };
  }
  return { invertCondition: false, ...node };
}

function uidOf(
  uids: Record<string, string>,
  name: string,
  what: string,
): string {
  const uid = Object.hasOwn(uids, name) ? uids[name] : undefined;
  if (uid === undefined) throw new Error(`unknown ${what} "${name}"`);
  return uid;
}

/** References are by name, so seeded names must be unambiguous. */
function assertNew(
  uids: Record<string, string>,
  name: string,
  what: string,
): void {
  if (Object.hasOwn(uids, name)) {
    throw new Error(`two ${what}s are named "${name}"; seeds refer by name`);
  }
}

/** Runs one seeding step, naming it in any error. */
function step<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${where}: ${message}`, { cause: error });
  }
}
