/**
 * Test-only: a minimal browser for redirect-driven flows. It keeps cookies per host (as real
 * browsers do, ignoring ports), follows redirects by hand, and stops before fetching a URL the
 * test marks as the end (a native app's loopback callback needs no listener).
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every request made, as "METHOD url status", for diagnosing a flow that went astray. */
  readonly trail: string[] = [];

  constructor(private readonly stopAt: (url: URL) => boolean = () => false) {}

  private store(url: URL, res: Response): void {
    const cookies = this.jar.get(url.hostname) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()) || attrs.some((a) => /^\s*max-age=0/i.test(a));
      if (expired || !value) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(url.hostname, cookies);
  }

  private cookieHeader(url: URL): string {
    return [...(this.jar.get(url.hostname) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Requests `url` and follows redirects; returns the last response, or the stop URL. */
  async go(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: URL; res?: Response; body?: string }> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: URLSearchParams | undefined = init.form ? new URLSearchParams(init.form) : undefined;
    for (let hops = 0; hops < 25; hops++) {
      if (this.stopAt(current)) return { url: current };
      const headers: Record<string, string> = { cookie: this.cookieHeader(current) };
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(current, { method, headers, body, redirect: 'manual' });
      this.store(current, res);
      this.trail.push(`${method} ${current.href} ${res.status}`);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current);
        method = 'GET';
        body = undefined;
        continue;
      }
      const text = await res.text();
      // Self-submitting form_post pages: a browser with scripts posts them at once.
      const auto = text.includes('document.forms[0].submit()') ? text.match(/<form method="post" action="([^"]+)">/) : null;
      if (auto) {
        current = new URL(auto[1]!.replace(/&amp;/g, '&'), current);
        method = 'POST';
        body = new URLSearchParams(hiddenInputs(text));
        continue;
      }
      return { url: current, res, body: text };
    }
    throw new Error('too many redirects');
  }
}

/** Reads hidden inputs of an HTML form, as a browser would submit them. */
export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) out[m[1]!] = m[2]!;
  return out;
}
