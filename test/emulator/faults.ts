/**
 * Fault injection: latency, server errors, 429 bursts, writes applied but
 * answered 502 or dropped, a crash after N writes, slow answers. Faults
 * claim requests at arrival, before the rate limit counts them.
 */

export interface FaultSettings {
  /** Extra latency on every response (ms). */
  latencyMs?: number;
  /** 0..1: that share of requests answered 500/502/503 (rotating), not applied. */
  serverErrorRate?: number;
  /** The next `count` requests answered 429; Retry-After only when given. */
  rateLimitBurst?: { count: number; retryAfterSeconds?: number };
  /**
   * Every Nth write that the store applied (writes refused with a 4xx are
   * not counted, so the affected write is always applied) is answered 502
   * or dropped; at most `limit` times.
   */
  ambiguousWrites?: { every: number; mode: "502" | "drop"; limit?: number };
  /**
   * Writes after the Nth since this set() are answered 500, not applied.
   * Writes already claimed by a burst or a server error are not counted.
   */
  failWritesAfter?: number;
  /** The next `count` requests wait `delayMs` before answering. */
  slowRequests?: { count: number; delayMs: number };
  /** Restricts every fault above to matching requests. */
  match?: { method?: string; pathPrefix?: string };
}

export interface Faults {
  /** Replaces the active fault settings; what is left out is no fault. */
  set(settings: FaultSettings): void;
  reset(): void;
}

export interface FaultTarget {
  method: string;
  path: string;
  isWrite: boolean;
}

export interface InjectedReply {
  status: number;
  body: { message: string };
  headers: Record<string, string>;
}

/** What becomes of the answer to an applied write. */
export type WriteOutcome = "send" | "502" | "drop";

const SERVER_ERRORS = [
  { status: 500, message: "personalize.INTERNAL_SERVER_ERROR" },
  { status: 502, message: "Bad Gateway" },
  { status: 503, message: "Service Unavailable" },
] as const;

export class FaultInjector implements Faults {
  #settings: FaultSettings = {};
  #burstLeft = 0;
  #slowLeft = 0;
  #writesSeen = 0;
  #appliedWrites = 0;
  #ambiguousSent = 0;
  #errorTurn = 0;
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = mulberry32(seed);
  }

  set(settings: FaultSettings): void {
    const rate = settings.serverErrorRate ?? 0;
    if (rate < 0 || rate > 1) {
      throw new Error(`serverErrorRate must be 0..1, got ${rate}`);
    }
    if (settings.ambiguousWrites && settings.ambiguousWrites.every < 1) {
      throw new Error("ambiguousWrites.every must be 1 or more");
    }
    this.#settings = structuredClone(settings);
    this.#burstLeft = settings.rateLimitBurst?.count ?? 0;
    this.#slowLeft = settings.slowRequests?.count ?? 0;
    this.#writesSeen = 0;
    this.#appliedWrites = 0;
    this.#ambiguousSent = 0;
  }

  reset(): void {
    this.set({});
  }

  /** Extra ms to wait before answering this request. */
  delayFor(request: FaultTarget): number {
    if (!this.#matches(request)) return 0;
    let delay = this.#settings.latencyMs ?? 0;
    const slow = this.#settings.slowRequests;
    if (slow && this.#slowLeft > 0) {
      this.#slowLeft -= 1;
      delay += slow.delayMs;
    }
    return delay;
  }

  /** An answer replacing normal handling, when a fault claims the request. */
  intercept(request: FaultTarget): InjectedReply | undefined {
    if (!this.#matches(request)) return undefined;
    const { rateLimitBurst, serverErrorRate, failWritesAfter } = this.#settings;

    if (rateLimitBurst && this.#burstLeft > 0) {
      this.#burstLeft -= 1;
      const seconds = rateLimitBurst.retryAfterSeconds;
      return {
        status: 429,
        body: { message: "personalize.RATE_LIMIT_EXCEEDED" },
        headers:
          seconds === undefined ? {} : { "retry-after": String(seconds) },
      };
    }
    if (serverErrorRate && this.#random() < serverErrorRate) {
      const error = SERVER_ERRORS[this.#errorTurn % SERVER_ERRORS.length];
      this.#errorTurn += 1;
      if (error) {
        return {
          status: error.status,
          body: { message: error.message },
          headers: {},
        };
      }
    }
    if (request.isWrite && failWritesAfter !== undefined) {
      this.#writesSeen += 1;
      if (this.#writesSeen > failWritesAfter) {
        return {
          status: 500,
          body: { message: "personalize.INTERNAL_SERVER_ERROR" },
          headers: {},
        };
      }
    }
    return undefined;
  }

  /** Decides, once a write was applied, whether its answer is lost. */
  afterApplied(request: FaultTarget): WriteOutcome {
    const ambiguous = this.#settings.ambiguousWrites;
    if (!ambiguous || !this.#matches(request)) return "send";
    this.#appliedWrites += 1;
    const isDue = this.#appliedWrites % ambiguous.every === 0;
    const hasBudget =
      ambiguous.limit === undefined || this.#ambiguousSent < ambiguous.limit;
    if (!isDue || !hasBudget) return "send";
    this.#ambiguousSent += 1;
    return ambiguous.mode;
  }

  #matches(request: FaultTarget): boolean {
    const match = this.#settings.match;
    if (!match) return true;
    const isMethod =
      match.method === undefined ||
      match.method.toUpperCase() === request.method;
    const isPath =
      match.pathPrefix === undefined ||
      request.path.startsWith(match.pathPrefix);
    return isMethod && isPath;
  }
}

/** A small seeded PRNG, so probabilistic faults replay identically. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
