// The one door to the server: same-origin cookies, CSRF header on writes, 401 → login.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** What the API sent beside the message, e.g. the refused rows of an import. */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type UnauthorizedHandler = () => void;

let handleUnauthorized: UnauthorizedHandler = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** Lets the session (which owns the router) decide how to send the user to the login page. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  handleUnauthorized = handler;
}

const CSRF_COOKIE = 'gz_csrf';
const CSRF_HEADER = 'x-csrf-token';
// A 401 from these means "wrong password", not "session expired".
const PATHS_WITHOUT_REDIRECT = ['/api/auth/login', '/api/auth/password'];

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

type QueryValue = string | number | boolean | null | undefined;

export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) {
      return new ApiError(response.status, body.error.code, body.error.message ?? body.error.code, body.error.details);
    }
  } catch {
    // not JSON: fall through to the status text
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText);
}

interface RawBody {
  text: string;
  contentType: string;
}

/** Sends one request to the API and returns the parsed JSON body (undefined for 204). */
export function request<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
  const raw = body === undefined ? undefined : { text: JSON.stringify(body), contentType: 'application/json' };
  return send<T>(method, path, raw, extraHeaders);
}

async function send<T>(method: string, path: string, body?: RawBody, extraHeaders?: Record<string, string>): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = body.contentType;
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body?.text,
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.status === 401 && !PATHS_WITHOUT_REDIRECT.includes(path)) {
    handleUnauthorized();
  }
  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  /** A POST with its own headers (an Idempotency-Key that a retry of the same submit sends again). */
  postWithHeaders: <T>(path: string, body: unknown, headers: Record<string, string>) => request<T>('POST', path, body, headers),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  /** Posts text as it is (a CSV file, a GeoJSON file) with its own content type. */
  postText: <T>(path: string, text: string, contentType: string) => send<T>('POST', path, { text, contentType }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
