// Package htmltest drives the HTML report of `blast analyze --format html`
// in a real browser: headless Chromium through the DevTools protocol
// (chromedp). It holds only tests, in a package of their own so that the
// rest of the suite stays fast; without Chromium they skip and say so
// (under CI=true they fail instead, since .ci/run installs it).
package htmltest
