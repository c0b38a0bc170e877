// Package e2e holds whosaid's browser tests: they start the real router on
// 127.0.0.1 over a seeded SQLite database and drive headless Chromium
// through the Chrome DevTools Protocol (chromedp) against Swagger UI and
// the fact-checker's page, saving a screenshot of each step.
//
// The tests need Debian's chromium package (/usr/bin/chromium); where no
// Chromium is installed they skip and say so. They never download a
// browser. Screenshots go to $WHOSAID_ARTIFACTS, or artifacts/ at the
// repository root.
package e2e
