/**
 * The HTTP front of the emulator. Each request is decided at arrival, in
 * this order: injected faults, route (404), authentication (401), scope
 * headers (400/404/403), rate limit (429); then its JSON body is read and
 * its handler applied; then the answer waits for any latency and is sent,
 * unless an ambiguous-write fault replaces or drops it.
 */

import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { ProjectContext } from "./context.ts";
import { ApiError } from "./errors.ts";
import type { FaultInjector } from "./faults.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { matchRoute, type RouteMatch } from "./routes.ts";
import type { Store, User } from "./store.ts";

export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string, or "". */
  query: string;
  projectUid?: string;
  /** The organization the request was counted against. */
  organizationUid?: string;
  /** Status sent, or 0 when the connection was dropped. */
  status: number;
  /** Arrival time (ms, performance.now() based unless a clock is given). */
  at: number;
  /** POST, PUT or DELETE. */
  isWrite: boolean;
  /** A write that changed the store. */
  applied: boolean;
  /** Answered 429 by the rate limit or an injected burst. */
  rateLimited: boolean;
}

export interface ServerParts {
  store: Store;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  latencyMs: number;
  clock: () => number;
  requests: RequestRecord[];
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Admitted {
  match: RouteMatch;
  user: User;
  organizationUid: string;
  projectUid?: string;
}

const WRITE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "DELETE"]);

export function createEmulatorServer(parts: ServerParts): Server {
  return createServer((request, response) => {
    response.on("error", () => {
      // The client went away (a timeout); there is nobody left to answer.
    });
    serve(parts, request, response).catch(() => {
      response.destroy();
    });
  });
}

async function serve(
  parts: ServerParts,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const at = parts.clock();
  const method = (request.method ?? "GET").toUpperCase();
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: url.search.slice(1),
    status: 0,
    at,
    isWrite: WRITE_METHODS.has(method),
    applied: false,
    rateLimited: false,
  };
  const projectUid = headerValue(request.headers, "x-project-uid");
  if (projectUid !== undefined) record.projectUid = projectUid;
  parts.requests.push(record);

  const delayMs = parts.latencyMs + parts.faults.delayFor(record);
  const injected = parts.faults.intercept(record);
  const admission = injected ?? admit(parts, record, request.headers);
  const rawBody = await readBody(request);

  let answer: Answer | "drop";
  if ("match" in admission) {
    answer = execute(parts, admission, record, request.headers, rawBody, url);
  } else {
    answer = admission;
    if (answer.status === 429) record.rateLimited = true;
  }

  if (delayMs > 0) await sleep(delayMs);
  if (answer === "drop") {
    request.socket.destroy();
    return;
  }
  record.status = answer.status;
  send(response, answer);
}

/** Decides from the headers alone whether the request reaches a handler. */
function admit(
  parts: ServerParts,
  record: RequestRecord,
  headers: IncomingHttpHeaders,
): Admitted | Answer {
  // INFERRED: like the framework's 404, an unknown route is answered before
  // authentication; requests refused before the rate limit are not counted
  // against any organization.
  const match = matchRoute(record.method, record.path);
  if (!match) {
    return {
      status: 404,
      body: { message: `Cannot ${record.method} ${record.path}` },
    };
  }
  const user = authenticate(parts.store, headers);
  if (!user) {
    return error(401, "personalize.AUTH.UNAUTHORIZED", {
      authtoken: "You're not allowed in here unless you're logged in.",
    });
  }

  let organizationUid: string | undefined;
  const { projectUid } = record;
  if (match.route.scope === "organization") {
    organizationUid = headerValue(headers, "organization_uid");
    if (!organizationUid) {
      return error(400, "personalize.PROJECTS.ORGANIZATION_UID_REQUIRED", {
        organization_uid: "The organization_uid header is required",
      });
    }
  } else {
    if (!projectUid) {
      return error(400, "personalize.PROJECTS.PROJECT_UID_REQUIRED", {
        "x-project-uid": "The x-project-uid header is required",
      });
    }
    const state = parts.store.projects.get(projectUid);
    if (!state) {
      return error(404, "personalize.PROJECTS.NOT_FOUND", {
        "x-project-uid": `No project "${projectUid}"`,
      });
    }
    organizationUid = state.project.organizationUid;
  }
  if (!user.organizations.has(organizationUid)) {
    // The 403 code is not documented.
    return error(403, "personalize.AUTH.FORBIDDEN", {
      organization_uid: "You are not a member of this organization",
    });
  }

  record.organizationUid = organizationUid;
  if (!parts.rateLimiter.tryAcquire(organizationUid, record.at)) {
    return error(429, "personalize.RATE_LIMIT_EXCEEDED");
  }
  return { match, user, organizationUid, projectUid };
}

/** Parses the body and runs the handler; decides if the answer is lost. */
function execute(
  parts: ServerParts,
  admitted: Admitted,
  record: RequestRecord,
  headers: IncomingHttpHeaders,
  rawBody: string,
  url: URL,
): Answer | "drop" {
  const body = parseBody(record.method, headers, rawBody);
  if (body instanceof ApiError) return apiErrorAnswer(body);

  let answer: Answer;
  try {
    answer = runHandler(parts, admitted, body, url);
  } catch (thrown) {
    if (thrown instanceof ApiError) return apiErrorAnswer(thrown);
    return error(500, "personalize.INTERNAL_SERVER_ERROR", {
      server: String(thrown),
    });
  }

  if (!record.isWrite || answer.status >= 300) return answer;
  record.applied = true;
  const outcome = parts.faults.afterApplied(record);
  if (outcome === "502")
    return { status: 502, body: { message: "Bad Gateway" } };
  if (outcome === "drop") return "drop";
  return answer;
}

function runHandler(
  parts: ServerParts,
  admitted: Admitted,
  body: unknown,
  url: URL,
): Answer {
  const { match, user } = admitted;
  const base = {
    store: parts.store,
    user,
    params: match.params,
    query: url.searchParams,
    body,
  };
  if (match.route.scope === "organization") {
    return match.route.handle({
      ...base,
      organizationUid: admitted.organizationUid,
    });
  }
  // The project may have been deleted while this body was arriving.
  const project = parts.store.projects.get(admitted.projectUid ?? "");
  if (!project) return error(404, "personalize.PROJECTS.NOT_FOUND");
  const context: ProjectContext = { ...base, project };
  return match.route.handle(context);
}

/** The JSON body of a POST or PUT, or the 400 it earns. */
function parseBody(
  method: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
): unknown {
  if (method !== "POST" && method !== "PUT") return undefined;
  const contentType = headerValue(headers, "content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return new ApiError(400, "personalize.REQUEST.INVALID_CONTENT_TYPE", {
      "content-type": "Content-Type must be application/json",
    });
  }
  try {
    return JSON.parse(rawBody);
  } catch {
    return new ApiError(400, "personalize.REQUEST.INVALID_JSON", {
      body: "The request body is not valid JSON",
    });
  }
}

/** A token works only where its kind is sent: authtoken or Bearer. */
function authenticate(
  store: Store,
  headers: IncomingHttpHeaders,
): User | undefined {
  const authtoken = headerValue(headers, "authtoken");
  const byAuthtoken = authtoken ? store.userByToken(authtoken) : undefined;
  if (byAuthtoken?.authType === "authtoken") return byAuthtoken;

  const authorization = headerValue(headers, "authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const byBearer = bearer ? store.userByToken(bearer) : undefined;
  if (byBearer?.authType === "oauth") return byBearer;
  return undefined;
}

function headerValue(
  headers: IncomingHttpHeaders,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, answer: Answer): void {
  const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    ...answer.headers,
  });
  response.end(text);
}

function error(
  status: number,
  code: string,
  errors?: Record<string, string>,
): Answer {
  return { status, body: new ApiError(status, code, errors).toBody() };
}

function apiErrorAnswer(thrown: ApiError): Answer {
  return { status: thrown.status, body: thrown.toBody() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
