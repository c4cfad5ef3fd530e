import { TEST_PASSWORD } from '@cardshop/domain/testing';
import type { Runtime } from '@cardshop/domain';
import { createConsoleServer } from '../server/index.js';

export const HOST = '127.0.0.1:3001';
export const ORIGIN = `http://${HOST}`;

type App = Awaited<ReturnType<typeof createConsoleServer>>;

/**
 * A console client for HTTP tests: same-origin requests (the CSRF guard wants an Origin), sign-in
 * by email, and form posts as a browser sends them (urlencoded, or multipart with files).
 */
export async function consoleClient(runtime: Runtime) {
  const app: App = await createConsoleServer(runtime);

  function request(path: string, init: RequestInit & { cookie?: string } = {}) {
    const headers = new Headers(init.headers);
    headers.set('host', HOST);
    if (init.cookie) headers.set('cookie', init.cookie);
    return app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' });
  }

  async function signIn(email: string): Promise<string> {
    const res = await request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: new URLSearchParams({ email, password: TEST_PASSWORD, redirectTo: '/' }),
    });
    const match = /cs_staff=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
    if (!match) throw new Error(`sign-in failed for ${email}: ${res.status}`);
    return `cs_staff=${match[1]}`;
  }

  /** A form post; values that are Blobs make it multipart/form-data. */
  function post(path: string, cookie: string, fields: Record<string, string | Blob | File>) {
    const multipart = Object.values(fields).some((v) => typeof v !== 'string');
    let body: BodyInit;
    if (multipart) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      body = form;
    } else {
      body = new URLSearchParams(fields as Record<string, string>);
    }
    return request(path, { method: 'POST', cookie, headers: { origin: ORIGIN }, body });
  }

  /** A multipart form post even when every field is text (what an encType form sends). */
  function postMultipart(path: string, cookie: string, fields: Record<string, string | Blob>) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return request(path, { method: 'POST', cookie, headers: { origin: ORIGIN }, body: form });
  }

  async function html(path: string, cookie: string) {
    const res = await request(path, { cookie });
    return { status: res.status, text: await res.text() };
  }

  return { app, request, signIn, post, postMultipart, html };
}

/** Text as a browser renders it, for matching messages in server-rendered HTML. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
