import { TooManyRequestsError } from '../lib/errors';

const MINUTE = 60_000;

/**
 * At most `perMinute` upgrades started in any minute, over all requests: a request that would go
 * past it is refused whole with a {@link TooManyRequestsError}.
 *
 * @internal
 */
export class UpgradeRateLimiter {
  private readonly started: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes `count` upgrades from this minute's allowance, or throws. */
  take(count: number): void {
    const now = this.clock();
    while (this.started.length && now - this.started[0] > MINUTE) {
      this.started.shift();
    }
    if (this.started.length + count > this.perMinute) {
      throw new TooManyRequestsError(
        `at most ${this.perMinute} upgrades start per minute (securityPosture.templates.upgrades.perMinute); ${this.started.length} started in the last minute, try again shortly`,
        MINUTE / 1000,
      );
    }
    for (let i = 0; i < count; i += 1) this.started.push(now);
  }
}
