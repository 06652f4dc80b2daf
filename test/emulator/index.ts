/** A local emulator of the Contentstack Personalize Management API. */

export {
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "./emulator.ts";
export type { FaultSettings, Faults } from "./faults.ts";
export type {
  ABTestVariant,
  Attribute,
  AttributeReference,
  Audience,
  AudienceTargeting,
  Audit,
  CombinationType,
  Event,
  Experience,
  ExperienceDetail,
  ExperienceStatus,
  ExperienceType,
  MatchCondition,
  MatchOptions,
  Metric,
  MetricType,
  Project,
  ProjectSnapshot,
  Rule,
  RuleCombination,
  RuleTargeting,
  SegmentedVariant,
  Targeting,
  Variant,
  VariantSplit,
  Version,
  VersionStatus,
} from "./model.ts";
export { PRESET_ATTRIBUTES } from "./presets.ts";
export type {
  ProjectSeed,
  SeedResult,
  SeedRule,
  SeedRuleCombination,
  SeedVariant,
  SeedVersion,
} from "./seed-types.ts";
export type { RequestRecord } from "./server.ts";
export type { AuthType } from "./store.ts";
