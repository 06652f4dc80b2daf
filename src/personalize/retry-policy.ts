/**
 * When a failed request may be sent again, and how long to wait first.
 * A 429 is never applied, so any method may retry it. Reads and deletes are
 * idempotent and also retry server errors and lost connections. Creates and
 * updates (POST, PUT) retry only failures that happened before anything was
 * sent; after that their outcome is unknown and the caller must reconcile.
 */

/** The methods the Management API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** How an attempt that produced no HTTP answer failed. */
export interface TransportFailure {
  /** True when the request never left: refused, unresolvable, no route. */
  isBeforeSend: boolean;
  isTimeout: boolean;
  /** For log lines and messages, e.g. `connection refused`. */
  description: string;
}

/** Error codes that mean the connection was never established. */
const BEFORE_SEND_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};

const TIMEOUT_CODES = ["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"];

/** True when a request with this method may be repeated after a 5xx. */
export function isIdempotent(method: HttpMethod): boolean {
  return method === "GET" || method === "DELETE";
}

/** Sorts an error thrown by undici into before-send, timeout or dropped. */
export function classifyTransportError(
  error: unknown,
  timeoutMs: number,
): TransportFailure {
  const code = errorCode(error);
  const beforeSend = code === undefined ? undefined : BEFORE_SEND_CODES[code];
  if (beforeSend !== undefined) {
    const isTimeout = code === "UND_ERR_CONNECT_TIMEOUT";
    return { isBeforeSend: true, isTimeout, description: beforeSend };
  }
  if (isTimeoutError(error) || (code && TIMEOUT_CODES.includes(code))) {
    const description = `no answer within ${timeoutMs} ms`;
    return { isBeforeSend: false, isTimeout: true, description };
  }
  const description =
    code === "ECONNRESET" || code === "UND_ERR_SOCKET"
      ? "connection dropped"
      : `connection failed (${code ?? "unknown error"})`;
  return { isBeforeSend: false, isTimeout: false, description };
}

/**
 * Milliseconds to wait according to a `Retry-After` header: delay-seconds
 * (fractions accepted) or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a random wait between 0 and
 * `baseMs * 2^(failedAttempt - 1)`, capped at `maxMs`.
 */
export function backoffDelay(
  failedAttempt: number,
  baseMs: number,
  maxMs: number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (failedAttempt - 1));
  return Math.round(Math.random() * ceiling);
}

/** `AbortSignal.timeout()` aborts with a DOMException named TimeoutError. */
function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

/** The `code` of a Node or undici error, also inside an AggregateError. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) {
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    return code;
  }
  const inner = (error as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}
