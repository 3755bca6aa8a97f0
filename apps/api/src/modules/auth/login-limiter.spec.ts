import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter } from './login-limiter.js';

// The backoff itself, on a fake clock: free tries, doubling waits, the window, and devices apart.

function limiter() {
  let now = 1_000_000;
  const l = new LoginLimiter(DEFAULT_LOGIN_LIMITS, () => now);
  return { l, tick: (ms: number) => (now += ms) };
}
const waitOf = (f: () => void): number => {
  try {
    f();
    return 0;
  } catch (e) {
    return Number((e as { headers: Record<string, string> }).headers['Retry-After']);
  }
};

describe('login backoff', () => {
  it('five free failures per account and address, then waits of 1, 2, 4 ... s', () => {
    const { l, tick } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(waitOf(() => l.check('a@x.org', '10.0.0.1'))).toBe(0);
      l.fail('a@x.org', '10.0.0.1');
    }
    expect(waitOf(() => l.check('a@x.org', '10.0.0.1'))).toBe(1);
    tick(1_000);
    expect(waitOf(() => l.check('A@x.org ', '10.0.0.1'))).toBe(0); // same account, any case
    l.fail('a@x.org', '10.0.0.1');
    expect(waitOf(() => l.check('a@x.org', '10.0.0.1'))).toBe(2);
    tick(2_000);
    l.fail('a@x.org', '10.0.0.1');
    expect(waitOf(() => l.check('a@x.org', '10.0.0.1'))).toBe(4);
    // another address is not affected; the window forgets
    expect(waitOf(() => l.check('a@x.org', '10.0.0.2'))).toBe(0);
    tick(DEFAULT_LOGIN_LIMITS.windowMs + 1);
    expect(waitOf(() => l.check('a@x.org', '10.0.0.1'))).toBe(0);
  });

  it('the account-wide wait is capped at a minute and never applies to a known device', () => {
    const { l } = limiter();
    for (let i = 0; i < 40; i++) l.fail('a@x.org', `10.1.0.${i}`);
    expect(waitOf(() => l.check('a@x.org', '10.2.0.1'))).toBe(60);
    expect(waitOf(() => l.check('a@x.org', '10.2.0.1', true))).toBe(0);
  });

  it('a success forgets the failures of that account from that address', () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.fail('a@x.org', '10.0.0.1');
    l.succeed('a@x.org', '10.0.0.1');
    l.fail('a@x.org', '10.0.0.1');
    expect(waitOf(() => l.check('a@x.org', '10.0.0.1'))).toBe(0);
  });
});
