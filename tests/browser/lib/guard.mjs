// guard.mjs - the error policy of every browser test: a page under guard
// records what went wrong while the test ran, and the test fails at its end
// if anything did, whatever its own checks said:
//
//   - an uncaught error or unhandled promise rejection in the page;
//   - a console error (console.error, CSP violations, ...), except Chromium's
//     "Failed to load resource: the server responded with a status of N"
//     for a response that the test declared with expectStatus() before the
//     step that causes it (a 401 of a wrong password, the 422 of a bad feed);
//   - a console warning from our own scripts (the router reports a bug of a
//     view, an exception that is not an API error, with console.warn);
//   - a request that fails at the network level (refused, reset, blocked,
//     aborted before an answer came). A request that got its answer and is
//     then reported aborted is not one: Chromium reports every fetch() of a
//     204 No Content that way (the body that never comes is "cancelled");
//     nor is a request aborted because its page was left for another
//     document (a reload or a typed address while the page was loading: the
//     browser cancels what the old page still waited for, as it should);
//   - any 5xx response, expected or not.

// guard(page, baseUrl) -> {problems(), expect(status, pattern), stop()}
export function guard(page, baseUrl) {
  const problems = [];
  const expectations = []; // {status, pattern, active}
  const expectedLoads = new Set(); // "status url" of responses that were expected
  const failedLoads = []; // console "Failed to load resource" lines, judged at the end
  const answered = new WeakSet(); // requests whose response arrived
  // Requests cancelled because their page was left: a request is marked
  // with the document it started in, and whether a new document was already
  // on its way then (the old page's code keeps running until the new one
  // commits, and may start a fetch that the browser then cancels).
  const startedIn = new WeakMap(); // request -> {doc, duringNavigation}
  const aborted = []; // {start, text} of cancelled requests
  let documentNo = 0; // the main frame's document loads, counted from their start
  let navigating = false; // a new document is loading
  let stopped = false;

  page.on('request', (req) => {
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      documentNo += 1;
      navigating = true;
    }
    startedIn.set(req, {doc: documentNo, duringNavigation: navigating});
  });
  page.on('domcontentloaded', () => {
    navigating = false;
  });

  page.on('pageerror', (err) => {
    if (stopped) return;
    problems.push(`uncaught page error: ${err.stack || err.message || err}`);
  });
  page.on('console', (msg) => {
    if (stopped) return;
    const type = msg.type();
    const loc = msg.location() || {};
    if (type === 'error') {
      const m = /^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text());
      if (m) {
        failedLoads.push({status: Number(m[1]), url: loc.url || '', text: msg.text()});
        return;
      }
      problems.push(`console error: ${msg.text()}${where(loc)}`);
    } else if (type === 'warning' && loc.url && loc.url.startsWith(baseUrl)) {
      problems.push(`console warning from our code: ${msg.text()}${where(loc)}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (stopped) return;
    if (answered.has(req)) return;
    const f = req.failure();
    if (f && f.errorText === 'net::ERR_ABORTED') {
      // Judged at the end: the navigation that explains it may be reported
      // after the cancellation.
      aborted.push({start: startedIn.get(req), text: `${req.method()} ${req.url()}`});
      return;
    }
    problems.push(`request failed at the network level: ${req.method()} ${req.url()}: ${f ? f.errorText : '?'}`);
  });
  page.on('response', (res) => {
    if (stopped) return;
    answered.add(res.request());
    const status = res.status();
    if (status >= 500) {
      problems.push(`${status} response: ${res.request().method()} ${res.url()}`);
      return;
    }
    if (status >= 400 && expectations.some((e) => e.active && e.status === status && urlMatches(e.pattern, res.url()))) {
      expectedLoads.add(`${status} ${res.url()}`);
    }
  });

  return {
    // Everything that went wrong, including resource-load errors that no
    // expectation covered.
    problems() {
      const out = [...problems];
      for (const a of aborted) {
        if (a.start && (a.start.doc !== documentNo || a.start.duringNavigation)) continue;
        out.push(`request failed at the network level: ${a.text}: net::ERR_ABORTED`);
      }
      for (const f of failedLoads) {
        if (!expectedLoads.has(`${f.status} ${f.url}`)) {
          out.push(`unexpected console error: ${f.text} (${f.url || 'no url'}); ` +
            'declare it with expectStatus() if the step causes it on purpose');
        }
      }
      return out;
    },
    expect(status, pattern) {
      const e = {status, pattern, active: true};
      expectations.push(e);
      return e;
    },
    stop() {
      stopped = true;
    },
  };
}

// Whether a URL matches a pattern: a substring, a RegExp or a predicate.
export function urlMatches(pattern, url) {
  if (pattern instanceof RegExp) return pattern.test(url);
  if (typeof pattern === 'function') return Boolean(pattern(url));
  return url.includes(pattern);
}

function where(loc) {
  return loc.url ? ` (${loc.url}:${(loc.lineNumber ?? 0) + 1})` : '';
}
