/**
 * Readers for request body fields. Each returns the value it accepts or
 * throws the 400 the API answers, naming the field path at fault.
 */

import { badRequest } from "./errors.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string; anything else is answered `code`. */
export function requiredString(
  value: unknown,
  path: string,
  code: string,
): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw badRequest(code, { [path]: `${path} is required` });
  }
  return value;
}

/** A string when present; absent (undefined or null) reads as "". */
export function optionalString(
  value: unknown,
  path: string,
  code: string,
): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") {
    throw badRequest(code, { [path]: `${path} must be a string` });
  }
  return value;
}

/**
 * The description any entity may have: absent reads as "", anything but a
 * string is answered `<code>.INVALID_DESCRIPTION`.
 */
export function optionalDescription(
  body: Record<string, unknown>,
  code: string,
): string {
  return optionalString(
    body.description,
    "description",
    `${code}.INVALID_DESCRIPTION`,
  );
}

/** One of `allowed`; anything else is answered `code`. */
export function enumValue<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  code: string,
): T {
  if (
    typeof value === "string" &&
    (allowed as readonly string[]).includes(value)
  ) {
    return value as T;
  }
  throw badRequest(code, {
    [path]: `\`${String(value)}\` is not a valid enum value for path \`${path}\`; expected one of ${allowed.join(", ")}`,
  });
}

/** An array when present; absent reads as []. */
export function optionalArray(
  value: unknown,
  path: string,
  code: string,
): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw badRequest(code, { [path]: `${path} must be an array` });
  }
  return value;
}

export function requiredRecord(
  value: unknown,
  path: string,
  code: string,
): Record<string, unknown> {
  if (!isRecord(value)) {
    throw badRequest(code, { [path]: `${path} must be an object` });
  }
  return value;
}
