/**
 * The documented rate limit: requests a second per organization, reads and
 * writes together, over a sliding window of 1000 ms counted at arrival.
 */

const WINDOW_MS = 1000;

export class RateLimiter {
  readonly #limit: number;
  readonly #arrivals = new Map<string, number[]>();

  /** `limit` requests a window; 0 disables the limit. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * Counts a request that arrived at `at` (ms) against the organization, or
   * answers false when the window is full. A refused request is not counted,
   * so a client that keeps retrying is not locked out for longer.
   */
  tryAcquire(organizationUid: string, at: number): boolean {
    if (this.#limit <= 0) return true;
    const recent = (this.#arrivals.get(organizationUid) ?? []).filter(
      (time) => at - time < WINDOW_MS,
    );
    const isAllowed = recent.length < this.#limit;
    if (isAllowed) recent.push(at);
    this.#arrivals.set(organizationUid, recent);
    return isAllowed;
  }
}
