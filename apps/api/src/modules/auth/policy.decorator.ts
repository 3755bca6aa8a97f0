import { SetMetadata } from '@nestjs/common';
import type { Role } from '@credpulse/contracts';

/**
 * Who may call a route. 'public': anyone (health, login). A role: that role or a higher one;
 * 'viewer' routes are also open to anonymous visitors when CREDPULSE_ANONYMOUS_VIEWER is on.
 * Every route must carry a policy (on the method or its controller); the authorization-matrix test
 * fails for a route without one, and the guard refuses it.
 */
export type RoutePolicy = 'public' | Role;
export const POLICY_KEY = 'credpulse:policy';
export const Policy = (policy: RoutePolicy) => SetMetadata(POLICY_KEY, policy);
