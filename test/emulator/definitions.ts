/**
 * The rule grammar shared by audience definitions and inline targets:
 * RuleCombination { __type, combinationType, rules[] } nesting Rules and
 * RuleCombinations. Parsing validates every node and keeps only the
 * documented fields.
 */

import {
  enumValue,
  isRecord,
  requiredRecord,
  requiredString,
} from "./body-fields.ts";
import { badRequest } from "./errors.ts";
import {
  ATTRIBUTE_REFERENCE_TYPES,
  type AttributeReference,
  COMBINATION_TYPES,
  LYTICS_ATTRIBUTE_REFS,
  MATCH_CONDITIONS,
  type MatchCondition,
  type MatchOptions,
  type Rule,
  type RuleCombination,
} from "./model.ts";
import { PRESET_KEYS } from "./presets.ts";
import type { ProjectState } from "./store.ts";

/** Most rules one definition may hold (docs FAQ: RULE_COUNT_EXCEEDED). */
export const MAX_RULES = 50;

export interface DefinitionScope {
  project: ProjectState;
  /** Resource part of error codes, e.g. "personalize.AUDIENCES". */
  codePrefix: string;
}

/** The options type each condition needs; others take none. */
const OPTIONS_BY_CONDITION: Partial<Record<MatchCondition, string>> = {
  STRING_EQUALS: "StringMatchOptions",
  CONTAINS_SUBSTRING: "StringMatchOptions",
  NUMBER_LESS_THAN: "NumberMatchOptions",
  NUMBER_GREATER_THAN: "NumberMatchOptions",
  NUMBER_EQUAL_TO: "NumberMatchOptions",
  IS_MEMBER_OF: "AudienceMatchOptions",
  IS_IN_FLOW_STATE: "FlowStateMatchOptions",
};

const TIME_CONDITIONS: ReadonlySet<MatchCondition> = new Set([
  "BEFORE_TIME",
  "AFTER_TIME",
  "BETWEEN_TIME",
]);

/**
 * Parses a whole definition, counting rules across all its levels. The
 * limit is documented for audiences; INFERRED, strict reading: inline
 * targets of versions are held to it too.
 */
export function parseRuleCombination(
  raw: unknown,
  path: string,
  scope: DefinitionScope,
): RuleCombination {
  const combination = parseCombination(raw, path, scope);
  const count = countRules(combination);
  if (count > MAX_RULES) {
    throw badRequest(`${scope.codePrefix}.RULE_COUNT_EXCEEDED`, {
      [path]: `A definition may hold at most ${MAX_RULES} rules; this one has ${count}`,
    });
  }
  return combination;
}

export function countRules(combination: RuleCombination): number {
  let count = 0;
  walkRules(combination, () => {
    count += 1;
  });
  return count;
}

export function walkRules(
  combination: RuleCombination,
  visit: (rule: Rule) => void,
): void {
  for (const node of combination.rules) {
    if (node.__type === "RuleCombination") walkRules(node, visit);
    else visit(node);
  }
}

/** Uids of the custom attributes a definition refers to. */
export function customAttributeRefs(combination: RuleCombination): string[] {
  const refs: string[] = [];
  walkRules(combination, (rule) => {
    if (rule.attribute.__type === "CustomAttributeReference") {
      refs.push(rule.attribute.ref);
    }
  });
  return refs;
}

function parseCombination(
  raw: unknown,
  path: string,
  scope: DefinitionScope,
): RuleCombination {
  const invalid = `${scope.codePrefix}.INVALID_DEFINITION`;
  const body = requiredRecord(raw, path, invalid);
  if (body.__type !== "RuleCombination") {
    throw badRequest(invalid, {
      [`${path}.__type`]: `${path}.__type must be "RuleCombination"`,
    });
  }
  const combinationType = enumValue(
    body.combinationType,
    COMBINATION_TYPES,
    `${path}.combinationType`,
    `${scope.codePrefix}.NOT_VALID_ENUM`,
  );
  if (!Array.isArray(body.rules)) {
    throw badRequest(invalid, {
      [`${path}.rules`]: `${path}.rules must be an array`,
    });
  }
  const rules = body.rules.map((node, index) => {
    const nodePath = `${path}.rules.${index}`;
    return isRecord(node) && node.__type === "RuleCombination"
      ? parseCombination(node, nodePath, scope)
      : parseRule(node, nodePath, scope);
  });
  return { __type: "RuleCombination", combinationType, rules };
}

function parseRule(raw: unknown, path: string, scope: DefinitionScope): Rule {
  const invalid = `${scope.codePrefix}.INVALID_DEFINITION`;
  const body = requiredRecord(raw, path, invalid);
  if (body.__type !== "Rule") {
    throw badRequest(invalid, {
      [`${path}.__type`]: `${path}.__type must be "Rule" or "RuleCombination"`,
    });
  }
  const attribute = parseReference(body.attribute, `${path}.attribute`, scope);
  const condition = enumValue(
    body.attributeMatchCondition,
    MATCH_CONDITIONS,
    `${path}.attributeMatchCondition`,
    `${scope.codePrefix}.NOT_VALID_ENUM`,
  );
  const options = parseOptions(
    body.attributeMatchOptions,
    condition,
    `${path}.attributeMatchOptions`,
    scope,
  );
  // INFERRED, strict reading: the documented Rule always has invertCondition.
  if (typeof body.invertCondition !== "boolean") {
    throw badRequest(invalid, {
      [`${path}.invertCondition`]: `${path}.invertCondition must be true or false`,
    });
  }
  return {
    __type: "Rule",
    attribute,
    attributeMatchCondition: condition,
    ...(options ? { attributeMatchOptions: options } : {}),
    invertCondition: body.invertCondition,
  };
}

function parseReference(
  raw: unknown,
  path: string,
  scope: DefinitionScope,
): AttributeReference {
  const { project, codePrefix } = scope;
  const body = requiredRecord(raw, path, `${codePrefix}.INVALID_DEFINITION`);
  const type = enumValue(
    body.__type,
    ATTRIBUTE_REFERENCE_TYPES,
    `${path}.__type`,
    `${codePrefix}.NOT_VALID_ENUM`,
  );
  const ref = requiredString(
    body.ref,
    `${path}.ref`,
    `${codePrefix}.INVALID_ATTRIBUTE_REFERENCE`,
  );
  const invalidRef = (reason: string) =>
    badRequest(`${codePrefix}.INVALID_ATTRIBUTE_REFERENCE`, {
      [`${path}.ref`]: `\`${ref}\` ${reason}`,
    });

  if (type === "PresetAttributeReference" && !PRESET_KEYS.has(ref)) {
    throw invalidRef("is not a preset attribute");
  }
  if (
    type === "CustomAttributeReference" &&
    project.attributes.get(ref)?.__type !== "CUSTOM"
  ) {
    throw invalidRef("is not the uid of a custom attribute of this project");
  }
  if (
    type === "LyticsAttributeReference" &&
    !(LYTICS_ATTRIBUTE_REFS as readonly string[]).includes(ref)
  ) {
    throw invalidRef("is not a Lytics attribute");
  }
  return { __type: type, ref };
}

function parseOptions(
  raw: unknown,
  condition: MatchCondition,
  path: string,
  scope: DefinitionScope,
): MatchOptions | undefined {
  const required = OPTIONS_BY_CONDITION[condition];
  const isTime = TIME_CONDITIONS.has(condition);
  const invalid = (message: string) =>
    badRequest(`${scope.codePrefix}.INVALID_MATCH_OPTIONS`, {
      [path]: message,
    });
  const missing = () =>
    invalid(`valid matchOptions is required for ${condition} condition`);

  if (raw === undefined || raw === null) {
    if (required || isTime) throw missing();
    return undefined;
  }
  if (!isRecord(raw) || typeof raw.__type !== "string") throw missing();
  // The shape of time options is not documented: kept as sent.
  if (isTime) return structuredClone(raw) as MatchOptions;
  if (required && raw.__type !== required) throw missing();

  switch (raw.__type) {
    case "StringMatchOptions":
      if (typeof raw.value !== "string") throw missing();
      return { __type: "StringMatchOptions", value: raw.value };
    case "NumberMatchOptions":
      if (typeof raw.value !== "number" || !Number.isFinite(raw.value)) {
        throw missing();
      }
      return { __type: "NumberMatchOptions", value: raw.value };
    case "AudienceMatchOptions": {
      // INFERRED, strict reading: membership is of a Lytics audience that
      // exists in this project.
      const audience =
        typeof raw.value === "string"
          ? scope.project.audiences.get(raw.value)
          : undefined;
      if (audience?.source !== "LYTICS") {
        throw invalid(
          `\`${String(raw.value)}\` is not a Lytics audience of this project`,
        );
      }
      return { __type: "AudienceMatchOptions", value: audience.uid };
    }
    case "FlowStateMatchOptions":
      if (typeof raw.flowId !== "string" || typeof raw.flowState !== "string") {
        throw missing();
      }
      return {
        __type: "FlowStateMatchOptions",
        flowId: raw.flowId,
        flowState: raw.flowState,
      };
    default:
      throw missing();
  }
}
