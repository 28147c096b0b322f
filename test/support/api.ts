/**
 * Calls the reference IdP's session API the way any HTTP client would, and
 * hands back what came over the wire: status, headers and parsed body.
 */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ApiCall {
  token?: string;
  method?: 'GET' | 'POST' | 'OPTIONS' | 'DELETE';
  /** A value to send as JSON, or a string to send exactly as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function callApi(
  base: string,
  path: string,
  call: ApiCall = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token !== undefined) {
    headers['authorization'] = `Bearer ${call.token}`;
  }

  let body: string | undefined;
  if (call.body !== undefined) {
    body =
      typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    headers['content-type'] ??= 'application/json';
  }

  const response = await fetch(`${base}${path}`, {
    method: call.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';

  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? (JSON.parse(text) as unknown) : text,
  };
}

/** The field names a problem document says were wrong. */
export function problemFields(answer: ApiAnswer): string[] {
  const body = answer.body as { errors?: { field: string }[] };
  return (body.errors ?? []).map((error) => error.field);
}
