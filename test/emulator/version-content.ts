/**
 * A version's content, `{variants, variantSplit, metrics, targeting}`, as
 * the server validates and normalises it: references checked, traffic of an
 * equal split rewritten, variant shortUids issued.
 */

import {
  enumValue,
  isRecord,
  optionalArray,
  requiredRecord,
  requiredString,
} from "./body-fields.ts";
import { countRules, parseRuleCombination } from "./definitions.ts";
import { badRequest } from "./errors.ts";
import { isObjectId } from "./ids.ts";
import {
  type ABTestVariant,
  COMBINATION_TYPES,
  type ExperienceType,
  METRIC_TYPES,
  type Metric,
  type SegmentedVariant,
  type Targeting,
  VARIANT_SPLITS,
  type Variant,
  type VariantSplit,
} from "./model.ts";
import type { ExperienceRecord, ProjectState } from "./store.ts";

const CODE = "personalize.EXPERIENCES.VERSIONS";

/** Documented default maximum of variants in one version. */
export const MAX_VARIANTS = 20;

/** A variant before its shortUid is issued: the one asked for, if any. */
export type RequestedVariant =
  | (Omit<SegmentedVariant, "shortUid"> & { shortUid?: string })
  | (Omit<ABTestVariant, "shortUid"> & { shortUid?: string });

export interface VersionContent {
  variants: RequestedVariant[];
  variantSplit?: VariantSplit;
  metrics?: Metric[];
  targeting?: Targeting;
}

interface Scope {
  project: ProjectState;
  experienceType: ExperienceType;
}

/** Validates a version body whose `variants` is known to be an array. */
export function parseVersionContent(
  body: Record<string, unknown> & { variants: unknown[] },
  scope: Scope,
): VersionContent {
  if (body.variants.length > MAX_VARIANTS) {
    throw badRequest(`${CODE}.VARIANTS_LIMIT_EXCEEDED`, {
      variants: `A version can have at most ${MAX_VARIANTS} variants`,
    });
  }
  if (scope.experienceType === "SEGMENTED") {
    // INFERRED, strict reading: split, metrics and targeting belong to A/B
    // tests only.
    for (const field of ["variantSplit", "metrics", "targeting"]) {
      const value = body[field];
      const isEmpty = Array.isArray(value) && value.length === 0;
      if (value !== undefined && value !== null && !isEmpty) {
        throw badRequest(`${CODE}.NOT_ALLOWED_FOR_SEGMENTED`, {
          [field]: `${field} applies only to AB_TEST experiences`,
        });
      }
    }
    const variants = body.variants.map((raw, index) =>
      parseSegmentedVariant(raw, `variants.${index}`, scope.project),
    );
    return { variants };
  }

  // INFERRED: an A/B version without variantSplit is split equally.
  const variantSplit =
    body.variantSplit === undefined || body.variantSplit === null
      ? "EQUALLY_SPLIT"
      : enumValue(
          body.variantSplit,
          VARIANT_SPLITS,
          "variantSplit",
          `${CODE}.NOT_VALID_ENUM`,
        );
  const variants = body.variants.map((raw, index) =>
    parseABTestVariant(raw, `variants.${index}`, variantSplit),
  );
  if (variantSplit === "EQUALLY_SPLIT") splitEqually(variants);
  const metrics = parseMetrics(body.metrics, scope.project);
  const targeting = parseTargeting(body.targeting, scope.project);
  return {
    variants,
    variantSplit,
    ...(metrics.length > 0 ? { metrics } : {}),
    ...(targeting ? { targeting } : {}),
  };
}

/** What activating needs beyond a valid draft. */
export function assertActivatable(
  content: VersionContent,
  experienceType: ExperienceType,
): void {
  const needed = experienceType === "AB_TEST" ? 2 : 1;
  if (content.variants.length < needed) {
    throw badRequest(`${CODE}.INSUFFICIENT_VARIANTS_TO_ACTIVATE`, {
      variants: `An ${experienceType} version needs at least ${needed} variant(s) to be activated`,
    });
  }
  if (content.variantSplit === "CUSTOM_PERCENTAGE") {
    const total = content.variants.reduce(
      (sum, variant) =>
        sum +
        ("trafficDistribution" in variant ? variant.trafficDistribution : 0),
      0,
    );
    if (total !== 100) {
      throw badRequest(`${CODE}.INVALID_TRAFFIC_DISTRIBUTION`, {
        variants: `Traffic distribution must add up to 100; it adds up to ${total}`,
      });
    }
  }
}

/**
 * Gives each variant its shortUid: one this experience already issued is
 * kept, anything else gets the next number of the experience's high-water
 * counter, so numbers are never reused.
 */
export function issueShortUids(
  record: ExperienceRecord,
  variants: RequestedVariant[],
): { variants: Variant[]; nextShortUid: number } {
  const issuedBefore = record.nextVariantShortUid;
  let next = issuedBefore;
  const taken = new Set<string>();
  const issued = variants.map((requested, index): Variant => {
    const { shortUid: asked, __type, ...fields } = requested;
    let shortUid = asked;
    if (shortUid === undefined || !wasIssued(shortUid, issuedBefore)) {
      shortUid = String(next);
      next += 1;
    } else if (taken.has(shortUid)) {
      // INFERRED, strict reading: two variants cannot share one shortUid.
      throw badRequest(`${CODE}.DUPLICATE_VARIANT_SHORT_UID`, {
        [`variants.${index}.shortUid`]: `shortUid "${shortUid}" is used by another variant`,
      });
    }
    taken.add(shortUid);
    return { __type, shortUid, ...fields } as Variant;
  });
  return { variants: issued, nextShortUid: next };
}

/** Same content once normalised, shortUids aside. */
export function isSameContent(
  stored: VersionContent,
  requested: VersionContent,
): boolean {
  return canonical(stored) === canonical(requested);
}

function canonical(content: VersionContent): string {
  return stableJson({
    variants: content.variants.map(({ shortUid: _, ...rest }) => rest),
    variantSplit: content.variantSplit,
    metrics: content.metrics,
    targeting: content.targeting,
  });
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

function wasIssued(shortUid: string, issuedBefore: number): boolean {
  return /^(0|[1-9][0-9]*)$/.test(shortUid) && Number(shortUid) < issuedBefore;
}

function requestedShortUid(raw: Record<string, unknown>) {
  return typeof raw.shortUid === "string" ? { shortUid: raw.shortUid } : {};
}

function parseSegmentedVariant(
  raw: unknown,
  path: string,
  project: ProjectState,
): RequestedVariant {
  const body = requiredRecord(raw, path, `${CODE}.INVALID_VARIANT`);
  enumValue(
    body.__type,
    ["SegmentedVariant"],
    `${path}.__type`,
    `${CODE}.NOT_VALID_ENUM`,
  );
  const name = requiredString(
    body.name,
    `${path}.name`,
    `${CODE}.NAME_REQUIRED`,
  );
  const audiences = parseAudienceUids(
    body.audiences,
    `${path}.audiences`,
    project,
    "VARIANTS",
  );
  const lyticsPath = `${path}.lyticsAudiences`;
  const lyticsAudiences = optionalArray(
    body.lyticsAudiences,
    lyticsPath,
    `${CODE}.INVALID_VARIANT`,
  ).map((uid, index) => {
    if (
      typeof uid !== "string" ||
      project.audiences.get(uid)?.source !== "LYTICS"
    ) {
      throw badRequest(
        `${CODE}.VARIANTS_REFERRED_LYTICS_AUDIENCE_DOES_NOT_EXIST`,
        {
          [`${lyticsPath}.${index}`]: `Lytics audience \`${String(uid)}\` does not exist in this project`,
        },
      );
    }
    return uid;
  });
  const audienceCombinationType = enumValue(
    body.audienceCombinationType,
    COMBINATION_TYPES,
    `${path}.audienceCombinationType`,
    `${CODE}.NOT_VALID_ENUM`,
  );
  const target =
    body.target === undefined || body.target === null
      ? undefined
      : parseRuleCombination(body.target, `${path}.target`, {
          project,
          codePrefix: CODE,
        });

  // INFERRED, strict reading: a target only counts when it has a rule.
  const hasTarget = target !== undefined && countRules(target) > 0;
  if (audiences.length === 0 && lyticsAudiences.length === 0 && !hasTarget) {
    throw badRequest(`${CODE}.EMPTY_ARRAY`, {
      [`${path}.audiences`]:
        "A segmented variant needs an audience, a Lytics audience or a target rule",
    });
  }
  return {
    __type: "SegmentedVariant",
    ...requestedShortUid(body),
    name,
    audiences,
    lyticsAudiences,
    audienceCombinationType,
    ...(target ? { target } : {}),
  };
}

function parseABTestVariant(
  raw: unknown,
  path: string,
  split: VariantSplit,
): RequestedVariant {
  const body = requiredRecord(raw, path, `${CODE}.INVALID_VARIANT`);
  enumValue(
    body.__type,
    ["ABTestVariant"],
    `${path}.__type`,
    `${CODE}.NOT_VALID_ENUM`,
  );
  const name = requiredString(
    body.name,
    `${path}.name`,
    `${CODE}.NAME_REQUIRED`,
  );
  const traffic = body.trafficDistribution;
  const isPercent =
    typeof traffic === "number" && traffic >= 0 && traffic <= 100;
  const isRequired = split === "CUSTOM_PERCENTAGE";
  if ((traffic !== undefined || isRequired) && !isPercent) {
    throw badRequest(`${CODE}.INVALID_TRAFFIC_DISTRIBUTION`, {
      [`${path}.trafficDistribution`]:
        "trafficDistribution must be a number from 0 to 100",
    });
  }
  return {
    __type: "ABTestVariant",
    ...requestedShortUid(body),
    name,
    trafficDistribution: isPercent ? traffic : 0,
  };
}

/** Even split summing to 100; the remainder goes to the first variants. */
function splitEqually(variants: RequestedVariant[]): void {
  const count = variants.length;
  if (count === 0) return;
  const share = Math.floor(100 / count);
  const remainder = 100 - share * count;
  variants.forEach((variant, index) => {
    if (variant.__type === "ABTestVariant") {
      variant.trafficDistribution = share + (index < remainder ? 1 : 0);
    }
  });
}

function parseAudienceUids(
  raw: unknown,
  path: string,
  project: ProjectState,
  referrer: "VARIANTS" | "TARGETING",
): string[] {
  return optionalArray(raw, path, `${CODE}.INVALID_VARIANT`).map(
    (uid, index) => {
      const itemPath = `${path}.${index}`;
      if (!isObjectId(uid)) {
        throw badRequest(`${CODE}.INVALID_OBJECT_ID`, {
          [itemPath]: `\`${String(uid)}\` is not a valid ObjectId`,
        });
      }
      const audience = project.audiences.get(uid);
      if (!audience || audience.source === "LYTICS") {
        throw badRequest(
          `${CODE}.${referrer}_REFERRED_AUDIENCE_DOES_NOT_EXIST`,
          {
            [itemPath]: `Audience \`${uid}\` does not exist in this project`,
          },
        );
      }
      return uid;
    },
  );
}

function parseMetrics(raw: unknown, project: ProjectState): Metric[] {
  const metrics = optionalArray(raw, "metrics", `${CODE}.INVALID_METRICS`).map(
    (item, index): Metric => {
      const path = `metrics.${index}`;
      const body = requiredRecord(item, path, `${CODE}.INVALID_METRICS`);
      const type = enumValue(
        body.__type,
        METRIC_TYPES,
        `${path}.__type`,
        `${CODE}.NOT_VALID_ENUM`,
      );
      const name = requiredString(
        body.name,
        `${path}.name`,
        `${CODE}.NAME_REQUIRED`,
      );
      if (!isObjectId(body.event)) {
        throw badRequest(`${CODE}.INVALID_OBJECT_ID`, {
          [`${path}.event`]: `\`${String(body.event)}\` is not a valid ObjectId`,
        });
      }
      if (!project.events.has(body.event)) {
        throw badRequest(`${CODE}.METRICS_REFERRED_EVENT_DOES_NOT_EXIST`, {
          [`${path}.event`]: `Event \`${body.event}\` does not exist in this project`,
        });
      }
      return { __type: type, name, event: body.event };
    },
  );
  // INFERRED, strict reading: one primary metric at most.
  if (metrics.filter((metric) => metric.__type === "Primary").length > 1) {
    throw badRequest(`${CODE}.MULTIPLE_PRIMARY_METRICS`, {
      metrics: "A version can have only one Primary metric",
    });
  }
  return metrics;
}

function parseTargeting(
  raw: unknown,
  project: ProjectState,
): Targeting | undefined {
  if (raw === undefined || raw === null) return undefined;
  const invalid = `${CODE}.INVALID_TARGETING`;
  const body = requiredRecord(raw, "targeting", invalid);
  const hasAudience = body.audience !== undefined && body.audience !== null;
  const hasTarget = body.target !== undefined && body.target !== null;
  if (hasAudience === hasTarget) {
    throw badRequest(invalid, {
      targeting: "targeting needs exactly one of audience or target",
    });
  }
  if (hasTarget) {
    const target = parseRuleCombination(body.target, "targeting.target", {
      project,
      codePrefix: CODE,
    });
    return { target };
  }

  const audience = requiredRecord(body.audience, "targeting.audience", invalid);
  const path = "targeting.audience.audiences";
  const audiences = parseAudienceUids(
    audience.audiences,
    path,
    project,
    "TARGETING",
  );
  if (audiences.length === 0) {
    throw badRequest(`${CODE}.EMPTY_ARRAY`, {
      [path]: "Audience targeting needs at least one audience",
    });
  }
  const audienceCombinationType = enumValue(
    audience.audienceCombinationType,
    COMBINATION_TYPES,
    "targeting.audience.audienceCombinationType",
    `${CODE}.NOT_VALID_ENUM`,
  );
  return { audience: { audiences, audienceCombinationType } };
}
