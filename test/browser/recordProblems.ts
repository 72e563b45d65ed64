import type {BrowserContext} from "playwright-core";

/**
 * Records in `problems` everything that must not happen in a browser context: a request to a host
 * other than `origin` (aborted, so nothing leaves the machine), a console error, a page error, a
 * failed request, an HTTP error status, a Content-Security-Policy violation. Every browser test checks
 * `problems` is empty.
 */
export async function recordProblems(context: BrowserContext, origin: string, problems: string[]): Promise<void> {
  await context.exposeBinding("reportPolicyViolation", ({page}, text: string) => void problems.push(`CSP violation on ${page?.url()}: ${text}`));
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as {reportPolicyViolation(text: string): void}).reportPolicyViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} (${event.sourceFile}:${event.lineNumber})`)
    )
  );
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    problems.push(`request to another host: ${url.href}`);
    return route.abort();
  });
  context.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${message.page()?.url()}: ${message.text()}`);
  });
  context.on("weberror", (error) => problems.push(`page error: ${error.error().message} (${error.error().stack?.split("\n").slice(1, 4).join(" | ").trim()})`));
  context.on("requestfailed", (request) => problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`));
  context.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}
