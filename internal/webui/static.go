package webui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// Cache-Control values of the embedded files.
const (
	// cacheImmutable is for files whose name carries a hash of their
	// content (hashedName): a new content is a new name.
	cacheImmutable = "public, max-age=31536000, immutable"
	// cacheRevalidate is for every other file: the browser keeps it but
	// asks again each time, and the ETag makes the answer a 304 when the
	// binary has not changed.
	cacheRevalidate = "no-cache"
)

// hashedName matches a file name with a content hash of 8 to 64 lowercase
// hex digits before its extension: app.3f9a1c2b.js, chunk-0123abcd.mjs.
var hashedName = regexp.MustCompile(`[.-][0-9a-f]{8,64}\.[a-z0-9]+$`)

// contentTypes are the types of the embedded files by extension, fixed here
// rather than taken from the machine's mime tables (which vary, and lack
// .webmanifest). An extension not listed is served as
// application/octet-stream, never sniffed.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".map":         "application/json",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".webp":        "image/webp",
	".woff2":       "font/woff2",
	".wasm":        "application/wasm",
	".txt":         "text/plain; charset=utf-8",
}

// asset is one embedded file, read once at start.
type asset struct {
	name        string // path inside the tree, without a leading slash
	data        []byte
	etag        string // strong ETag: a prefix of the SHA-256 of data
	contentType string
	cache       string
}

// assets are the embedded files by URL path ("/ui/app.js").
type assets map[string]*asset

// loadAssets reads every regular file of fsys. Directories are not served,
// so there is no listing.
func loadAssets(fsys fs.FS) (assets, error) {
	out := assets{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		a := &asset{
			name:        p,
			data:        data,
			etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
			contentType: contentTypes[strings.ToLower(path.Ext(p))],
			cache:       cacheRevalidate,
		}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		if hashedName.MatchString(path.Base(p)) {
			a.cache = cacheImmutable
		}
		out["/"+p] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webui: reading the embedded files: %w", err)
	}
	return out, nil
}

// serve answers GET and HEAD of a with its type, cache policy and ETag;
// http.ServeContent handles If-None-Match (304) and ranges.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", a.cache)
	h.Set("ETag", a.etag)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.data))
}
