/** The state of one caller's window after a request was counted. */
export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the window resets. */
  reset: number;
  /** Seconds to wait before retrying (at least 1); meaningful when not allowed. */
  retryAfter: number;
}

const PRUNE_AT = 10_000;

/**
 * A fixed-window limiter: each caller (an API key id, or an IP address when unauthenticated) may
 * make `limit` requests per window; windows are aligned to the epoch so `reset` is predictable.
 */
export class FixedWindowLimiter {
  private readonly buckets = new Map<string, { window: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly now: () => Date,
    readonly windowMs = 60_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`rate limit must be a positive integer, not ${limit}`);
  }

  /** Count one request by `caller` and report the window's state. */
  hit(caller: string): RateLimitResult {
    const nowMs = this.now().getTime();
    const window = Math.floor(nowMs / this.windowMs);
    let bucket = this.buckets.get(caller);
    if (!bucket || bucket.window !== window) {
      if (this.buckets.size >= PRUNE_AT) this.prune(window);
      bucket = { window, count: 0 };
      this.buckets.set(caller, bucket);
    }
    bucket.count++;
    const resetMs = (window + 1) * this.windowMs;
    return {
      allowed: bucket.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - bucket.count),
      reset: Math.ceil(resetMs / 1000),
      retryAfter: Math.max(1, Math.ceil((resetMs - nowMs) / 1000)),
    };
  }

  private prune(current: number): void {
    for (const [caller, bucket] of this.buckets) if (bucket.window < current) this.buckets.delete(caller);
  }
}
