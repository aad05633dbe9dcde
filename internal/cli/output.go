package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/stegos-go/stegos/api"
)

// printJSON prints v as indented JSON on stdout.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printJSONLine prints v as one line of JSON on stdout.
func (a *app) printJSONLine(v any) error {
	enc := json.NewEncoder(a.env.Stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table returns a tabwriter for aligned columns on stdout; call Flush.
func (a *app) table() *tabwriter.Writer {
	return tabwriter.NewWriter(a.env.Stdout, 0, 0, 2, ' ', 0)
}

// row writes cells as one tab-separated line of t.
func row(t io.Writer, cells ...string) {
	fmt.Fprintln(t, strings.Join(cells, "\t"))
}

// sanitize makes text from the API (memos, names, reasons, messages) safe
// to print: control characters, which could move the cursor or recolour
// the terminal, become U+FFFD, and tabs and line breaks become spaces so
// tables stay aligned.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// formatTime formats t for people in the configured time zone.
func (a *app) formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(a.env.Location).Format("2006-01-02 15:04:05")
}

// progressText describes how far an account has scanned.
func progressText(s api.SyncStatus) string {
	if s.ChainHeight <= 0 {
		return fmt.Sprintf("block %d", s.ScannedHeight)
	}
	pct := min(max(s.ScannedHeight, 0)*100/s.ChainHeight, 100)
	return fmt.Sprintf("block %d of %d, %d%%", s.ScannedHeight, s.ChainHeight, pct)
}

// yesNo formats a flag for people.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// plural formats n with noun, adding an s unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
