import { todayIn } from '@app/domain';

/** Injectable "now", so deadline rules can be tested on any date. */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today's date in the county's time zone. */
export function todayOf(clock: Clock, timeZone: string): string {
  return todayIn(timeZone, clock.now());
}
