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
	// OwnURL, when set, puts the pages on their own address (api.web_listen):
	// they answer only the requests that came in through a listener wrapped
	// by OwnListener, and every other request for a page gets a 404 that
	// points to OwnURL.
	OwnURL string
}

// Handler serves the web wallet at / and the explorer at /explorer/. Every
// answer carries the security headers (CSP, nosniff, no referrer, no
// framing); a Host that is not this machine's gets 421 (DNS rebinding); a
// URL with a token query parameter gets 400 (the token never belongs in a
// URL).
func Handler(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	root, err := fsSubStatic()
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	files, err := loadAssets(root)
	if err != nil {
		panic(err) // reading the embedded tree cannot fail
	}
	mux := http.NewServeMux()
	if cfg.Explorer != nil {
		mux.Handle("/explorer", cfg.Explorer)
		mux.Handle("/explorer/", cfg.Explorer)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p == "/" {
			p = "/index.html"
		}
		a := files[p]
		if a == nil || !(p == "/index.html" || p == "/sw.js" || p == "/manifest.webmanifest" || strings.HasPrefix(p, "/ui/")) {
			http.NotFound(w, r)
			return
		}
		a.serve(w, r)
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
		if cfg.OwnURL != "" && !viaOwnListener(r) {
			http.Error(w, "the web wallet and the explorer are served at "+cfg.OwnURL, http.StatusNotFound)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "the pages answer GET and HEAD only", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Query().Has("token") {
			// Whatever it holds, it is not echoed and not logged.
			http.Error(w, "never put the API token in a URL: it would stay in the browser's history and in logs. "+
				"The login link carries it after '#', which the browser never sends", http.StatusBadRequest)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// fsSubStatic is the embedded static/ tree.
func fsSubStatic() (fs.FS, error) { return fs.Sub(static, "static") }

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

// OwnListener wraps ln, the pages' own address (Config.OwnURL): a server
// serving both it and the API's address tells the requests that came
// through it by their connection's local address, which net/http puts in
// the request context.
func OwnListener(ln net.Listener) net.Listener { return ownListener{ln} }

type ownListener struct{ net.Listener }

func (l ownListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return ownConn{c}, nil
}

type ownConn struct{ net.Conn }

func (c ownConn) LocalAddr() net.Addr { return ownAddr{c.Conn.LocalAddr()} }

// ownAddr marks the local address of a connection accepted by OwnListener.
type ownAddr struct{ net.Addr }

// viaOwnListener reports whether r came in through an OwnListener.
func viaOwnListener(r *http.Request) bool {
	_, ok := r.Context().Value(http.LocalAddrContextKey).(ownAddr)
	return ok
}
