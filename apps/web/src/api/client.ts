import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { ApiError } from './errors';

export type Schemas = components['schemas'];

// One client for the whole app. The access token lives in memory only; the rotating refresh token in this tab's
// sessionStorage (so a reload keeps the person signed in, and closing the tab signs out). A 401 triggers one refresh
// (shared by all requests waiting on it) and a retry; when the refresh fails the session ends and the app shows the
// sign-in page with a message.

const REFRESH_KEY = 'fazhi.refreshToken';
let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const expiredListeners = new Set<() => void>();

export const session = {
  get accessToken() {
    return accessToken;
  },
  hasRefreshToken: () => !!sessionStorage.getItem(REFRESH_KEY),
  set(tokens: { accessToken: string; refreshToken: string }) {
    accessToken = tokens.accessToken;
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  },
  clear() {
    accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
  },
  onExpired(fn: () => void) {
    expiredListeners.add(fn);
    return () => void expiredListeners.delete(fn);
  },
};

/** Trades the refresh token for a new pair; false (and the session cleared) when it is no longer valid. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
      if (!res.ok) {
        session.clear();
        return false;
      }
      session.set(await res.json());
      return true;
    } catch {
      return false;
    }
  })().finally(() => (refreshing = null));
  return refreshing;
}

function expire() {
  session.clear();
  expiredListeners.forEach((fn) => fn());
}

async function isCredentialRefusal(res: Response): Promise<boolean> {
  const body = (await res
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return body?.error?.code === 'INVALID_CREDENTIALS';
}

/** fetch with the bearer token, one refresh-and-retry on 401. */
export async function authFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const attempt = (req: Request) => {
    if (accessToken) req.headers.set('Authorization', `Bearer ${accessToken}`);
    return fetch(req);
  };
  const original = new Request(input, init);
  const retry = original.clone();
  let res = await attempt(original);
  // A wrong current password (changing one's own password) is a 401 about the password, not about the session.
  if (res.status === 401 && !original.url.includes('/api/auth/') && !(await isCredentialRefusal(res))) {
    if (await refreshSession()) res = await attempt(retry);
    if (res.status === 401) expire();
  }
  return res;
}

export const api = createClient<paths>({ baseUrl: '', fetch: (req: Request) => authFetch(req) });

/** The data of an openapi-fetch call, or an ApiError with the Chinese message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw ApiError.from(response.status, error);
  return data as T;
}

/** Downloads a file the api produces (exports, original reports) under the name the api gives it. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await authFetch(url);
  if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => undefined));
  const blob = await res.blob();
  const name = fileNameFrom(res.headers.get('Content-Disposition')) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Opens an HTML page the api renders (the printable report) in a new tab. */
export async function openHtml(url: string): Promise<void> {
  const win = window.open('', '_blank');
  const res = await authFetch(url);
  if (!res.ok) {
    win?.close();
    throw ApiError.from(res.status, await res.json().catch(() => undefined));
  }
  const href = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html;charset=utf-8' }));
  if (win) win.location.href = href;
  else window.location.href = href;
}

function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** Upload with progress (fetch has no upload progress): XMLHttpRequest with the same token and refresh rule. */
export function uploadWithProgress(url: string, form: FormData, onProgress: (percent: number) => void): Promise<{ status: number; body: unknown }> {
  const send = () =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new TypeError('network'));
      xhr.send(form);
    });
  return send().then(async (r) => {
    if (r.status !== 401) return r;
    if (await refreshSession()) return send();
    expire();
    return r;
  });
}
