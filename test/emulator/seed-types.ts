/**
 * The shape of a hand-writable project seed. Seeds refer to attributes and
 * events by key and to audiences and experiences by name, never by uid.
 */

import type {
  AttributeReference,
  CombinationType,
  ExperienceType,
  MatchCondition,
  MatchOptions,
  MetricType,
  VariantSplit,
  VersionStatus,
} from "./model.ts";

/** A rule whose CustomAttributeReference.ref is the attribute KEY. */
export interface SeedRule {
  __type: "Rule";
  attribute: AttributeReference;
  attributeMatchCondition: MatchCondition;
  attributeMatchOptions?: MatchOptions;
  /** Default false. */
  invertCondition?: boolean;
}

export interface SeedRuleCombination {
  __type: "RuleCombination";
  combinationType: CombinationType;
  rules: (SeedRule | SeedRuleCombination)[];
}

export interface SeedVariant {
  /** Default: the variant type of the experience. */
  __type?: "SegmentedVariant" | "ABTestVariant";
  name: string;
  shortUid?: string;
  /** Audience names. */
  audiences?: string[];
  /** Lytics audience names. */
  lyticsAudiences?: string[];
  /** Default "AND" on segmented variants. */
  audienceCombinationType?: CombinationType;
  target?: SeedRuleCombination;
  trafficDistribution?: number;
}

export interface SeedVersion {
  status: VersionStatus;
  variants?: SeedVariant[];
  variantSplit?: VariantSplit;
  /** `event` is the event KEY. */
  metrics?: { __type: MetricType; name: string; event: string }[];
  /** Audience names, or inline rules using attribute keys. */
  targeting?:
    | {
        audience: {
          audiences: string[];
          audienceCombinationType: CombinationType;
        };
      }
    | { target: SeedRuleCombination };
}

export interface ProjectSeed {
  name: string;
  description?: string;
  connectedStackApiKey?: string;
  /** Custom attributes. */
  attributes?: { key: string; name: string; description?: string }[];
  events?: { key: string; description?: string }[];
  audiences?: {
    name: string;
    description?: string;
    definition?: SeedRuleCombination;
    source?: "LYTICS";
    slug?: string;
  }[];
  experiences?: {
    name: string;
    description?: string;
    __type: ExperienceType;
    tags?: string[];
    /** Oldest first: ARCHIVED ones, then at most one live, then a DRAFT. */
    versions?: SeedVersion[];
  }[];
  /** Experience names, highest priority first; default creation order. */
  priority?: string[];
}

/** Key or name → uid of everything the seed minted. */
export interface SeedResult {
  projectUid: string;
  attributes: Record<string, string>;
  events: Record<string, string>;
  audiences: Record<string, string>;
  experiences: Record<string, string>;
}
