
export interface Providers {
  google: boolean;
  devLogin: boolean;
}

export type FieldErrors = Partial<Record<string, string[]>>;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

/** A same-origin JSON request; a non-2xx answer throws ApiError with the server's code (plugins use it too). */
export async function request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set("accept", "application/json");
  if (json !== undefined) headers.set("content-type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers,
      credentials: "same-origin",
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch {
    throw new ApiError(0, "network", "network error");
  }
  if (!response.ok) {
    let body: { error?: { code?: string; message?: string; details?: { fieldErrors?: FieldErrors } } } = {};
    try {
      body = await response.json();
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(
      response.status,
      body.error?.code ?? `http_${response.status}`,
      body.error?.message ?? response.statusText,
      body.error?.details?.fieldErrors ?? {},
    );
  }
  return response;
}

export async function getProviders(): Promise<Providers> {
  const response = await request("/auth/providers");
  return (await response.json()) as Providers;
}

export async function devLogin(email: string, name?: string): Promise<void> {
  await request("/auth/dev-login", { method: "POST", json: name ? { email, name } : { email } });
}

export async function logout(): Promise<void> {
  await request("/auth/logout", { method: "POST" });
}
