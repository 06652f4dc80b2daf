/**
 * The shapes the cloner relies on in the Management API's answers. Objects
 * are loose: fields not listed here are kept, because the API adds fields
 * and a clone should carry what it does not understand. Lists are bare JSON
 * arrays; the API has no envelope and no pagination.
 */

import { z } from "zod";

/** A Personalize project, as listed or created under an organization. */
export const ProjectSchema = z.looseObject({
  uid: z.string(),
  name: z.string(),
  description: z.string().optional(),
  connectedStackApiKey: z.string().optional(),
});

/** A preset (built-in) or custom visitor attribute; `key` is unique. */
export const AttributeSchema = z.looseObject({
  uid: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().optional(),
  __type: z.enum(["PRESET", "CUSTOM"]),
});

/**
 * What a rule tests. Custom attributes are referenced by uid (so they need
 * remapping); preset and Lytics references by constant name.
 */
export const AttributeReferenceSchema = z.looseObject({
  __type: z.string(),
  ref: z.string(),
});

/** One condition on one attribute. */
export const RuleSchema = z.looseObject({
  __type: z.literal("Rule"),
  attribute: AttributeReferenceSchema,
  attributeMatchCondition: z.string(),
  attributeMatchOptions: z.looseObject({ __type: z.string() }).optional(),
  invertCondition: z.boolean().optional(),
});

/** Rules and nested combinations joined by AND or OR. */
export const RuleCombinationSchema = z.looseObject({
  __type: z.literal("RuleCombination"),
  combinationType: z.enum(["AND", "OR"]),
  get rules() {
    return z.array(z.union([RuleSchema, RuleCombinationSchema]));
  },
});

/** A named rule set; Lytics audiences carry `source: "LYTICS"` and a slug. */
export const AudienceSchema = z.looseObject({
  uid: z.string(),
  name: z.string(),
  description: z.string().optional(),
  definition: RuleCombinationSchema.optional(),
  source: z.string().optional(),
  slug: z.string().optional(),
});

/** A tracked event; `key` is its unique identifier. */
export const EventSchema = z.looseObject({
  uid: z.string(),
  key: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
});

/** An experience; its variants live on its versions. */
export const ExperienceSchema = z.looseObject({
  uid: z.string(),
  shortUid: z.string(),
  name: z.string(),
  description: z.string().optional(),
  __type: z.enum(["SEGMENTED", "AB_TEST"]),
  status: z.string(),
  /** Uid of the newest version (the empty draft right after creation). */
  latestVersion: z.string(),
  tags: z.array(z.string()).optional(),
});

/** A variant of a segmented experience, shown to matching audiences. */
export const SegmentedVariantSchema = z.looseObject({
  __type: z.literal("SegmentedVariant"),
  name: z.string(),
  shortUid: z.string().optional(),
  audiences: z.array(z.string()),
  lyticsAudiences: z.array(z.string()).optional(),
  audienceCombinationType: z.enum(["AND", "OR"]),
  target: RuleCombinationSchema.optional(),
});

/** A variant of an A/B test, with its share of traffic in percent. */
export const ABTestVariantSchema = z.looseObject({
  __type: z.literal("ABTestVariant"),
  name: z.string(),
  shortUid: z.string().optional(),
  trafficDistribution: z.number(),
});

/** Either kind of variant, told apart by `__type`. */
export const VariantSchema = z.discriminatedUnion("__type", [
  SegmentedVariantSchema,
  ABTestVariantSchema,
]);

/** An A/B test metric; `event` is an event uid. */
export const MetricSchema = z.looseObject({
  __type: z.string(),
  name: z.string().optional(),
  event: z.string(),
});

/** Who enters an A/B test: saved audiences, or an inline rule set. */
export const TargetingSchema = z.looseObject({
  audience: z
    .looseObject({
      audiences: z.array(z.string()),
      audienceCombinationType: z.enum(["AND", "OR"]).optional(),
    })
    .optional(),
  target: RuleCombinationSchema.optional(),
});

/** One version of an experience; at most one is a DRAFT. */
export const VersionSchema = z.looseObject({
  uid: z.string(),
  status: z.enum(["DRAFT", "ACTIVE", "PAUSED", "ARCHIVED"]),
  variants: z.array(VariantSchema),
  variantSplit: z.string().optional(),
  metrics: z.array(MetricSchema).optional(),
  targeting: TargetingSchema.optional(),
});

/** Experience uids in decreasing priority. */
export const PrioritySchema = z.looseObject({
  priorityOrder: z.array(z.string()),
});

/** `GET /projects`. */
export const ProjectListSchema = z.array(ProjectSchema);
/** `GET /attributes`. */
export const AttributeListSchema = z.array(AttributeSchema);
/** `GET /audiences`. */
export const AudienceListSchema = z.array(AudienceSchema);
/** `GET /events`. */
export const EventListSchema = z.array(EventSchema);
/** `GET /experiences`. */
export const ExperienceListSchema = z.array(ExperienceSchema);
/** `GET /experiences/{uid}/versions`. */
export const VersionListSchema = z.array(VersionSchema);

/** A Personalize project. */
export type Project = z.infer<typeof ProjectSchema>;
/** A preset or custom attribute. */
export type Attribute = z.infer<typeof AttributeSchema>;
/** An audience and its rule definition. */
export type Audience = z.infer<typeof AudienceSchema>;
/** Rules and nested combinations joined by AND or OR. */
export type RuleCombination = z.infer<typeof RuleCombinationSchema>;
/** One condition on one attribute. */
export type Rule = z.infer<typeof RuleSchema>;
/** A tracked event. */
export type Event = z.infer<typeof EventSchema>;
/** An experience (without its variants). */
export type Experience = z.infer<typeof ExperienceSchema>;
/** One version of an experience. */
export type Version = z.infer<typeof VersionSchema>;
/** A segmented or A/B test variant. */
export type Variant = z.infer<typeof VariantSchema>;
/** A segmented experience's variant. */
export type SegmentedVariant = z.infer<typeof SegmentedVariantSchema>;
/** An A/B test's variant. */
export type ABTestVariant = z.infer<typeof ABTestVariantSchema>;
/** The experience priority order. */
export type Priority = z.infer<typeof PrioritySchema>;
