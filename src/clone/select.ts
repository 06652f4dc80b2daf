/**
 * Which source entities a run copies: the types named by `include`, the
 * experiences named by `experiences`, and whatever those experiences refer
 * to. Everything left out gets a reason, so the plan can say why.
 */
import type { Audience, Experience, Version } from "../personalize/schemas.ts";
import type { ProjectContents } from "./extract.ts";
import { liveAndDraft } from "./extract.ts";
import type { Activation, EntityType } from "./types.ts";

/** Why an entity is left out, as the plan says it. */
export const LEFT_OUT = {
  byInclude: "excluded by include",
  byExperiences: "not named by experiences",
  unreferenced: "not referenced by the selected experiences",
} as const;

/** Source uids in scope per type, and why each other entity is not. */
export interface Selection {
  inScope: Record<EntityType, Set<string>>;
  /** Source uid → reason it is left out. */
  excluded: Map<string, string>;
}

/** Turns a glob with `*` and `?` into an anchored, case-sensitive test. */
export function globMatcher(pattern: string): (name: string) => boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  const regex = new RegExp(
    `^${escaped.replaceAll("*", ".*").replaceAll("?", ".")}$`,
    "s",
  );
  return (name) => regex.test(name);
}

/** The versions of a source experience that a clone copies. */
export function copiedVersions(
  versions: readonly Version[],
  activation: Activation,
): Version[] {
  const { live, draft } = liveAndDraft(versions);
  if (activation === "none") {
    const chosen = live ?? draft;
    return chosen ? [chosen] : [];
  }
  return [live, draft].filter((version) => version !== undefined);
}

function walkRules(node: unknown, visit: (attributeUid: string) => void) {
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.rules)) {
    for (const rule of record.rules) walkRules(rule, visit);
  }
  const attribute = record.attribute as Record<string, unknown> | undefined;
  if (attribute?.__type === "CustomAttributeReference") {
    visit(String(attribute.ref));
  }
}

/** Uids a set of versions refers to, by kind. */
function referencesOf(versions: readonly Version[]) {
  const audiences = new Set<string>();
  const events = new Set<string>();
  const attributes = new Set<string>();
  for (const version of versions) {
    for (const variant of version.variants) {
      const record = variant as Record<string, unknown>;
      for (const uid of (record.audiences as string[] | undefined) ?? []) {
        audiences.add(uid);
      }
      walkRules(record.target, (uid) => attributes.add(uid));
    }
    for (const metric of version.metrics ?? []) events.add(metric.event);
    const targeting = (version.targeting ?? {}) as Record<string, unknown>;
    const audience = targeting.audience as { audiences?: string[] } | undefined;
    for (const uid of audience?.audiences ?? []) audiences.add(uid);
    walkRules(targeting.target, (uid) => attributes.add(uid));
  }
  return { audiences, events, attributes };
}

function isLytics(audience: Audience): boolean {
  return audience.source === "LYTICS";
}

export function selectEntities(
  source: ProjectContents,
  settings: {
    include: readonly EntityType[];
    experiences: readonly string[];
    activation: Activation;
  },
): Selection {
  const included = new Set(settings.include);
  const excluded = new Map<string, string>();
  const isFiltered = settings.experiences.length > 0;
  const matchers = settings.experiences.map(globMatcher);
  const inScope: Selection["inScope"] = {
    attributes: new Set(),
    audiences: new Set(),
    events: new Set(),
    experiences: new Set(),
  };

  const chosen: Experience[] = [];
  for (const experience of source.experiences) {
    if (!included.has("experiences")) {
      excluded.set(experience.uid, LEFT_OUT.byInclude);
    } else if (!matchers.some((m) => m(experience.name)) && isFiltered) {
      excluded.set(experience.uid, LEFT_OUT.byExperiences);
    } else {
      chosen.push(experience);
      inScope.experiences.add(experience.uid);
    }
  }

  const copied = chosen.flatMap((experience) =>
    copiedVersions(
      source.versions.get(experience.uid) ?? [],
      settings.activation,
    ),
  );
  const referenced = referencesOf(copied);
  const onlyReferenced = isFiltered && included.has("experiences");

  for (const audience of source.audiences) {
    if (isLytics(audience)) {
      excluded.set(audience.uid, "Lytics audience: the API cannot create it");
    } else if (!included.has("audiences")) {
      excluded.set(audience.uid, LEFT_OUT.byInclude);
    } else if (onlyReferenced && !referenced.audiences.has(audience.uid)) {
      excluded.set(audience.uid, LEFT_OUT.unreferenced);
    } else {
      inScope.audiences.add(audience.uid);
      walkRules(audience.definition, (uid) => referenced.attributes.add(uid));
    }
  }

  for (const attribute of source.attributes) {
    if (attribute.__type === "PRESET") {
      excluded.set(attribute.uid, "preset attribute: every project has it");
    } else if (!included.has("attributes")) {
      excluded.set(attribute.uid, LEFT_OUT.byInclude);
    } else if (onlyReferenced && !referenced.attributes.has(attribute.uid)) {
      excluded.set(attribute.uid, LEFT_OUT.unreferenced);
    } else {
      inScope.attributes.add(attribute.uid);
    }
  }

  for (const event of source.events) {
    if (!included.has("events")) {
      excluded.set(event.uid, LEFT_OUT.byInclude);
    } else if (onlyReferenced && !referenced.events.has(event.uid)) {
      excluded.set(event.uid, LEFT_OUT.unreferenced);
    } else {
      inScope.events.add(event.uid);
    }
  }

  return { inScope, excluded };
}
