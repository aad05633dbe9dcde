package webui

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseQuery: a search is a height, an id, or an error, never two of
// them; what parses reads back as the input (no alternative spellings
// beyond case, leading zeros and surrounding spaces).
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "1", " 42 ", "0", "007", "-1", "+1", "1e3", "9223372036854775807", "9223372036854775808",
		strings.Repeat("ab", 32), strings.Repeat("AB", 32), strings.Repeat("1", 64), strings.Repeat("a", 63), strings.Repeat("a", 65),
		"0x" + strings.Repeat("a", 62), "<script>", "\x00", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := parseQuery(s)
		trimmed := strings.TrimSpace(s)
		if err != nil {
			if q != (query{}) {
				t.Fatalf("%q: error %v and a result %+v", s, err, q)
			}
			return
		}
		if q.isID {
			if q.height != 0 || hex.EncodeToString(q.id[:]) != strings.ToLower(trimmed) {
				t.Fatalf("%q: id %x, height %d", s, q.id, q.height)
			}
			if _, err := parseID(trimmed); err != nil {
				t.Fatalf("%q: a query id that parseID refuses: %v", s, err)
			}
			return
		}
		if q.height < 1 || strings.TrimLeft(trimmed, "0") != strconv.FormatInt(q.height, 10) {
			t.Fatalf("%q: height %d", s, q.height)
		}
		if h, err := parseHeight(trimmed); err != nil || h != q.height {
			t.Fatalf("%q: parseHeight = %d, %v", s, h, err)
		}
	})
}

// FuzzParsePath: the path segments of block, tx and output pages parse or
// fail cleanly, and an id parses exactly when it is 64 hex digits.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"1", "0", "abc", strings.Repeat("0", 64), strings.Repeat("g", 64), "%", "1/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := parseHeight(s); (err == nil) != (h >= 1) {
			t.Fatalf("%q: height %d, error %v", s, h, err)
		}
		id, err := parseID(s)
		b, herr := hex.DecodeString(s)
		if ok := herr == nil && len(b) == 32; ok != (err == nil) {
			t.Fatalf("%q: parseID error %v, hex %v (%d bytes)", s, err, herr, len(b))
		}
		if err == nil && hex.EncodeToString(id[:]) != strings.ToLower(s) {
			t.Fatalf("%q: id %x", s, id)
		}
	})
}

// FuzzSearchPage: whatever the query, the search page redirects to one of
// the explorer's pages or shows a 400 or 404 page; never a 500, never the
// query unescaped.
func FuzzSearchPage(f *testing.F) {
	c := newFakeChain(5)
	h := newTestExplorer(f, c, true, nil)
	for _, s := range []string{"3", "6", "", "<b>x</b>", fakeTx().ID().String(), "\"'><script>alert(1)</script>", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, hdr, body := get(t, h, "GET", "/explorer/search?q="+url.QueryEscape(s))
		switch code {
		case http.StatusSeeOther:
			loc := hdr.Get("Location")
			if !strings.HasPrefix(loc, "/explorer/block/") && !strings.HasPrefix(loc, "/explorer/tx/") && !strings.HasPrefix(loc, "/explorer/output/") {
				t.Fatalf("%q: redirect to %q", s, loc)
			}
		case http.StatusBadRequest, http.StatusNotFound:
			if !strings.Contains(body, "Nothing matched") {
				t.Fatalf("%q: %d page without the verdict:\n%s", s, code, body)
			}
		default:
			t.Fatalf("%q: status %d:\n%s", s, code, body)
		}
		// The query with markup appended is shown escaped, if at all.
		const marker = "<q-marker x='1'>"
		code, _, body = get(t, h, "GET", "/explorer/search?q="+url.QueryEscape(s+marker))
		if code != http.StatusBadRequest || strings.Contains(body, "<q-marker") || strings.Contains(body, "<script") {
			t.Fatalf("%q: %d:\n%s", s+marker, code, body)
		}
	})
}
