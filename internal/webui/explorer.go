package webui

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

//go:embed templates
var templateFS embed.FS

// Chain is what the explorer reads of the chain: *chainsrc.Comet, the
// source stegosd's wallet and API already use.
type Chain interface {
	Tip(ctx context.Context) (int64, error)
	Block(ctx context.Context, height int64) (*chainsrc.Block, error)
	Tx(ctx context.Context, id ledger.TxID) (*chainsrc.TxInBlock, error)
	Unspent(ctx context.Context, id ledger.OutputID) (bool, error)
	Meta(ctx context.Context) (*chainsrc.Meta, error)
	QueryJSON(ctx context.Context, path string, data []byte, v any) error
}

var _ Chain = (*chainsrc.Comet)(nil)

// ABCIQuerier is the node's application query, as the CometBFT clients
// (local and HTTP) offer it.
type ABCIQuerier interface {
	ABCIQuery(ctx context.Context, path string, data cmtbytes.HexBytes) (*ctypes.ResultABCIQuery, error)
}

// ExplorerConfig configures the explorer.
type ExplorerConfig struct {
	// Chain is read for every page; required.
	Chain Chain
	// Query, when set, lets output pages show the block and transaction
	// that created an unspent output (the application's UTXO query);
	// without it they say only whether the output is unspent.
	Query ABCIQuerier
	// Params are the chain's parameters (network name, block time).
	Params *params.Params
	// Logger receives failures to read the chain and rendering bugs;
	// never a query or a token. Nil discards.
	Logger *slog.Logger
	// PageSize is how many blocks /explorer lists; 20.
	PageSize int
	// MaxConcurrent bounds the pages rendered at once; more get 503 at
	// once. 8.
	MaxConcurrent int
	// Timeout bounds how long one page may read the chain; 10 s.
	Timeout time.Duration
}

// Explorer is the block explorer: read-only pages rendered on the server
// with html/template, no login, no script. It shows what any observer of
// the chain sees: shapes, sizes, fees and the public amounts of public and
// stake outputs; never anything about a confidential output's amount or
// payload.
type Explorer struct {
	cfg   ExplorerConfig
	log   *slog.Logger
	pages map[string]*template.Template
	sem   chan struct{}
	mux   *http.ServeMux
}

var _ http.Handler = (*Explorer)(nil)

// page names, one template file each under templates/.
var pageNames = []string{"index", "block", "tx", "output", "validators", "award", "error"}

// NewExplorer returns the explorer for cfg.
func NewExplorer(cfg ExplorerConfig) (*Explorer, error) {
	if cfg.Chain == nil {
		return nil, errors.New("webui: the explorer needs a chain")
	}
	if cfg.Params == nil {
		return nil, errors.New("webui: the explorer needs the chain's parameters")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 20
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 8
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	e := &Explorer{cfg: cfg, log: cfg.Logger, pages: map[string]*template.Template{}, sem: make(chan struct{}, cfg.MaxConcurrent)}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("webui: explorer template %s: %w", name, err)
		}
		e.pages[name] = t
	}
	m := http.NewServeMux()
	m.Handle("GET /explorer", e.page(e.index))
	m.Handle("GET /explorer/{$}", http.RedirectHandler("/explorer", http.StatusMovedPermanently))
	m.Handle("GET /explorer/block/{height}", e.page(e.block))
	m.Handle("GET /explorer/tx/{id}", e.page(e.tx))
	m.Handle("GET /explorer/output/{id}", e.page(e.output))
	m.Handle("GET /explorer/validators", e.page(e.validators))
	m.Handle("GET /explorer/award", e.page(e.award))
	m.Handle("GET /explorer/search", e.page(e.search))
	m.Handle("/", e.page(func(context.Context, *http.Request) (*view, error) {
		return nil, notFound("No such page", "The explorer has no page at this address.")
	}))
	e.mux = m
	return e, nil
}

// ServeHTTP implements http.Handler.
func (e *Explorer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "the explorer is read-only: GET and HEAD only", http.StatusMethodNotAllowed)
		return
	}
	e.mux.ServeHTTP(w, r)
}

// view is what a page handler produces: a template and its data, or a
// redirect.
type view struct {
	page     string
	title    string
	data     any
	status   int    // 0 means 200
	redirect string // a See Other to this path instead of a page
}

// pageError is an error page the visitor caused or can act on: a bad
// address, something that does not exist, a node that cannot answer.
type pageError struct {
	status int
	title  string
	msg    string
}

func (e *pageError) Error() string { return e.title + ": " + e.msg }

func badRequest(title, msg string) error {
	return &pageError{status: http.StatusBadRequest, title: title, msg: msg}
}

func notFound(title, msg string) error {
	return &pageError{status: http.StatusNotFound, title: title, msg: msg}
}

// layoutData is what the layout template gets.
type layoutData struct {
	Title   string
	Network string
	Page    any
}

// errorData is the data of the error page.
type errorData struct {
	Status  int
	Title   string
	Message string
}

// page wraps a page handler: the concurrency bound, the deadline, error
// pages, panics turned into a 500 page, and the rendering.
func (e *Explorer) page(fn func(ctx context.Context, r *http.Request) (*view, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case e.sem <- struct{}{}:
			defer func() { <-e.sem }()
		default:
			w.Header().Set("Retry-After", "1")
			e.render(w, r, e.errorView(&pageError{status: http.StatusServiceUnavailable, title: "Busy",
				msg: "The explorer is answering many requests at once; try again in a moment."}))
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), e.cfg.Timeout)
		defer cancel()
		v, err := e.run(ctx, r, fn)
		if err != nil {
			v = e.errorView(e.classify(r, err))
		}
		if v.redirect != "" {
			http.Redirect(w, r, v.redirect, http.StatusSeeOther)
			return
		}
		e.render(w, r, v)
	})
}

// run calls fn, turning a panic into an error.
func (e *Explorer) run(ctx context.Context, r *http.Request, fn func(context.Context, *http.Request) (*view, error)) (v *view, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("webui: explorer panic: %v", p)
		}
	}()
	return fn(ctx, r)
}

// classify turns an error into the page the visitor sees. Only pageErrors
// carry their text to the page; anything else is logged and shown as a
// generic failure.
func (e *Explorer) classify(r *http.Request, err error) *pageError {
	var pe *pageError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, chainsrc.ErrUnavailable):
		e.log.Warn("explorer: node unavailable", "page", r.Pattern, "err", err)
		return &pageError{status: http.StatusServiceUnavailable, title: "Node unavailable",
			msg: "The explorer cannot reach its node right now; try again in a moment."}
	case errors.Is(err, context.DeadlineExceeded):
		e.log.Warn("explorer: the node did not answer in time", "page", r.Pattern, "timeout", e.cfg.Timeout)
		return &pageError{status: http.StatusServiceUnavailable, title: "Node too slow",
			msg: "The node did not answer in time; try again in a moment."}
	case r.Context().Err() != nil:
		return &pageError{status: http.StatusServiceUnavailable, title: "Cancelled", msg: "The request was cancelled."}
	}
	e.log.Error("explorer: page failed", "page", r.Pattern, "err", err)
	return &pageError{status: http.StatusInternalServerError, title: "Internal error",
		msg: "The explorer could not show this page. The node's log has the details."}
}

// errorView is the page of an error.
func (e *Explorer) errorView(pe *pageError) *view {
	return &view{page: "error", title: pe.title, status: pe.status,
		data: errorData{Status: pe.status, Title: pe.title, Message: pe.msg}}
}

// render executes v's template into a buffer and writes it whole: a
// template failure becomes a plain 500, never half a page. HEAD gets the
// headers only.
func (e *Explorer) render(w http.ResponseWriter, r *http.Request, v *view) {
	var buf bytes.Buffer
	data := layoutData{Title: v.title, Network: e.cfg.Params.Network.String(), Page: v.data}
	if err := e.pages[v.page].ExecuteTemplate(&buf, "layout", data); err != nil {
		e.log.Error("explorer: rendering failed", "page", v.page, "err", err)
		http.Error(w, "internal error: the page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	status := v.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}
