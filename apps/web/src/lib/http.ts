import type { ProblemDetails } from '@credpulse/contracts';

/** An API failure carrying the server's problem+json, so views can say what was wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | null,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
/** Remembered from /api/auth/login or /api/auth/me; sent on every change made with the session cookie. */
export function setCsrfToken(t: string | null): void {
  csrfToken = t;
}

export type QueryParams = Record<string, string | number | undefined | null>;

export function queryString(params: QueryParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function toError(res: Response): Promise<ApiError> {
  let problem: ProblemDetails | null = null;
  try {
    const ct = res.headers.get('content-type') ?? '';
    if (ct.includes('json')) problem = (await res.json()) as ProblemDetails;
  } catch {
    problem = null;
  }
  const what = problem?.detail ?? problem?.title ?? res.statusText;
  const hint = problem?.suggestion ? ` Did you mean ${problem.suggestion}?` : '';
  return new ApiError(res.status, problem, `${what || 'Request failed'} (HTTP ${res.status}).${hint}`);
}

export async function getJson<T>(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`${path}${queryString(params)}`, { signal, credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw await toError(res);
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

/** Upload with progress (fetch has no upload progress): XMLHttpRequest, problem+json errors as ApiError. */
export function upload<T>(path: string, body: Blob, contentType: string, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, null, 'The upload failed: the server could not be reached.'));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(json as T);
      const p = json as ProblemDetails | null;
      reject(new ApiError(xhr.status, p, `${p?.detail ?? p?.title ?? 'Upload failed'} (HTTP ${xhr.status}).`));
    };
    xhr.send(body);
  });
}
