/**
 * The one way this action talks to a Personalize Management API: it
 * authenticates, keeps within the organization's request budget, retries
 * what is safe to retry, validates answers and turns failures into errors
 * that name the side, the request and the entity.
 */

import { STATUS_CODES } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import type { z } from "zod";

import { parseErrorBody } from "./error-body.ts";
import {
  AmbiguousWriteError,
  NetworkError,
  PersonalizeApiError,
  ResponseShapeError,
  type Side,
} from "./errors.ts";
import type { RequestBudget } from "./request-budget.ts";
import {
  backoffDelay,
  classifyTransportError,
  type HttpMethod,
  isIdempotent,
  parseRetryAfter,
  type TransportFailure,
} from "./retry-policy.ts";

/** How to reach and authenticate with one side's API. */
export interface PersonalizeClientOptions {
  side: Side;
  /** From `resolveBaseUrl`: no trailing slash. */
  baseUrl: string;
  token: string;
  /** `authtoken` sends an `authtoken` header; `oauth` a Bearer token. */
  authType: "authtoken" | "oauth";
  /** Shared by every client that talks to the same organization. */
  budget: RequestBudget;
  /** Longest time one attempt may take, answer body included. */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** Backoff ceiling for the first retry; doubles with each retry. */
  retryBaseMs?: number;
  /** Longest backoff between two attempts. */
  retryMaxMs?: number;
  /** Attempts awaiting an answer at once; default no limit. */
  maxInFlight?: number;
  log?: { info(message: string): void; debug(message: string): void };
}

/** One API call; `schema` validates (and types) the 2xx answer. */
export interface RequestOptions<T> {
  method: HttpMethod;
  /** Path from the API root, starting with `/`. */
  path: string;
  /** Sent as `x-project-uid` for project-scoped calls. */
  projectUid?: string;
  /** Sent as `organization_uid` for `/projects` calls. */
  organizationUid?: string;
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** A 204 or empty body parses as `undefined`. */
  schema: z.ZodType<T>;
  /** What the call is about, for messages, e.g. `audience "Tall US"`. */
  entity?: string;
}

/** An attempt's result: an HTTP answer, or a failure to get one. */
type Outcome =
  | { status: number; retryAfter: string | string[] | undefined; text: string }
  | { failure: TransportFailure };

interface Retry {
  reason: string;
  delayMs: number;
  isRateLimited?: boolean;
}

/** A Management API client for one side (source or destination). */
export class PersonalizeClient {
  readonly side: Side;
  readonly baseUrl: string;
  readonly #token: string;
  readonly #authType: "authtoken" | "oauth";
  readonly #budget: RequestBudget;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  readonly #log: PersonalizeClientOptions["log"];
  readonly #agent: Agent;
  readonly #inFlight: InFlightLimit | undefined;

  constructor(options: PersonalizeClientOptions) {
    this.side = options.side;
    this.baseUrl = options.baseUrl;
    this.#token = options.token;
    this.#authType = options.authType;
    this.#budget = options.budget;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.#retryBaseMs = options.retryBaseMs ?? 1000;
    this.#retryMaxMs = options.retryMaxMs ?? 30_000;
    this.#log = options.log;
    this.#inFlight =
      options.maxInFlight === undefined
        ? undefined
        : new InFlightLimit(options.maxInFlight);
    // HTTP/1.1 with keep-alive: undici 8 would otherwise negotiate HTTP/2.
    this.#agent = new Agent({ allowH2: false, keepAliveTimeout: 10_000 });
  }

  /**
   * Sends a request, retrying per the retry policy, and returns the answer
   * parsed by `options.schema`. Throws `PersonalizeApiError` (refused),
   * `AmbiguousWriteError` (write outcome unknown), `NetworkError` (never
   * answered) or `ResponseShapeError` (answer not as expected).
   */
  async request<T>(options: RequestOptions<T>): Promise<T> {
    const endpoint = `${options.method} ${options.path}`;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#send(options);

      const retry = this.#retryFor(outcome, options.method, attempt);
      if (retry === undefined) {
        return this.#conclude(outcome, options, attempt);
      }

      if (retry.isRateLimited) {
        // Every request to this organization waits, not only this one.
        this.#budget.holdOff(Math.min(retry.delayMs, this.#budget.spanMs));
      }
      this.#log?.info(
        `attempt ${attempt} of ${this.#maxAttempts} for ${endpoint} failed (${retry.reason}); retrying in ${retry.delayMs} ms`,
      );
      await sleep(retry.delayMs);
    }
  }

  /** Closes the kept-alive connections once pending requests finish. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** One attempt, holding an in-flight slot when they are limited. */
  async #send(options: RequestOptions<unknown>): Promise<Outcome> {
    if (this.#inFlight === undefined) return this.#attempt(options);
    await this.#inFlight.acquire();
    try {
      return await this.#attempt(options);
    } finally {
      this.#inFlight.release();
    }
  }

  /** Waits for a budget slot, sends, reads the whole answer. */
  async #attempt(options: RequestOptions<unknown>): Promise<Outcome> {
    await this.#budget.acquire();

    const { method, path } = options;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await request(this.#url(options), {
        dispatcher: this.#agent,
        method,
        headers: this.#headers(options),
        body: options.body === undefined ? null : JSON.stringify(options.body),
        // undici checks its own timeouts only every half second or so; the
        // signal keeps short deadlines exact and bounds the whole exchange.
        signal: AbortSignal.timeout(this.#timeoutMs),
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      this.#log?.debug(
        `${method} ${path} answered ${status} in ${elapsed()} ms`,
      );
      const retryAfter = response.headers["retry-after"];
      return { status, retryAfter, text };
    } catch (error) {
      const failure = classifyTransportError(error, this.#timeoutMs);
      this.#log?.debug(
        `${method} ${path} failed (${failure.description}) after ${elapsed()} ms`,
      );
      return { failure };
    }
  }

  #url({ path, query }: RequestOptions<unknown>): string {
    const search = query ? `?${new URLSearchParams(query)}` : "";
    return `${this.baseUrl}${path}${search}`;
  }

  #headers(options: RequestOptions<unknown>): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.#authType === "oauth") {
      headers.authorization = `Bearer ${this.#token}`;
    } else {
      headers.authtoken = this.#token;
    }
    if (options.projectUid !== undefined) {
      headers["x-project-uid"] = options.projectUid;
    }
    if (options.organizationUid !== undefined) {
      headers.organization_uid = options.organizationUid;
    }
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
    }
    return headers;
  }

  /** Whether to try again, why, and after how long; undefined to stop. */
  #retryFor(
    outcome: Outcome,
    method: HttpMethod,
    attempt: number,
  ): Retry | undefined {
    if (attempt >= this.#maxAttempts) {
      return undefined;
    }
    const backoff = () =>
      backoffDelay(attempt, this.#retryBaseMs, this.#retryMaxMs);

    if ("failure" in outcome) {
      const { failure } = outcome;
      const isSafe = failure.isBeforeSend || isIdempotent(method);
      return isSafe
        ? { reason: failure.description, delayMs: backoff() }
        : undefined;
    }

    const { status } = outcome;
    const isRateLimited = status === 429;
    const isRetriableServerError = status >= 500 && isIdempotent(method);
    if (!isRateLimited && !isRetriableServerError) {
      return undefined;
    }
    const retryAfter = parseRetryAfter(outcome.retryAfter);
    const reason = isRateLimited ? "429 rate limited" : describeStatus(status);
    return { reason, delayMs: retryAfter ?? backoff(), isRateLimited };
  }

  /** Turns the last outcome into the parsed answer or the right error. */
  #conclude<T>(
    outcome: Outcome,
    options: RequestOptions<T>,
    attempts: number,
  ): T {
    const endpoint = `${options.method} ${options.path}`;
    const details = { side: this.side, endpoint, entity: options.entity };

    if ("failure" in outcome) {
      const { failure } = outcome;
      if (!failure.isBeforeSend && !isIdempotent(options.method)) {
        throw new AmbiguousWriteError(
          { ...details, status: 0 },
          failure.description,
        );
      }
      const host = new URL(this.baseUrl).host;
      throw new NetworkError(
        { ...details, host, attempts },
        failure.description,
      );
    }

    const { status, text } = outcome;
    if (status >= 500 && !isIdempotent(options.method)) {
      throw new AmbiguousWriteError(
        { ...details, status },
        describeStatus(status),
      );
    }
    if (status < 200 || status >= 300) {
      const { code, detail } = parseErrorBody(this.#redact(text));
      const scope = describeScope(options);
      throw new PersonalizeApiError({
        ...details,
        status,
        code,
        detail,
        scope,
      });
    }

    return this.#parse(text, options.schema, endpoint);
  }

  #parse<T>(text: string, schema: z.ZodType<T>, endpoint: string): T {
    let json: unknown;
    try {
      json = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      throw new ResponseShapeError(this.side, endpoint, "the body is not JSON");
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      throw new ResponseShapeError(this.side, endpoint, result.error.issues);
    }
    return result.data;
  }

  /** The API has no reason to echo a token, but never pass one on. */
  #redact(text: string): string {
    return this.#token ? text.replaceAll(this.#token, "[redacted]") : text;
  }
}

/** A counting semaphore: at most `limit` holders, served in arrival order. */
class InFlightLimit {
  readonly #limit: number;
  #held = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(
        `maxInFlight must be a whole number of at least 1, not ${limit}.`,
      );
    }
    this.#limit = limit;
  }

  acquire(): Promise<void> {
    if (this.#held < this.#limit) {
      this.#held += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, or frees it. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held -= 1;
  }
}

function describeStatus(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? "error"}`;
}

function describeScope(options: RequestOptions<unknown>): string | undefined {
  if (options.projectUid !== undefined) {
    return `project "${options.projectUid}"`;
  }
  if (options.organizationUid !== undefined) {
    return `organization "${options.organizationUid}"`;
  }
  return undefined;
}
