/**
 * How each kind of input text becomes a value. Every parser takes the input's
 * name and its text, and throws an `InputError` saying the name, the value
 * given and what is allowed.
 */

import { ENTITY_TYPES, type EntityType } from "../clone/types.ts";
import { InputError } from "../personalize/errors.ts";
import { resolveBaseUrl } from "../personalize/regions.ts";

/** A Management API base URL from a region code or a URL. */
export function parseRegion(name: string, value: string): string {
  return resolveBaseUrl(name, parseRequired(name, value));
}

export function parseRequired(name: string, value: string): string {
  if (value === "") {
    throw new InputError(name, `Input "${name}" is required and was empty.`);
  }
  return value;
}

/** Uids and API keys: letters, digits, `-` and `_`, nothing else. */
export function parseIdentifier(name: string, value: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(parseRequired(name, value))) {
    throw invalid(name, value, "a uid has only letters, digits, - and _");
  }
  return value;
}

/** One of `allowed`, in any case. */
export function parseOneOf<T extends string>(allowed: readonly T[]) {
  return (name: string, value: string): T => {
    const found = allowed.find((option) => option === value.toLowerCase());
    if (found === undefined) {
      throw invalid(name, value, `use ${listOf(allowed)}`);
    }
    return found;
  };
}

/** `true` or `false`, in any case; nothing else. */
export function parseBoolean(name: string, value: string): boolean {
  return parseOneOf(["true", "false"])(name, value) === "true";
}

export function parseIntegerInRange(min: number, max: number) {
  return (name: string, value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw invalid(name, value, `use a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

/** Entity types in the engine's order, each named once. */
export function parseEntityTypes(name: string, value: string): EntityType[] {
  const entries = splitList(value);
  const unknown = entries.filter(
    (entry) => !ENTITY_TYPES.includes(entry.toLowerCase() as EntityType),
  );
  if (entries.length === 0 || unknown.length > 0) {
    const at = unknown.length > 0 ? ` (${listOf(unknown, "and")} unknown)` : "";
    throw invalid(
      name,
      value,
      `list some of ${listOf(ENTITY_TYPES, "and")}${at}`,
    );
  }

  const wanted = new Set(entries.map((entry) => entry.toLowerCase()));
  return ENTITY_TYPES.filter((type) => wanted.has(type));
}

/** Experience names or globs; empty means every experience. */
export function parseExperiencePatterns(name: string, value: string): string[] {
  const patterns = splitList(value);
  const problems = patterns.flatMap((pattern) => {
    const problem = describeGlobProblem(pattern);
    return problem === undefined ? [] : [`"${pattern}" ${problem}`];
  });
  if (problems.length > 0) {
    throw invalid(
      name,
      value,
      `${problems.join("; ")}. Use names, * (any text) and ? (one character)`,
    );
  }
  return [...new Set(patterns)];
}

/**
 * Characters an artifact name cannot hold, from @actions/artifact's own
 * check; refusing them here fails before the clone rather than after it.
 */
const ARTIFACT_NAME_FORBIDDEN = /["*:<>?|\\/\r\n]/;

/** An artifact name, or empty for none. */
export function parseArtifactName(name: string, value: string): string {
  if (ARTIFACT_NAME_FORBIDDEN.test(value)) {
    throw invalid(
      name,
      value,
      'leave it empty for no artifact, or use a name without " : < > | * ? \\ /',
    );
  }
  return value;
}

/** Empty, or `sha256:` and 64 hex digits as the `plan-digest` output gives. */
export function parsePlanDigest(name: string, value: string): string {
  const digest = value.toLowerCase();
  if (digest !== "" && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw invalid(
      name,
      value,
      "leave it empty, or paste the plan-digest output of a dry run (sha256: and 64 hex digits)",
    );
  }
  return digest;
}

/** Splits on commas and newlines, trims, and drops empty entries. */
export function splitList(value: string): string[] {
  return value
    .split(/[,\r\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/**
 * Why `pattern` is not a glob the engine matches as meant, or `undefined`.
 * The engine knows `*` and `?` only and takes every other character as is,
 * so brackets, braces and backslashes would silently match nothing.
 */
export function describeGlobProblem(pattern: string): string | undefined {
  if (/[{}]/.test(pattern)) {
    return "uses braces: {a,b} alternatives are not supported (list each name)";
  }
  if (/[[\]]/.test(pattern)) {
    return "uses brackets: [...] sets are not supported (use ? for one character)";
  }
  if (pattern.includes("\\")) {
    return "uses a backslash: escapes are not supported (use ? for one character)";
  }
  return undefined;
}

function invalid(name: string, value: string, allowed: string): InputError {
  return new InputError(
    name,
    `Input "${name}" is ${JSON.stringify(value)}: ${allowed}.`,
  );
}

/** `a, b or c` */
function listOf(values: readonly string[], last = "or"): string {
  if (values.length <= 1) {
    return values.join("");
  }
  return `${values.slice(0, -1).join(", ")} ${last} ${values.at(-1)}`;
}
