package webui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPagesHeadersAndHosts(t *testing.T) {
	h := Handler(Config{Hosts: []string{"wallet.lan"}})
	for _, tc := range []struct {
		host, path string
		code       int
	}{
		{"127.0.0.1:3145", "/", 200},
		{"localhost:3145", "/ui/app.js", 200},
		{"[::1]:3145", "/manifest.webmanifest", 200},
		{"wallet.lan:3145", "/sw.js", 200},
		{"127.0.0.1:3145", "/nope", 404},
		{"127.0.0.1:3145", "/explorer", 404}, // no explorer configured
		{"evil.example:3145", "/", http.StatusMisdirectedRequest},
		{"127.0.0.1.evil.example", "/", http.StatusMisdirectedRequest},
	} {
		r := httptest.NewRequest("GET", tc.path, nil)
		r.Host = tc.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.code {
			t.Errorf("%s%s: %d, want %d", tc.host, tc.path, w.Code, tc.code)
		}
		if tc.code == 200 {
			if got := w.Header().Get("Content-Security-Policy"); got != CSP {
				t.Errorf("%s: CSP %q", tc.path, got)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: headers %v", tc.path, w.Header())
			}
		}
	}
	if !strings.Contains(CSP, "script-src 'self';") || strings.Contains(CSP, "unsafe") {
		t.Fatalf("CSP allows more than this origin's scripts: %s", CSP)
	}
}

func TestLoginURLKeepsTokenInFragment(t *testing.T) {
	u := LoginURL("127.0.0.1:3145", "abc")
	if u != "http://127.0.0.1:3145/#token=abc" {
		t.Fatal(u)
	}
}
