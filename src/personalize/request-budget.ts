/**
 * Keeps one organization's requests under the API's rate limit: 10 requests
 * per second per organization, reads and writes together, counted by the
 * server over a sliding one-second window; beyond it the API answers 429.
 */

/** Tuning for a `RequestBudget`; the defaults match the API. */
export interface RequestBudgetOptions {
  /** Length of the server's sliding window, in ms. Default 1000. */
  windowMs?: number;
  /**
   * Extra ms added to the window so that network jitter cannot squeeze more
   * than the limit into the server's window. Default 50.
   */
  marginMs?: number;
}

interface Waiter {
  resolve: () => void;
}

/**
 * A sliding-window limiter: a request may start only when fewer than
 * `requestsPerSecond` requests started in the last `windowMs + marginMs`.
 * Waiters are served first come, first served, woken by a single timer set
 * to the moment the oldest start leaves the window. Share one budget between
 * all clients that talk to the same organization.
 */
export class RequestBudget {
  /** How many requests may start per window. */
  readonly limit: number;
  /** The window plus its margin, in ms. */
  readonly spanMs: number;
  #granted = 0;
  /** Start times (performance.now) still inside the span, oldest first. */
  readonly #starts: number[] = [];
  readonly #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** No grant before this moment (performance.now), after a 429. */
  #heldUntil = 0;

  constructor(requestsPerSecond: number, options: RequestBudgetOptions = {}) {
    if (!Number.isInteger(requestsPerSecond) || requestsPerSecond < 1) {
      throw new RangeError(
        `A request budget needs a whole number of requests per window of at least 1, not ${requestsPerSecond}.`,
      );
    }
    this.limit = requestsPerSecond;
    this.spanMs = (options.windowMs ?? 1000) + (options.marginMs ?? 50);
  }

  /** How many requests have been allowed to start so far. */
  get granted(): number {
    return this.#granted;
  }

  /**
   * Grants nothing for `ms`: the server answered 429, so its count of this
   * organization is ahead of ours (another client, or arrivals bunched by
   * the network). Waiting lets its window drain instead of feeding it.
   */
  holdOff(ms: number): void {
    this.#heldUntil = Math.max(this.#heldUntil, performance.now() + ms);
  }

  /** Resolves when a request may start; the slot is taken on resolution. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push({ resolve });
      this.#serve();
    });
  }

  /** Grants the free slots in arrival order, then sleeps until the next. */
  #serve(): void {
    const now = performance.now();
    this.#forgetStartsBefore(now - this.spanMs);

    const isHeld = now < this.#heldUntil;
    while (
      !isHeld &&
      this.#waiters.length > 0 &&
      this.#starts.length < this.limit
    ) {
      const waiter = this.#waiters.shift() as Waiter;
      this.#starts.push(now);
      this.#granted += 1;
      waiter.resolve();
    }

    if (this.#waiters.length > 0 && this.#timer === undefined) {
      const oldest = this.#starts[0] ?? now;
      const freeAt = isHeld
        ? this.#heldUntil
        : this.#starts.length < this.limit
          ? now
          : oldest + this.spanMs;
      // Timers may fire a little early; #serve checks again and re-arms.
      const delay = Math.max(1, Math.ceil(freeAt - now));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#serve();
      }, delay);
    }
  }

  #forgetStartsBefore(cutoff: number): void {
    while (this.#starts.length > 0 && (this.#starts[0] as number) <= cutoff) {
      this.#starts.shift();
    }
  }
}
