/**
 * A project snapshot with every uid replaced by the name or key it stands
 * for, so that two projects in different regions can be compared with
 * `toEqual`. Written apart from the engine's own normalisation on purpose:
 * a test must not share the code it checks.
 */
import type { ProjectSnapshot } from "../emulator/index.ts";

type Json = Record<string, unknown>;

function names(snapshot: ProjectSnapshot) {
  const map = new Map<string, string>();
  for (const a of snapshot.attributes) map.set(a.uid, `attribute:${a.key}`);
  for (const a of snapshot.audiences) map.set(a.uid, `audience:${a.name}`);
  for (const e of snapshot.events) map.set(e.uid, `event:${e.key}`);
  for (const e of snapshot.experiences) map.set(e.uid, `experience:${e.name}`);
  return map;
}

function rules(node: unknown, name: (uid: string) => string): unknown {
  const record = node as Json;
  if (record.__type === "RuleCombination") {
    return {
      combinationType: record.combinationType,
      rules: (record.rules as unknown[]).map((r) => rules(r, name)),
    };
  }
  const attribute = record.attribute as Json;
  return {
    attribute:
      attribute.__type === "CustomAttributeReference"
        ? name(String(attribute.ref))
        : `${String(attribute.__type)}:${String(attribute.ref)}`,
    condition: record.attributeMatchCondition,
    options: record.attributeMatchOptions ?? null,
    invert: record.invertCondition ?? false,
  };
}

function version(v: Json, name: (uid: string) => string) {
  const equal = v.variantSplit === "EQUALLY_SPLIT";
  const targeting = (v.targeting ?? {}) as Json;
  const audience = targeting.audience as Json | undefined;
  return {
    status: v.status,
    variantSplit: v.variantSplit ?? null,
    variants: (v.variants as Json[]).map((variant) => ({
      type: variant.__type,
      name: variant.name,
      audiences: ((variant.audiences as string[] | undefined) ?? []).map(name),
      combination: variant.audienceCombinationType ?? null,
      target: variant.target ? rules(variant.target, name) : null,
      traffic: equal ? null : (variant.trafficDistribution ?? null),
    })),
    metrics: ((v.metrics as Json[] | undefined) ?? []).map((m) => ({
      type: m.__type,
      name: m.name,
      event: name(String(m.event)),
    })),
    targeting: audience
      ? {
          audiences: (audience.audiences as string[]).map(name),
          combination: audience.audienceCombinationType,
        }
      : targeting.target
        ? { target: rules(targeting.target, name) }
        : null,
  };
}

export function describeProject(snapshot: ProjectSnapshot) {
  const map = names(snapshot);
  const name = (uid: string) => map.get(uid) ?? `unknown:${uid}`;
  return {
    attributes: snapshot.attributes
      .filter((a) => a.__type === "CUSTOM")
      .map((a) => ({
        key: a.key,
        name: a.name,
        description: a.description ?? "",
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    events: snapshot.events
      .map((e) => ({ key: e.key, description: e.description ?? "" }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    audiences: snapshot.audiences
      .filter((a) => a.source !== "LYTICS")
      .map((a) => ({
        name: a.name,
        description: a.description ?? "",
        definition: rules(a.definition, name),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    experiences: snapshot.experiences
      .map((e) => ({
        name: e.name,
        description: e.description ?? "",
        type: e.__type,
        tags: e.tags ?? [],
        status: e.status,
        versions: (snapshot.versions[e.uid] ?? [])
          .filter((v) => v.status !== "ARCHIVED")
          .map((v) => version(v as unknown as Json, name))
          .sort((a, b) => String(a.status).localeCompare(String(b.status))),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    priority: snapshot.priority.map(name),
  };
}

/** Counts each name's occurrences, to prove there is no duplicate. */
export function duplicateNames(snapshot: ProjectSnapshot): string[] {
  const seen = new Map<string, number>();
  const all = [
    ...snapshot.attributes.map((a) => `attribute:${a.key}`),
    ...snapshot.audiences.map((a) => `audience:${a.name}`),
    ...snapshot.events.map((e) => `event:${e.key}`),
    ...snapshot.experiences.map((e) => `experience:${e.name}`),
  ];
  for (const key of all) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([key]) => key);
}
