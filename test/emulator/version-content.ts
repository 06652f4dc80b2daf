/**
 * A version's content, `{variants, variantSplit, metrics, targeting}`, as
 * the server validates and normalises it, what activating it needs, and
 * when two contents count as the same.
 */

import {
  enumValue,
  isRecord,
  optionalArray,
  requiredRecord,
  requiredString,
} from "./body-fields.ts";
import { parseRuleCombination } from "./definitions.ts";
import { badRequest } from "./errors.ts";
import { isObjectId } from "./ids.ts";
import {
  COMBINATION_TYPES,
  type ExperienceType,
  METRIC_TYPES,
  type Metric,
  type Targeting,
  VARIANT_SPLITS,
  type VariantSplit,
} from "./model.ts";
import type { ProjectState } from "./store.ts";
import {
  parseABTestVariant,
  parseAudienceUids,
  parseSegmentedVariant,
  type RequestedVariant,
  splitEqually,
} from "./variants.ts";

const CODE = "personalize.EXPERIENCES.VERSIONS";

/** Documented default maximum of variants in one version. */
export const MAX_VARIANTS = 20;

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
