// Package browsertest drives the web wallet and the explorer that stegosd
// serves in a real browser: its tests build stegosd, start `stegosd dev` on
// free loopback ports, and drive Debian's chromium with chromedp through
// every flow of ui-contract.md (login, accounts, receive, send, history and
// payment proofs, staking, the explorer, QR codes), saving screenshots at a
// phone and a desktop viewport. Along the way they check the privacy and
// security promises of the pages: no request to another origin, the token
// never in a URL, the Content-Security-Policy on every page and never
// violated, and no amount or memo of a confidential output in the explorer.
//
// The package has no code of its own beside this comment; everything is in
// its tests. Without a browser they skip, unless STEGOS_REQUIRE_BROWSER=1
// (set by .ci/run), which makes a missing browser a failure. Environment:
//
//	STEGOS_CHROMIUM            the browser to run (default: chromium on $PATH)
//	STEGOS_REQUIRE_BROWSER=1   fail instead of skipping without a browser
//	STEGOS_ARTIFACTS=DIR       where the screenshots go (default: $TMPDIR/stegos-webui-screenshots)
//	STEGOS_UPDATE_SCREENSHOTS=1, or the test flag -update-screenshots:
//	                           rewrite the screenshots committed under docs/img/
package browsertest
