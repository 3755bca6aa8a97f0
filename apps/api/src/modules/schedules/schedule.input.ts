import { CIP_PATTERN, DASHBOARD_VIEWS, type DashboardView, REGION_PATTERN, SCHEDULE_PERIODS, VIEW_SHEETS, type ProblemFieldError, type ScheduleInput, type ScheduleTarget } from '@credpulse/contracts';

export const MAX_NAME = 200;
export const MAX_RECIPIENTS = 50;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

type Read = { input: Required<ScheduleInput>; errors: [] } | { input: null; errors: ProblemFieldError[] };

/**
 * Checks a schedule body: every error with a JSON pointer and the field at fault. `everyMinute`:
 * whether the server accepts the every-minute period (trials and tests only).
 */
export function readScheduleInput(body: unknown, everyMinute: boolean): Read {
  const errors: ProblemFieldError[] = [];
  const err = (pointer: string, field: string, reason: string) => errors.push({ pointer, field, reason });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { input: null, errors: [{ pointer: '', field: 'body', reason: 'the body must be a JSON object {name, period, target, recipients}' }] };
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!['name', 'period', 'target', 'recipients', 'enabled'].includes(key)) err(`/${key}`, key, `unknown field "${key}" (accepted: name, period, target, recipients, enabled)`);

  let name = '';
  if (typeof b.name !== 'string') err('/name', 'name', b.name === undefined ? 'name is required' : 'name must be text');
  else {
    name = b.name.trim().replace(/\s+/g, ' ');
    if (!name) err('/name', 'name', 'name must not be empty');
    else if (name.length > MAX_NAME) err('/name', 'name', `name is ${name.length} characters long; at most ${MAX_NAME}`);
  }

  const allowed = SCHEDULE_PERIODS.filter((p) => p !== 'every-minute' || everyMinute);
  if (b.period === undefined) err('/period', 'period', `period is required: ${allowed.join(' or ')}`);
  else if (typeof b.period !== 'string' || !(SCHEDULE_PERIODS as readonly string[]).includes(b.period)) err('/period', 'period', `${JSON.stringify(b.period)} is not a period; use ${allowed.join(' or ')}`);
  else if (b.period === 'every-minute' && !everyMinute) err('/period', 'period', 'every-minute schedules are off on this server (CREDPULSE_SCHEDULE_EVERY_MINUTE=true enables them for trials); use monthly or quarterly');

  const target = readTarget(b.target, err);

  const recipients: string[] = [];
  if (b.recipients !== undefined && b.recipients !== null) {
    if (!Array.isArray(b.recipients)) err('/recipients', 'recipients', 'recipients must be a list of e-mail addresses');
    else if (b.recipients.length > MAX_RECIPIENTS) err('/recipients', 'recipients', `at most ${MAX_RECIPIENTS} recipients`);
    else
      b.recipients.forEach((r, i) => {
        if (typeof r === 'string' && r.length <= 254 && EMAIL.test(r.trim())) recipients.push(r.trim());
        else err(`/recipients/${i}`, 'recipients', `${JSON.stringify(r)} is not an e-mail address`);
      });
  }
  if (b.enabled !== undefined && typeof b.enabled !== 'boolean') err('/enabled', 'enabled', 'enabled must be true or false');
  if (errors.length || !target) return { input: null, errors: errors.length ? errors : [{ pointer: '/target', field: 'target', reason: 'target is required' }] };
  return { input: { name, period: b.period as ScheduleInput['period'], target, recipients: [...new Set(recipients)], enabled: b.enabled !== false }, errors: [] };
}

function readTarget(t: unknown, err: (pointer: string, field: string, reason: string) => void): ScheduleTarget | null {
  const kinds = ['saved-view', 'view', 'region-report', 'program-report'];
  if (typeof t !== 'object' || t === null || Array.isArray(t)) {
    err('/target', 'target', t === undefined ? `target is required: {kind: ${kinds.join(' | ')}, ...}` : `target must be an object {kind: ${kinds.join(' | ')}, ...}`);
    return null;
  }
  const o = t as Record<string, unknown>;
  const bad: string[] = [];
  const fail = (field: string, reason: string) => {
    bad.push(field);
    err(`/target/${field}`, `target.${field}`, reason);
  };
  const month = (field: 'from' | 'to') => {
    if (o[field] !== undefined && (typeof o[field] !== 'string' || !MONTH.test(o[field] as string))) fail(field, `${JSON.stringify(o[field])} is not a month YYYY-MM`);
  };
  const only = (keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(k, `unknown field "${k}" for a ${String(o.kind)} target (accepted: ${keys.join(', ')})`);
  };
  const region = (required: boolean) => {
    if (o.region === undefined) {
      if (required) fail('region', 'region is required: us, state:06, county:06037, cbsa:31080 or custom:<id>');
    } else if (typeof o.region !== 'string' || !REGION_PATTERN.test(o.region)) fail('region', `${JSON.stringify(o.region)} is not a region: us, state:06, county:06037, cbsa:31080 or custom:<id>`);
  };
  switch (o.kind) {
    case 'saved-view':
      only(['kind', 'savedViewId']);
      if (typeof o.savedViewId !== 'number' || !Number.isSafeInteger(o.savedViewId) || o.savedViewId < 1 || o.savedViewId > 2_147_483_647) fail('savedViewId', `${JSON.stringify(o.savedViewId)} is not a saved view id`);
      if (bad.length) break;
      return { kind: 'saved-view', savedViewId: o.savedViewId as number };
    case 'view': {
      only(['kind', 'view', 'filters']);
      if (typeof o.view !== 'string' || !(DASHBOARD_VIEWS as readonly string[]).includes(o.view)) {
        fail('view', `${JSON.stringify(o.view)} is not a dashboard view (${DASHBOARD_VIEWS.join(', ')})`);
        break;
      }
      const accepted = [...new Set(VIEW_SHEETS[o.view as keyof typeof VIEW_SHEETS].flatMap((s) => s.filters))];
      const filters: Record<string, string> = {};
      if (o.filters !== undefined) {
        if (typeof o.filters !== 'object' || o.filters === null || Array.isArray(o.filters)) fail('filters', 'filters must be an object of the view URL parameters');
        else
          for (const [k, v] of Object.entries(o.filters)) {
            if (!accepted.includes(k)) fail(`filters/${k}`, `the ${o.view} view takes no filter "${k}" (accepted: ${accepted.join(', ')})`);
            else if (typeof v !== 'string' || v.length > 200) fail(`filters/${k}`, `filter ${k} must be text (at most 200 characters)`);
            else filters[k] = v;
          }
      }
      if (bad.length) break;
      return { kind: 'view', view: o.view as DashboardView, filters };
    }
    case 'region-report':
      only(['kind', 'region', 'from', 'to']);
      region(true);
      month('from');
      month('to');
      if (bad.length) break;
      return { kind: 'region-report', region: o.region as string, ...(o.from ? { from: o.from as string } : {}), ...(o.to ? { to: o.to as string } : {}) };
    case 'program-report':
      only(['kind', 'cip', 'region', 'from', 'to']);
      if (typeof o.cip !== 'string' || !/^\d{2}\.\d{4}$/.test(o.cip) || !CIP_PATTERN.test(o.cip)) fail('cip', `${JSON.stringify(o.cip)} is not a 6-digit CIP program such as 51.3801`);
      region(false);
      month('from');
      month('to');
      if (bad.length) break;
      return { kind: 'program-report', cip: o.cip as string, ...(o.region ? { region: o.region as string } : {}), ...(o.from ? { from: o.from as string } : {}), ...(o.to ? { to: o.to as string } : {}) };
    default:
      err('/target/kind', 'target.kind', `${JSON.stringify(o.kind)} is not a target kind (${kinds.join(', ')})`);
  }
  return null;
}
