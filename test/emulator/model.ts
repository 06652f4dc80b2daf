/**
 * The entities of the Personalize Management API, shaped as the API returns
 * them, and the vocabulary (enumerations) its bodies may use.
 */

export const EXPERIENCE_TYPES = ["SEGMENTED", "AB_TEST"] as const;
export type ExperienceType = (typeof EXPERIENCE_TYPES)[number];

export const VERSION_STATUSES = [
  "DRAFT",
  "ACTIVE",
  "PAUSED",
  "ARCHIVED",
] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** An experience's status is derived from its versions, never archived. */
export type ExperienceStatus = Exclude<VersionStatus, "ARCHIVED">;

export const COMBINATION_TYPES = ["AND", "OR"] as const;
export type CombinationType = (typeof COMBINATION_TYPES)[number];

export const VARIANT_SPLITS = ["EQUALLY_SPLIT", "CUSTOM_PERCENTAGE"] as const;
export type VariantSplit = (typeof VARIANT_SPLITS)[number];

export const METRIC_TYPES = ["Primary", "Secondary"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export const MATCH_CONDITIONS = [
  "STRING_EQUALS",
  "CONTAINS_SUBSTRING",
  "HAS_ANY_VALUE",
  "IS_TRUE",
  "IS_FALSE",
  "NUMBER_LESS_THAN",
  "NUMBER_GREATER_THAN",
  "NUMBER_EQUAL_TO",
  "JSON_MATCH",
  "IS_MEMBER_OF",
  "IS_IN_FLOW_STATE",
  "BEFORE_TIME",
  "AFTER_TIME",
  "BETWEEN_TIME",
] as const;
export type MatchCondition = (typeof MATCH_CONDITIONS)[number];

export const ATTRIBUTE_REFERENCE_TYPES = [
  "PresetAttributeReference",
  "CustomAttributeReference",
  "LyticsAttributeReference",
] as const;
export type AttributeReferenceType = (typeof ATTRIBUTE_REFERENCE_TYPES)[number];

/** Refs a LyticsAttributeReference may carry. */
export const LYTICS_ATTRIBUTE_REFS = [
  "LYTICS_AUDIENCE",
  "LYTICS_FLOW_STATE",
] as const;

/** Fields the server sets on every entity it stores. */
export interface Audit {
  _id: string;
  uid: string;
  project: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

export interface Project {
  _id: string;
  uid: string;
  name: string;
  description: string;
  organizationUid: string;
  connectedStackApiKey?: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
}

export interface Attribute extends Audit {
  key: string;
  name: string;
  description: string;
  __type: "PRESET" | "CUSTOM";
}

export interface Event extends Audit {
  key: string;
  description: string;
}

export interface AttributeReference {
  __type: AttributeReferenceType;
  ref: string;
}

export type MatchOptions =
  | { __type: "StringMatchOptions"; value: string }
  | { __type: "NumberMatchOptions"; value: number }
  | { __type: "AudienceMatchOptions"; value: string }
  | { __type: "FlowStateMatchOptions"; flowId: string; flowState: string }
  // Time conditions: the shape of their options is not documented.
  | { __type: string; [field: string]: unknown };

export interface Rule {
  __type: "Rule";
  attribute: AttributeReference;
  attributeMatchCondition: MatchCondition;
  attributeMatchOptions?: MatchOptions;
  invertCondition: boolean;
}

export interface RuleCombination {
  __type: "RuleCombination";
  combinationType: CombinationType;
  rules: (Rule | RuleCombination)[];
}

export interface Audience extends Audit {
  name: string;
  description: string;
  /** Absent on Lytics audiences, which are synced, not defined here. */
  definition?: RuleCombination;
  source?: "LYTICS";
  slug?: string;
}

export interface Experience extends Audit {
  shortUid: string;
  name: string;
  description: string;
  __type: ExperienceType;
  status: ExperienceStatus;
  /** Uid of the newest version. */
  latestVersion: string;
  tags: string[];
}

/** GET /experiences/{uid} adds what its live and draft versions refer to. */
export interface ExperienceDetail extends Experience {
  referredAudiences: string[];
  referredLyticsAudiences: string[];
}

export interface SegmentedVariant {
  __type: "SegmentedVariant";
  shortUid: string;
  name: string;
  audiences: string[];
  lyticsAudiences: string[];
  audienceCombinationType: CombinationType;
  target?: RuleCombination;
}

export interface ABTestVariant {
  __type: "ABTestVariant";
  shortUid: string;
  name: string;
  trafficDistribution: number;
}

export type Variant = SegmentedVariant | ABTestVariant;

export interface Metric {
  __type: MetricType;
  name: string;
  event: string;
}

export interface AudienceTargeting {
  audience: { audiences: string[]; audienceCombinationType: CombinationType };
}

export interface RuleTargeting {
  target: RuleCombination;
}

export type Targeting = AudienceTargeting | RuleTargeting;

export interface Version extends Audit {
  /** INFERRED field name: sources only say versions know their experience. */
  experienceUid: string;
  status: VersionStatus;
  variants: Variant[];
  variantSplit?: VariantSplit;
  metrics?: Metric[];
  targeting?: Targeting;
}

/** Everything a project holds, as the API would return it. */
export interface ProjectSnapshot {
  project: {
    uid: string;
    name: string;
    description: string;
    organizationUid: string;
    connectedStackApiKey?: string;
  };
  /** PRESET and CUSTOM, as GET /attributes returns them. */
  attributes: Attribute[];
  /** Including Lytics audiences. */
  audiences: Audience[];
  events: Event[];
  /** As GET /experiences returns them. */
  experiences: Experience[];
  /** Experience uid → all its versions, ARCHIVED included, newest first. */
  versions: Record<string, Version[]>;
  /** Experience uids, highest priority first. */
  priority: string[];
}
