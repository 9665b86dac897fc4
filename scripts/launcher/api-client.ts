/** A tiny JSON client for the launcher and the bench: they use the public api exactly as a township user would. */
export async function apiCall<T>(base: string, pathname: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const res = await fetch(new URL(pathname, base), { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Like apiCall, but any non-2xx answer is an error naming the request. */
export async function apiJson<T>(base: string, pathname: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const { status, body } = await apiCall<T>(base, pathname, init);
  if (status >= 300) throw new Error(`${init.method ?? 'GET'} ${pathname}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}
