/**
 * Variants as the server validates them: SegmentedVariant and ABTestVariant,
 * the equal split it rewrites, and the shortUids it issues from each
 * experience's high-water counter.
 */

import {
  enumValue,
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
  type SegmentedVariant,
  type Variant,
  type VariantSplit,
} from "./model.ts";
import type { ExperienceRecord, ProjectState } from "./store.ts";

const CODE = "personalize.EXPERIENCES.VERSIONS";

/** A variant before its shortUid is issued: the one asked for, if any. */
export type RequestedVariant =
  | (Omit<SegmentedVariant, "shortUid"> & { shortUid?: string })
  | (Omit<ABTestVariant, "shortUid"> & { shortUid?: string });

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

function wasIssued(shortUid: string, issuedBefore: number): boolean {
  return /^(0|[1-9][0-9]*)$/.test(shortUid) && Number(shortUid) < issuedBefore;
}

function requestedShortUid(raw: Record<string, unknown>) {
  return typeof raw.shortUid === "string" ? { shortUid: raw.shortUid } : {};
}

/** The variant's fields, once its __type and name are checked. */
function readVariant(
  raw: unknown,
  path: string,
  type: RequestedVariant["__type"],
): { body: Record<string, unknown>; name: string } {
  const body = requiredRecord(raw, path, `${CODE}.INVALID_VARIANT`);
  enumValue(body.__type, [type], `${path}.__type`, `${CODE}.NOT_VALID_ENUM`);
  const name = requiredString(
    body.name,
    `${path}.name`,
    `${CODE}.NAME_REQUIRED`,
  );
  return { body, name };
}

export function parseSegmentedVariant(
  raw: unknown,
  path: string,
  project: ProjectState,
): RequestedVariant {
  const { body, name } = readVariant(raw, path, "SegmentedVariant");
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

export function parseABTestVariant(
  raw: unknown,
  path: string,
  split: VariantSplit,
): RequestedVariant {
  const { body, name } = readVariant(raw, path, "ABTestVariant");
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
export function splitEqually(variants: RequestedVariant[]): void {
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

export function parseAudienceUids(
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
