/**
 * Rewrites every reference a copied body holds from source uids to
 * destination uids: custom attributes in audience rules and inline targets,
 * audiences in variants and targeting, events in metrics. Bodies are rebuilt
 * from a whitelist, so server fields never travel.
 */

type Json = Record<string, unknown>;

/** Finds the destination uid of a source entity, or nothing. */
export interface ReferenceLookup {
  attribute(sourceUid: string): string | undefined;
  audience(sourceUid: string): string | undefined;
  event(sourceUid: string): string | undefined;
  /** A person's name for a source entity, for messages. */
  describe(kind: "attribute" | "audience" | "event", uid: string): string;
}

/** What remapping one body found wrong or left out. */
export interface RemapReport {
  /** References with no destination: the run must stop before writing. */
  unresolved: string[];
  /** References deliberately left out of the copy, said for the summary. */
  dropped: string[];
}

/**
 * The lookup for bodies already in destination terms: every reference is
 * kept as it is, so destination entities pass through the same whitelist.
 */
export const destinationLookup: ReferenceLookup = {
  attribute: (uid) => uid,
  audience: (uid) => uid,
  event: (uid) => uid,
  describe: (_kind, uid) => uid,
};

/** Looks references up in a source uid → destination uid mapping. */
export function mappingLookup(mapping: {
  attributes: Record<string, string>;
  audiences: Record<string, string>;
  events: Record<string, string>;
}): ReferenceLookup {
  return {
    attribute: (uid) => mapping.attributes[uid],
    audience: (uid) => mapping.audiences[uid],
    event: (uid) => mapping.events[uid],
    describe: (_kind, uid) => uid,
  };
}

export function emptyReport(): RemapReport {
  return { unresolved: [], dropped: [] };
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === "object" ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Rewrites an audience rule tree; `owner` names its holder in messages. */
export function remapRules(
  node: unknown,
  lookup: ReferenceLookup,
  report: RemapReport,
  owner: string,
): Json {
  const source = asObject(node);
  if (source.__type === "RuleCombination") {
    return {
      __type: "RuleCombination",
      combinationType: source.combinationType,
      rules: asArray(source.rules).map((rule) =>
        remapRules(rule, lookup, report, owner),
      ),
    };
  }

  const attribute = asObject(source.attribute);
  let ref = attribute.ref;
  if (attribute.__type === "CustomAttributeReference") {
    const sourceUid = String(ref);
    ref = lookup.attribute(sourceUid);
    if (ref === undefined) {
      const name = lookup.describe("attribute", sourceUid);
      report.unresolved.push(`${owner} refers to custom attribute ${name}`);
      ref = sourceUid;
    }
  }
  const rule: Json = {
    __type: "Rule",
    attribute: { __type: attribute.__type, ref },
    attributeMatchCondition: source.attributeMatchCondition,
    invertCondition: source.invertCondition === true,
  };
  if (source.attributeMatchOptions !== undefined) {
    rule.attributeMatchOptions = source.attributeMatchOptions;
  }
  return rule;
}

function remapAudienceList(
  uids: unknown,
  lookup: ReferenceLookup,
  report: RemapReport,
  owner: string,
): string[] {
  return asArray(uids).map((value) => {
    const sourceUid = String(value);
    const destinationUid = lookup.audience(sourceUid);
    if (destinationUid !== undefined) return destinationUid;
    const name = lookup.describe("audience", sourceUid);
    report.unresolved.push(`${owner} refers to audience ${name}`);
    return sourceUid;
  });
}

function remapVariant(
  variant: Json,
  lookup: ReferenceLookup,
  report: RemapReport,
  owner: string,
): Json | undefined {
  const where = `${owner}, variant "${String(variant.name)}"`;
  if (variant.__type === "ABTestVariant") {
    return {
      __type: "ABTestVariant",
      name: variant.name,
      trafficDistribution: variant.trafficDistribution,
    };
  }

  const audiences = remapAudienceList(variant.audiences, lookup, report, where);
  const lytics = asArray(variant.lyticsAudiences);
  if (lytics.length > 0) {
    report.dropped.push(
      `${where}: ${lytics.length} Lytics audience reference(s), ` +
        "which the API cannot create in another project",
    );
  }
  const copy: Json = {
    __type: "SegmentedVariant",
    name: variant.name,
    audiences,
    audienceCombinationType: variant.audienceCombinationType,
  };
  if (variant.target !== undefined) {
    copy.target = remapRules(variant.target, lookup, report, where);
  }
  if (audiences.length === 0 && copy.target === undefined) {
    report.dropped.push(
      `${where}: the whole variant, since it targeted only Lytics audiences`,
    );
    return undefined;
  }
  return copy;
}

/**
 * The part of a version that a clone copies: variants in order, split,
 * metrics and targeting, with every reference remapped.
 */
export function remapVersionContent(
  version: unknown,
  lookup: ReferenceLookup,
  report: RemapReport,
  owner: string,
): Json {
  const source = asObject(version);
  const variants = asArray(source.variants)
    .map((variant) => remapVariant(asObject(variant), lookup, report, owner))
    .filter((variant) => variant !== undefined);
  const content: Json = { variants };
  if (source.variantSplit !== undefined) {
    content.variantSplit = source.variantSplit;
  }

  if (source.metrics !== undefined) {
    content.metrics = asArray(source.metrics).map((value) => {
      const metric = asObject(value);
      const sourceUid = String(metric.event);
      let event = lookup.event(sourceUid);
      if (event === undefined) {
        const name = lookup.describe("event", sourceUid);
        report.unresolved.push(
          `${owner}, metric "${String(metric.name)}" refers to event ${name}`,
        );
        event = sourceUid;
      }
      return { __type: metric.__type, name: metric.name, event };
    });
  }

  const targeting = asObject(source.targeting);
  if (targeting.audience !== undefined) {
    const audience = asObject(targeting.audience);
    content.targeting = {
      audience: {
        audiences: remapAudienceList(
          audience.audiences,
          lookup,
          report,
          `${owner}, targeting`,
        ),
        audienceCombinationType: audience.audienceCombinationType,
      },
    };
  } else if (targeting.target !== undefined) {
    content.targeting = {
      target: remapRules(
        targeting.target,
        lookup,
        report,
        `${owner} targeting`,
      ),
    };
  }
  return content;
}

/**
 * Version content as the API stores it, for comparison: an equal split is
 * recomputed by the server, so its percentages say nothing.
 */
export function comparableContent(content: Json): Json {
  const copy: Json = { ...content };
  copy.variants = asArray(content.variants).map((value) => {
    const variant = { ...asObject(value) };
    delete variant.shortUid;
    if (variant.__type === "SegmentedVariant") delete variant.lyticsAudiences;
    if (content.variantSplit === "EQUALLY_SPLIT") {
      delete variant.trafficDistribution;
    }
    return variant;
  });
  return copy;
}
