package webui

import (
	"embed"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
)

//go:embed static
var static embed.FS

// CSP is the Content-Security-Policy of every page: scripts, styles,
// fonts, the manifest and workers from this origin only; images also from
// data: and blob: URLs (QR codes); the camera preview as a blob; API calls
// to this origin (its WebSocket included); no frames, no plugins, no base
// or form targets elsewhere. No inline script or style.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self'; connect-src 'self'; media-src 'self' blob: mediastream:; manifest-src 'self'; worker-src 'self'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Config is what the pages need.
type Config struct {
	// Hosts are extra host names (without port) the pages answer to, beside
	// loopback names and addresses: e.g. the API's listen address when it
	// is not loopback.
	Hosts  []string
	Logger *slog.Logger
	// Explorer serves /explorer/…; nil: 404 there.
	Explorer http.Handler
}

// Handler serves the web wallet at / and the explorer at /explorer/.
func Handler(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	root, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	files := http.FileServerFS(root)
	mux := http.NewServeMux()
	if cfg.Explorer != nil {
		mux.Handle("/explorer", cfg.Explorer)
		mux.Handle("/explorer/", cfg.Explorer)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFileFS(w, r, root, "index.html")
		case r.URL.Path == "/sw.js" || r.URL.Path == "/manifest.webmanifest" || strings.HasPrefix(r.URL.Path, "/ui/"):
			if r.URL.Path == "/sw.js" {
				w.Header().Set("Cache-Control", "no-cache")
			}
			files.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
	allowed := map[string]bool{"localhost": true}
	for _, h := range cfg.Hosts {
		allowed[strings.ToLower(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostAllowed(r.Host, allowed) {
			// Another name resolving to this address (DNS rebinding) gets
			// nothing, not even the page.
			http.Error(w, "this host name is not served here; use http://127.0.0.1:<port>/", http.StatusMisdirectedRequest)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
		mux.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a request's Host names this machine: a
// loopback address, localhost, or one of the configured names.
func hostAllowed(hostport string, allowed map[string]bool) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if allowed[host] {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoginURL is the link that logs a browser into the web wallet of the API
// at addr: the token travels in the fragment, which the browser never sends
// to a server; the page keeps it in its origin's storage and removes it
// from the address bar.
func LoginURL(addr, token string) string {
	return "http://" + addr + "/#token=" + token
}
