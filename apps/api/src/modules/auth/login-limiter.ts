import { HttpStatus } from '@nestjs/common';
import { Problem } from '../../common/problem.js';

/** How failed sign-ins are counted and how long a key must wait after too many. */
export interface LoginLimits {
  /** Failures counted within this window (ms); older ones are forgotten. */
  windowMs: number;
  /** Failures of one account from one address before each further try waits (backoff). */
  perAccountAddress: number;
  /** Failures from one address, over all accounts, before it waits. */
  perAddress: number;
  /** Failures of one account, from all addresses, before addresses it never signed in from wait. */
  perAccount: number;
  /** First wait (ms); it doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait an account-wide backoff imposes (it also slows the account's real user). */
  maxAccountDelayMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  windowMs: 15 * 60_000,
  perAccountAddress: 5,
  perAddress: 20,
  perAccount: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  maxAccountDelayMs: 60_000,
};

interface Failures {
  n: number;
  last: number;
}

const MAX_KEYS = 100_000;

/**
 * Failed-login backoff in memory (one process), keyed three ways: account and address, address,
 * and account. Each key allows a few failures, then every further try waits twice as long as the
 * last (429 with Retry-After), and failures are forgotten after the window.
 *
 * The right password is never locked out for everyone: a browser that has signed in to the account
 * before carries a device cookie (OWASP "device cookies"), and its tries are counted on their own
 * key only, so an attacker hammering the account from any number of addresses, or a proxy that
 * makes every client one address, does not stop the account's real user.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(account: string, address: string, device: boolean): { key: string; free: number; cap: number }[] {
    const a = account.trim().toLowerCase();
    if (device) return [{ key: `dv:${a}`, free: this.limits.perAccountAddress, cap: this.limits.maxDelayMs }];
    return [
      { key: `aa:${a}\n${address}`, free: this.limits.perAccountAddress, cap: this.limits.maxDelayMs },
      { key: `ad:${address}`, free: this.limits.perAddress, cap: this.limits.maxDelayMs },
      { key: `ac:${a}`, free: this.limits.perAccount, cap: this.limits.maxAccountDelayMs },
    ];
  }

  /** Throws 429 problem+json with Retry-After when this try must wait. */
  check(account: string, address: string, device = false): void {
    const ms = Math.max(0, ...this.keys(account, address, device).map((k) => this.wait(k.key, k.free, k.cap)));
    if (ms > 0) {
      const s = Math.ceil(ms / 1000);
      throw new Problem(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests', `Too many failed sign-ins; wait ${s} s before the next try.`).withHeader('Retry-After', String(s));
    }
  }

  fail(account: string, address: string, device = false): void {
    for (const { key } of this.keys(account, address, device)) {
      const f = this.current(key);
      this.failures.set(key, { n: (f?.n ?? 0) + 1, last: this.now() });
    }
    this.prune();
  }

  /** The right password: the failures of this account from this address (or device) are forgotten. */
  succeed(account: string, address: string, device = false): void {
    for (const { key } of this.keys(account, address, device).slice(0, 1)) this.failures.delete(key);
  }

  /** Forgets every failure (tests; an administrator restarting the server does the same). */
  clear(): void {
    this.failures.clear();
  }

  private current(key: string): Failures | undefined {
    const f = this.failures.get(key);
    if (f && this.now() - f.last > this.limits.windowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return f;
  }

  /** Milliseconds still to wait for a key with `free` failures allowed. */
  private wait(key: string, free: number, cap: number): number {
    const f = this.current(key);
    if (!f || f.n < free) return 0;
    const delay = Math.min(cap, this.limits.baseDelayMs * 2 ** Math.min(30, f.n - free));
    return Math.max(0, f.last + delay - this.now());
  }

  private prune(): void {
    if (this.failures.size <= MAX_KEYS) return;
    for (const [k, f] of this.failures) {
      if (this.now() - f.last > this.limits.windowMs || this.failures.size > MAX_KEYS) this.failures.delete(k);
      if (this.failures.size <= MAX_KEYS * 0.9) break;
    }
  }
}
