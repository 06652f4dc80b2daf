/**
 * What can go wrong talking to the Personalize Management API, each error
 * written for the person running the workflow: which side, which request,
 * which entity, and what to do next. None of them ever carries a token.
 */

import { STATUS_CODES } from "node:http";
import type { z } from "zod";

/** Which organization a request went to. */
export type Side = "source" | "destination";

/** An action input whose value cannot be used; `input` is its name. */
export class InputError extends Error {
  override name = "InputError";
  /** The action input at fault, e.g. `source-region`. */
  readonly input: string;

  constructor(input: string, message: string) {
    super(message);
    this.input = input;
  }
}

/** What is known about a request the API answered with an error status. */
export interface ApiErrorDetails {
  side: Side;
  /** Method and path, e.g. `POST /audiences`. */
  endpoint: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** The API's own code, e.g. `personalize.AUDIENCES.RULE_COUNT_EXCEEDED`. */
  code?: string;
  /** The entity the request was about, e.g. `audience "Tall US"`. */
  entity?: string;
  /** The project or organization the request addressed, for 403 advice. */
  scope?: string;
  /** The API's field messages, or its message when it gave no code. */
  detail?: string;
}

/** The API refused a request (any non-2xx answer that retries did not cure). */
export class PersonalizeApiError extends Error {
  override name = "PersonalizeApiError";
  /** HTTP status of the last answer; 0 when no response arrived. */
  readonly status: number;
  /** The API's code (`personalize.X.Y`) when its body named one. */
  readonly code?: string;
  /** Method and path, e.g. `POST /audiences`. */
  readonly endpoint: string;
  readonly side: Side;
  /** The entity the request was about, e.g. `audience "Tall US"`. */
  readonly entity?: string;

  constructor(details: ApiErrorDetails, message = describeRefusal(details)) {
    super(message);
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.side = details.side;
    if (details.code !== undefined) {
      this.code = details.code;
    }
    if (details.entity !== undefined) {
      this.entity = details.entity;
    }
  }
}

/**
 * A write (POST or PUT) whose outcome is unknown: the server failed with a
 * 5xx, or the connection dropped or timed out after the request was sent.
 * It is never retried blindly; re-read the project and reconcile instead.
 */
export class AmbiguousWriteError extends PersonalizeApiError {
  override name = "AmbiguousWriteError";

  /** `reason` says what happened, e.g. `502 Bad Gateway` or `timed out`. */
  constructor(details: ApiErrorDetails, reason: string) {
    const about = details.entity ? ` for ${details.entity}` : "";
    super(
      details,
      `${details.side} API left ${details.endpoint}${about} unconfirmed (${reason}): the write may or may not have been applied; re-read the ${details.side} project before trying again.`,
    );
  }
}

/** A 2xx answer whose JSON does not have the shape the cloner relies on. */
export class ResponseShapeError extends Error {
  override name = "ResponseShapeError";
  readonly side: Side;
  /** Method and path, e.g. `GET /experiences`. */
  readonly endpoint: string;
  /** Where the first mismatch is, e.g. `[3].__type`; empty for the root. */
  readonly fieldPath: string;

  /** `problem` is zod's issues, or a sentence when the body is not JSON. */
  constructor(
    side: Side,
    endpoint: string,
    problem: string | readonly z.core.$ZodIssue[],
  ) {
    const description =
      typeof problem === "string" ? problem : describeIssues(problem);
    super(
      `${side} API answered ${endpoint} with an unexpected shape: ${description}`,
    );
    this.side = side;
    this.endpoint = endpoint;
    this.fieldPath =
      typeof problem === "string" ? "" : formatPath(problem[0]?.path ?? []);
  }
}

/** No answer at all after every attempt: refused, dropped or timed out. */
export class NetworkError extends Error {
  override name = "NetworkError";
  readonly side: Side;
  /** Method and path, e.g. `GET /attributes`. */
  readonly endpoint: string;
  /** Host (and port) that could not be reached. */
  readonly host: string;

  constructor(
    details: { side: Side; endpoint: string; host: string; attempts: number },
    reason: string,
  ) {
    const tries =
      details.attempts === 1 ? "1 attempt" : `${details.attempts} attempts`;
    super(
      `Could not reach the ${details.side} API at ${details.host} for ${details.endpoint} after ${tries}: ${reason}. Check the ${details.side} region and the runner's network access.`,
    );
    this.side = details.side;
    this.endpoint = details.endpoint;
    this.host = details.host;
  }
}

/** The one-line message of a `PersonalizeApiError`. */
function describeRefusal(details: ApiErrorDetails): string {
  const { side, endpoint, status, code, entity } = details;
  const label = code ?? STATUS_CODES[status] ?? "error";
  const about = entity ? ` for ${entity}` : "";
  const verb = status >= 500 ? "failed on" : "refused";
  const detail = details.detail?.replace(/\.$/, "");
  // A bare status text says nothing the status label did not already say.
  const isEcho = detail === STATUS_CODES[status];
  const said = detail && !isEcho ? `: ${detail}` : "";
  const advice = adviceFor(details);
  const next = advice ? `. ${advice}.` : "";
  return `${side} API ${verb} ${endpoint} (${status} ${label})${about}${said}${next}`;
}

/** What the user can do about a refusal, as a sentence; empty if unclear. */
function adviceFor({
  side,
  status,
  scope,
  endpoint,
  code,
}: ApiErrorDetails): string {
  if (status === 401) {
    return `The ${side} token was rejected: check ${side}-token and ${side}-auth-type (management tokens are not accepted)`;
  }
  if (status === 403) {
    const where = scope ?? "this project or organization";
    return `The ${side} token's user has no access to ${where}: check that ${where} is right and that the user has a role in it`;
  }
  if (status === 404 && isProjectMissing(endpoint, code)) {
    const where = scope ?? "such project";
    return `There is no ${where} on the ${side} API: check ${side}-project-uid and ${side}-region (a project lives in one region)`;
  }
  if (status === 429) {
    return `Still rate limited after every attempt: something else may be using the ${side} organization's request limit`;
  }
  if (status >= 500) {
    return "The API failed on every attempt: try again later";
  }
  return "";
}

/**
 * Whether a 404 means the project itself is missing: the API says so, or
 * a project-wide list (`GET /attributes`) was not found.
 */
function isProjectMissing(endpoint: string, code: string | undefined) {
  if (code !== undefined) return code.endsWith("PROJECTS.NOT_FOUND");
  return /^GET \/[a-z-]+$/.test(endpoint) && endpoint !== "GET /projects";
}

/** Up to three zod issues as `path: problem`, joined by `; `. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = formatPath(issue.path);
    const problem = describeIssue(issue);
    return path ? `${path}: ${problem}` : problem;
  });
  const hidden = issues.length - shown.length;
  const more = hidden > 0 ? `; and ${hidden} more` : "";
  return `${shown.join("; ")}${more}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") {
    return `expected ${issue.values.map(quote).join(" | ")}`;
  }
  if (issue.code === "invalid_union" && "options" in issue) {
    const options = issue.options as readonly unknown[];
    return `expected ${options.map(quote).join(" | ")}`;
  }
  return issue.message.replace(/^Invalid input: /, "");
}

function quote(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `[3].variants[0].__type` from `[3, "variants", 0, "__type"]`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === "number") {
        return `[${key}]`;
      }
      const name = String(key);
      return index === 0 ? name : `.${name}`;
    })
    .join("");
}
