package webui

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPagesHeadersAndHosts(t *testing.T) {
	h := Handler(Config{Hosts: []string{"wallet.lan"}})
	for _, tc := range []struct {
		host, path string
		code       int
	}{
		{"127.0.0.1:3145", "/", 200},
		{"127.0.0.1:3145", "/index.html", 200},
		{"localhost:3145", "/ui/explorer.css", 200},
		{"LOCALHOST:3145", "/ui/explorer.css", 200},
		{"[::1]:3145", "/manifest.webmanifest", 200},
		{"[::1]", "/", 200},
		{"127.0.0.2:3145", "/", 200}, // all of 127/8 is loopback
		{"wallet.lan:3145", "/sw.js", 200},
		{"WALLET.LAN", "/sw.js", 200},
		{"127.0.0.1:3145", "/nope", 404},
		{"127.0.0.1:3145", "/ui/", 404}, // no directory listing
		{"127.0.0.1:3145", "/ui", 404},  // nor a redirect to one
		{"127.0.0.1:3145", "/static/index.html", 404},
		{"127.0.0.1:3145", "/explorer", 404}, // no explorer configured
		{"evil.example:3145", "/", http.StatusMisdirectedRequest},
		{"evil.example", "/ui/explorer.css", http.StatusMisdirectedRequest},
		{"127.0.0.1.evil.example", "/", http.StatusMisdirectedRequest},
		{"localhost.evil.example:3145", "/", http.StatusMisdirectedRequest},
		{"wallet.lan.evil.example", "/", http.StatusMisdirectedRequest},
		{"0.0.0.0:3145", "/", http.StatusMisdirectedRequest},
		{"192.168.1.10:3145", "/", http.StatusMisdirectedRequest},
		{"", "/", http.StatusMisdirectedRequest},
	} {
		r := httptest.NewRequest("GET", tc.path, nil)
		r.Host = tc.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.code {
			t.Errorf("%s%s: %d, want %d", tc.host, tc.path, w.Code, tc.code)
		}
		if tc.code == http.StatusMisdirectedRequest && strings.Contains(strings.ToLower(w.Body.String()), "<html") {
			t.Errorf("%s: a refused host got markup: %s", tc.host, w.Body)
		}
		if tc.code == 200 {
			if got := w.Header().Get("Content-Security-Policy"); got != CSP {
				t.Errorf("%s: CSP %q", tc.path, got)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("X-Frame-Options") != "DENY" ||
				w.Header().Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("%s: headers %v", tc.path, w.Header())
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("%s: a CORS header", tc.path)
			}
		}
	}
	if !strings.Contains(CSP, "script-src 'self';") || strings.Contains(CSP, "unsafe") {
		t.Fatalf("CSP allows more than this origin's scripts: %s", CSP)
	}
	// Clickjacking: no page may be framed, by the CSP (modern browsers)
	// and X-Frame-Options (older ones).
	if !strings.Contains(CSP, "frame-ancestors 'none'") || !strings.Contains(CSP, "default-src 'none'") {
		t.Fatalf("CSP lets other sites frame the pages: %s", CSP)
	}
}

func TestLoginURLKeepsTokenInFragment(t *testing.T) {
	u := LoginURL("127.0.0.1:3145", "abc")
	if u != "http://127.0.0.1:3145/#token=abc" {
		t.Fatal(u)
	}
}

func TestStaticContentTypesAndCaching(t *testing.T) {
	h := Handler(Config{})
	for path, want := range map[string]string{
		"/":                     "text/html; charset=utf-8",
		"/manifest.webmanifest": "application/manifest+json",
		"/sw.js":                "text/javascript; charset=utf-8",
		"/ui/explorer.css":      "text/css; charset=utf-8",
	} {
		code, hdr, body := get(t, h, "GET", path)
		if code != 200 || hdr.Get("Content-Type") != want || body == "" {
			t.Errorf("%s: %d %q, want %q", path, code, hdr.Get("Content-Type"), want)
		}
		// Not hashed: kept, but revalidated; the ETag makes that a 304.
		if hdr.Get("Cache-Control") != "no-cache" || hdr.Get("ETag") == "" {
			t.Errorf("%s: caching %v", path, hdr)
		}
		r := newLoopbackRequest("GET", path)
		r.Header.Set("If-None-Match", hdr.Get("ETag"))
		if code, _, body := serve(h, r); code != http.StatusNotModified || body != "" {
			t.Errorf("%s with its ETag: %d %q", path, code, body)
		}
		code, hdrHead, body := get(t, h, "HEAD", path)
		if code != 200 || body != "" || hdrHead.Get("Content-Type") != want || hdrHead.Get("ETag") != hdr.Get("ETag") {
			t.Errorf("HEAD %s: %d %v %q", path, code, hdrHead, body)
		}
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS"} {
		if code, hdr, _ := get(t, h, m, "/"); code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s /: %d %v", m, code, hdr)
		}
	}
}

func TestAssetsHashedNamesAreImmutable(t *testing.T) {
	fsys := fstest.MapFS{
		"ui/app.3f9a1c2b.js":            {Data: []byte("a")},
		"ui/chunk-0123456789abcdef.mjs": {Data: []byte("b")},
		"ui/app.js":                     {Data: []byte("c")},
		"ui/vendor/preact-10.26.9.js":   {Data: []byte("d")},
		"ui/app.3F9A1C2B.js":            {Data: []byte("e")}, // upper case: not our hash format
		"ui/app.3f9a1c.js":              {Data: []byte("f")}, // too short
		"ui/icon.png":                   {Data: []byte("g")},
		"ui/data.bin":                   {Data: []byte("h")},
		"manifest.webmanifest":          {Data: []byte("{}")},
	}
	a, err := loadAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]struct{ cache, ctype string }{
		"/ui/app.3f9a1c2b.js":            {cacheImmutable, "text/javascript; charset=utf-8"},
		"/ui/chunk-0123456789abcdef.mjs": {cacheImmutable, "text/javascript; charset=utf-8"},
		"/ui/app.js":                     {cacheRevalidate, "text/javascript; charset=utf-8"},
		"/ui/vendor/preact-10.26.9.js":   {cacheRevalidate, "text/javascript; charset=utf-8"},
		"/ui/app.3F9A1C2B.js":            {cacheRevalidate, "text/javascript; charset=utf-8"},
		"/ui/app.3f9a1c.js":              {cacheRevalidate, "text/javascript; charset=utf-8"},
		"/ui/icon.png":                   {cacheRevalidate, "image/png"},
		"/ui/data.bin":                   {cacheRevalidate, "application/octet-stream"},
		"/manifest.webmanifest":          {cacheRevalidate, "application/manifest+json"},
	} {
		f := a[path]
		if f == nil {
			t.Errorf("%s not loaded", path)
			continue
		}
		if f.cache != want.cache || f.contentType != want.ctype {
			t.Errorf("%s: %q %q, want %q %q", path, f.cache, f.contentType, want.cache, want.ctype)
		}
	}
	if a["/ui/app.js"].etag == a["/ui/icon.png"].etag {
		t.Error("different contents, same ETag")
	}
	if len(a) != len(fsys) {
		t.Errorf("%d assets from %d files (directories are not assets)", len(a), len(fsys))
	}
	// Range requests work (ServeContent), for media players and resumed
	// downloads.
	r := newLoopbackRequest("GET", "/ui/app.js")
	r.Header.Set("Range", "bytes=0-0")
	w := httptest.NewRecorder()
	a["/ui/app.js"].serve(w, r)
	if w.Code != http.StatusPartialContent || w.Body.String() != "c" || w.Header().Get("Cache-Control") != cacheRevalidate {
		t.Fatalf("range: %d %q %v", w.Code, w.Body, w.Header())
	}
}

func TestEmbeddedTreeServesEveryFile(t *testing.T) {
	// Everything the front end puts under static/ui/ is served, with the
	// content type of its extension (never sniffed).
	h := Handler(Config{})
	for path, a := range loadEmbedded(t) {
		if !strings.HasPrefix(path, "/ui/") {
			continue
		}
		code, hdr, _ := get(t, h, "GET", path)
		if code != 200 || hdr.Get("Content-Type") != a.contentType {
			t.Errorf("%s: %d %q", path, code, hdr.Get("Content-Type"))
		}
	}
}

// loadEmbedded returns the assets of the embedded static tree.
func loadEmbedded(t *testing.T) assets {
	t.Helper()
	sub, err := fsSubStatic()
	if err != nil {
		t.Fatal(err)
	}
	a, err := loadAssets(sub)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOwnListener(t *testing.T) {
	h := Handler(Config{OwnURL: "http://127.0.0.1:8080/"})
	// Through a plain listener (the API's address): a pointer, no page.
	plain := startServer(t, h, false)
	resp, body := httpGet(t, plain+"/", nil)
	if resp.StatusCode != 404 || !strings.Contains(body, "served at http://127.0.0.1:8080/") {
		t.Fatalf("API address: %d %q", resp.StatusCode, body)
	}
	// Through the pages' own listener: the wallet.
	own := startServer(t, h, true)
	resp, body = httpGet(t, own+"/", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "<html") {
		t.Fatalf("own address: %d %q", resp.StatusCode, body)
	}
	// HEAD over a real connection: headers, no body.
	req, _ := http.NewRequest("HEAD", own+"/ui/explorer.css", nil)
	hr, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(hr.Body)
	hr.Body.Close()
	if hr.StatusCode != 200 || len(b) != 0 || hr.ContentLength <= 0 || hr.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Fatalf("HEAD: %d, %d bytes, length %d, %v", hr.StatusCode, len(b), hr.ContentLength, hr.Header)
	}
}

// startServer serves h on a loopback port until the test ends, through
// OwnListener if own; it returns the base URL.
func startServer(t *testing.T, h http.Handler, own bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	if own {
		ln = OwnListener(ln)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return url
}

// httpGet GETs url with the headers hdr and returns the response and its
// body.
func httpGet(t *testing.T, url string, hdr http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
