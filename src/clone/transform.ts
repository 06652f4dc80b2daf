/**
 * The bodies a clone writes, built from a whitelist of the fields each
 * entity's create and update accept, with every reference remapped.
 */

import type {
  AttributeInput,
  AudienceInput,
  EventInput,
  ExperienceInput,
} from "../personalize/api.ts";
import type {
  Attribute,
  Audience,
  Event,
  Experience,
  Version,
} from "../personalize/schemas.ts";
import { description, tags } from "./normalise.ts";
import type { ReferenceLookup, RemapReport } from "./remap.ts";
import { remapRules, remapVersionContent } from "./remap.ts";
import { copiedVersions } from "./select.ts";
import type { Activation } from "./types.ts";
import type { DesiredVersions } from "./versions.ts";

export function attributeBody(attribute: Attribute): AttributeInput {
  return {
    key: attribute.key,
    name: attribute.name,
    description: description(attribute.description),
  };
}

export function eventBody(event: Event): EventInput {
  return { key: event.key, description: description(event.description) };
}

export function audienceBody(
  audience: Audience,
  lookup: ReferenceLookup,
  report: RemapReport,
): AudienceInput {
  const owner = `audience "${audience.name}"`;
  return {
    name: audience.name,
    description: description(audience.description),
    // Rebuilt field by field from the rule grammar, so it is one.
    definition: remapRules(
      audience.definition ?? { __type: "RuleCombination", rules: [] },
      lookup,
      report,
      owner,
    ) as unknown as AudienceInput["definition"],
  };
}

export function experienceBody(experience: Experience): ExperienceInput {
  return {
    name: experience.name,
    description: description(experience.description),
    __type: experience.__type,
    tags: tags(experience.tags),
  };
}

/**
 * What the destination's versions should hold. With `mirror` the live
 * version and the draft are both kept with their statuses; with `none`
 * a single draft holds the content that is live in the source.
 */
export function desiredVersions(
  experience: Experience,
  versions: readonly Version[],
  activation: Activation,
  lookup: ReferenceLookup,
  report: RemapReport,
): DesiredVersions {
  const owner = `experience "${experience.name}"`;
  const desired: DesiredVersions = {};
  for (const version of copiedVersions(versions, activation)) {
    const content = remapVersionContent(version, lookup, report, owner);
    if (activation === "none" || version.status === "DRAFT") {
      desired.draft = content;
    } else if (version.status === "ACTIVE" || version.status === "PAUSED") {
      desired.live = { content, status: version.status };
    }
  }
  return desired;
}

/** The fewest variants the API accepts on a live version of this type. */
export function minimumLiveVariants(experience: Experience): number {
  return experience.__type === "AB_TEST" ? 2 : 1;
}
