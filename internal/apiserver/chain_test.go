package apiserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

const chainTestToken = "chain-test-token-0123456789abcdef0123456789abcdef"

// chainAPI is an API server with the chain methods, served over HTTP.
type chainAPI struct {
	url string
	srv *rpcserver.Server
}

// startChainAPI serves RegisterChain's methods for src on a loopback port
// until the test ends.
func startChainAPI(t *testing.T, src *chainsrc.Comet, version string) *chainAPI {
	t.Helper()
	return serveAPI(t, func(srv *rpcserver.Server) {
		dev, _ := params.For(params.Dev)
		RegisterChain(srv, src, &dev, version)
	})
}

// serveAPI serves the methods register adds on a loopback port until the
// test ends.
func serveAPI(t *testing.T, register func(*rpcserver.Server)) *chainAPI {
	t.Helper()
	srv, err := rpcserver.New(rpcserver.Config{Token: chainTestToken, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	register(srv)
	ln, err := rpcserver.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ctx, ln); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	return &chainAPI{url: "http://" + ln.Addr().String(), srv: srv}
}

// call POSTs one JSON-RPC request with the bearer token. params is
// marshalled unless it is a json.RawMessage (sent as is) or nil (left out).
// It returns the result or the error object.
func (a *chainAPI) call(t *testing.T, method string, params any) (json.RawMessage, *api.Error) {
	t.Helper()
	req := map[string]any{"jsonrpc": "2.0", "id": 1, "method": method}
	if params != nil {
		req["params"] = params
	}
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := http.NewRequest(http.MethodPost, a.url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+chainTestToken)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Result json.RawMessage `json:"result"`
		Error  *api.Error      `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: response: %v", method, err)
	}
	return out.Result, out.Error
}

// ok calls method, fails on an error, and decodes the result into v.
func (a *chainAPI) ok(t *testing.T, method string, params, v any) {
	t.Helper()
	res, e := a.call(t, method, params)
	if e != nil {
		t.Fatalf("%s(%v): %v", method, params, e)
	}
	if err := json.Unmarshal(res, v); err != nil {
		t.Fatalf("%s: result %s: %v", method, res, err)
	}
}

// fails calls method and checks the error code and that the message
// contains each of want.
func (a *chainAPI) fails(t *testing.T, method string, params any, code int, want ...string) {
	t.Helper()
	res, e := a.call(t, method, params)
	if e == nil {
		t.Fatalf("%s(%s): result %s, want error %d", method, raw(params), res, code)
	}
	if e.Code != code {
		t.Fatalf("%s(%s): error %d %q, want code %d", method, raw(params), e.Code, e.Message, code)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("%s(%s): message %q does not mention %q", method, raw(params), e.Message, w)
		}
	}
}

func raw(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// commitPayment pays from demo account 0 to 1 through src and returns the
// transaction once a block holds it.
func commitPayment(t *testing.T, ctx context.Context, tn *testnode.Node, src *chainsrc.Comet) (*ledger.Tx, *chainsrc.TxInBlock) {
	t.Helper()
	k0, err := genesis.DemoKeys(0)
	if err != nil {
		t.Fatal(err)
	}
	k1, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	w := tn.Wallet(k0)
	tx, err := w.Pay(rand.Reader, []txbuilder.Payment{{To: k1.Address(), Amount: 7 * ledger.STG}})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Broadcast(ctx, tx); err != nil {
		t.Fatal(err)
	}
	for {
		in, err := src.Tx(ctx, tx.ID())
		if err == nil {
			return tx, in
		}
		if !errors.Is(err, chainsrc.ErrNotFound) {
			t.Fatal(err)
		}
		select {
		case <-ctx.Done():
			t.Fatal("payment never committed")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestChainMethods(t *testing.T) {
	tn := testnode.Start(t, testnode.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	src := chainsrc.NewComet(tn.Client(), tn.ChainID())
	a := startChainAPI(t, src, "1.2.3-test")
	tx, in := commitPayment(t, ctx, tn, src)
	id := tx.ID().String()
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)

	t.Run("node.status", func(t *testing.T) {
		var st api.NodeStatus
		a.ok(t, api.MethodNodeStatus, nil, &st)
		meta := tn.State.Meta()
		if st.Network != "dev" || st.ChainID != tn.ChainID() || st.Version != "1.2.3-test" {
			t.Fatalf("status %+v", st)
		}
		if st.Height < in.Height || !hex64.MatchString(st.BlockHash) || st.BlockTime.IsZero() || st.CatchingUp || st.Peers != 0 {
			t.Fatalf("status %+v", st)
		}
		if st.Supply != meta.Supply || st.Supply != genesis.DemoAccounts*genesis.DemoAmount+genesis.DemoStake-tx.Fee {
			t.Fatalf("supply %d, state has %d, genesis minus the fee is %d", st.Supply, meta.Supply, genesis.DemoAccounts*genesis.DemoAmount+genesis.DemoStake-tx.Fee)
		}
		var again api.NodeStatus
		a.ok(t, api.MethodNodeStatus, map[string]any{}, &again)
		a.fails(t, api.MethodNodeStatus, map[string]any{"verbose": true}, api.CodeInvalidParams, "verbose")
	})

	t.Run("chain.block", func(t *testing.T) {
		var b api.Block
		a.ok(t, api.MethodChainBlock, map[string]any{"height": in.Height}, &b)
		if b.Height != in.Height || !hex64.MatchString(b.Hash) || !b.Time.Equal(in.Time) || len(b.Proposer) != 40 {
			t.Fatalf("block %+v", b)
		}
		if len(b.Txs) != 1 {
			t.Fatalf("%d transactions in block %d, want 1", len(b.Txs), b.Height)
		}
		checkTx(t, b.Txs[0], tx, in)

		// The latest block, without params or with height 0; an empty block
		// has an empty list of transactions, not null.
		for _, params := range []any{nil, map[string]any{}, map[string]any{"height": 0}} {
			res, e := a.call(t, api.MethodChainBlock, params)
			if e != nil {
				t.Fatalf("chain.block(%s): %v", raw(params), e)
			}
			var latest api.Block
			if err := json.Unmarshal(res, &latest); err != nil {
				t.Fatal(err)
			}
			if latest.Height < in.Height {
				t.Fatalf("latest block %d is older than %d", latest.Height, in.Height)
			}
			if len(latest.Txs) == 0 && !strings.Contains(string(res), `"txs":[]`) {
				t.Fatalf("empty block: %s", res)
			}
		}
		var first api.Block
		a.ok(t, api.MethodChainBlock, map[string]any{"height": 1}, &first)
		if first.Height != 1 || first.Txs == nil {
			t.Fatalf("block 1: %+v", first)
		}
	})

	t.Run("chain.block errors", func(t *testing.T) {
		a.fails(t, api.MethodChainBlock, map[string]any{"height": "ten"}, api.CodeInvalidParams, "height")
		a.fails(t, api.MethodChainBlock, map[string]any{"height": 1.5}, api.CodeInvalidParams, "height")
		a.fails(t, api.MethodChainBlock, map[string]any{"height": -1}, api.CodeInvalidParams, "height")
		a.fails(t, api.MethodChainBlock, map[string]any{"hieght": 1}, api.CodeInvalidParams, "hieght")
		a.fails(t, api.MethodChainBlock, []any{1}, api.CodeInvalidParams, "named")
		a.fails(t, api.MethodChainBlock, map[string]any{"height": 1 << 40}, api.CodeNotFound, "no block at height 1099511627776", "the chain is at height")
	})

	t.Run("chain.tx", func(t *testing.T) {
		var got api.Tx
		a.ok(t, api.MethodChainTx, map[string]any{"id": id}, &got)
		checkTx(t, got, tx, in)
		var upper api.Tx
		a.ok(t, api.MethodChainTx, map[string]any{"id": strings.ToUpper(id)}, &upper)
		if upper.ID != id {
			t.Fatalf("upper-case id found %s", upper.ID)
		}
	})

	t.Run("chain.tx errors", func(t *testing.T) {
		a.fails(t, api.MethodChainTx, nil, api.CodeInvalidParams, `"id" is required`)
		a.fails(t, api.MethodChainTx, map[string]any{}, api.CodeInvalidParams, `"id" is required`)
		a.fails(t, api.MethodChainTx, map[string]any{"id": 5}, api.CodeInvalidParams, "id")
		a.fails(t, api.MethodChainTx, map[string]any{"id": "xyz"}, api.CodeInvalidParams, "not hex")
		a.fails(t, api.MethodChainTx, map[string]any{"id": id[:62]}, api.CodeInvalidParams, "64 hex digits", "got 62")
		a.fails(t, api.MethodChainTx, map[string]any{"id": id + "00"}, api.CodeInvalidParams, "64 hex digits")
		a.fails(t, api.MethodChainTx, map[string]any{"id": id, "extra": 1}, api.CodeInvalidParams, "extra")
		unknown := strings.Repeat("ab", 32)
		a.fails(t, api.MethodChainTx, map[string]any{"id": unknown}, api.CodeNotFound, "no transaction "+unknown, "it may still be pending (see wallet.history)")
	})

	t.Run("openrpc", func(t *testing.T) {
		checkOpenRPC(t, a.srv)
	})
}

// checkTx compares an API transaction with the ledger transaction.
func checkTx(t *testing.T, got api.Tx, tx *ledger.Tx, in *chainsrc.TxInBlock) {
	t.Helper()
	if got.ID != tx.ID().String() || got.Height != in.Height || got.Index != in.Index || !got.Time.Equal(in.Time) {
		t.Fatalf("tx %s at %d/%d %s, want %s at %d/%d %s", got.ID, got.Height, got.Index, got.Time, tx.ID(), in.Height, in.Index, in.Time)
	}
	if got.Confirmations < 1 || got.Fee != tx.Fee || got.Size != len(tx.Encode()) {
		t.Fatalf("tx confirmations %d fee %d size %d", got.Confirmations, got.Fee, got.Size)
	}
	if len(got.Inputs) != len(tx.Inputs) || len(got.Outputs) != len(tx.Outputs) {
		t.Fatalf("tx has %d inputs, %d outputs", len(got.Inputs), len(got.Outputs))
	}
	for i, in := range tx.Inputs {
		if got.Inputs[i] != in.String() {
			t.Errorf("input %d: %s, want %s", i, got.Inputs[i], in)
		}
	}
	for i, o := range tx.Outputs {
		g := got.Outputs[i]
		if g.ID != ledger.ID(o).String() || g.Kind != "confidential" || g.Amount != nil {
			t.Errorf("output %d: %+v", i, g)
		}
	}
}

// checkOpenRPC checks the chain methods' documentation: every one is in
// the document with a result schema listing the JSON fields of its API
// type, and names its error codes.
func checkOpenRPC(t *testing.T, srv *rpcserver.Server) {
	t.Helper()
	b, err := srv.OpenRPC()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Methods []struct {
			Name   string `json:"name"`
			Params []struct {
				Name string `json:"name"`
			} `json:"params"`
			Result struct {
				Schema struct {
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"schema"`
			} `json:"result"`
			Errors []struct {
				Code int `json:"code"`
			} `json:"errors"`
		} `json:"methods"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		result any
		params any
		codes  []int
	}{
		api.MethodNodeStatus: {api.NodeStatus{}, struct{}{}, []int{api.CodeNodeUnavailable}},
		api.MethodChainBlock: {api.Block{}, api.BlockParams{}, []int{api.CodeInvalidParams, api.CodeNotFound, api.CodeNodeUnavailable}},
		api.MethodChainTx:    {api.Tx{}, api.TxParams{}, []int{api.CodeInvalidParams, api.CodeNotFound, api.CodeNodeUnavailable}},
	}
	for _, m := range doc.Methods {
		w, ok := want[m.Name]
		if !ok {
			continue
		}
		delete(want, m.Name)
		var props []string
		for p := range m.Result.Schema.Properties {
			props = append(props, p)
		}
		if got, fields := sorted(props), jsonFields(w.result); !slices.Equal(got, fields) {
			t.Errorf("%s: result schema properties %v, type has %v", m.Name, got, fields)
		}
		var params []string
		for _, p := range m.Params {
			params = append(params, p.Name)
		}
		if got, fields := sorted(params), jsonFields(w.params); !slices.Equal(got, fields) {
			t.Errorf("%s: params %v, type has %v", m.Name, got, fields)
		}
		for _, c := range w.codes {
			if !slices.ContainsFunc(m.Errors, func(e struct {
				Code int `json:"code"`
			}) bool {
				return e.Code == c
			}) {
				t.Errorf("%s: error %d not documented", m.Name, c)
			}
		}
	}
	for name := range want {
		t.Errorf("%s missing from the OpenRPC document", name)
	}
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

// jsonFields lists the JSON names of a struct's fields, sorted.
func jsonFields(v any) []string {
	var out []string
	rt := reflect.TypeOf(v)
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		out = append(out, name)
	}
	return sorted(out)
}

func TestOutputView(t *testing.T) {
	pub := outputView(&ledger.PublicOutput{Amount: 5})
	if pub.Kind != "public" || pub.Amount == nil || *pub.Amount != 5 || len(pub.ID) != 64 {
		t.Fatalf("public output: %+v", pub)
	}
	stake := outputView(&ledger.StakeOutput{Amount: 9})
	if stake.Kind != "stake" || stake.Amount == nil || *stake.Amount != 9 {
		t.Fatalf("stake output: %+v", stake)
	}
	conf := outputView(&ledger.ConfidentialOutput{})
	if conf.Kind != "confidential" || conf.Amount != nil {
		t.Fatalf("confidential output: %+v", conf)
	}
	b, _ := json.Marshal(conf)
	if strings.Contains(string(b), "amount") {
		t.Fatalf("confidential output shows an amount: %s", b)
	}
}

// TestChainNodeUnavailable: every method answers CodeNodeUnavailable when
// the node cannot be reached.
func TestChainNodeUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	hc, err := rpchttp.New(url, "/websocket")
	if err != nil {
		t.Fatal(err)
	}
	a := startChainAPI(t, chainsrc.NewComet(hc, "stegos-dev"), "test")
	a.fails(t, api.MethodNodeStatus, nil, api.CodeNodeUnavailable, "node unavailable")
	a.fails(t, api.MethodChainBlock, map[string]any{"height": 1}, api.CodeNodeUnavailable, "node unavailable")
	a.fails(t, api.MethodChainTx, map[string]any{"id": strings.Repeat("00", 32)}, api.CodeNodeUnavailable, "node unavailable")
	// Bad params are reported before the node is asked.
	a.fails(t, api.MethodChainTx, map[string]any{"id": "00"}, api.CodeInvalidParams, "64 hex digits")
}

// TestWatchBlocks: every block after the start is published, in order.
func TestWatchBlocks(t *testing.T) {
	tn := testnode.Start(t, testnode.Options{BlockInterval: 50 * time.Millisecond})
	src := chainsrc.NewComet(tn.Client(), tn.ChainID())
	events := make(chan api.NewBlockEvent, 100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		// A poll interval longer than the block interval: several blocks
		// arrive per poll and must all be published.
		WatchBlocks(ctx, src, 300*time.Millisecond, func(topic string, payload any) {
			if topic != api.TopicNewBlock {
				t.Errorf("topic %q", topic)
			}
			events <- payload.(api.NewBlockEvent)
		}, nil)
	}()
	var got []api.NewBlockEvent
	timeout := time.After(time.Minute)
	for len(got) < 8 {
		select {
		case ev := <-events:
			got = append(got, ev)
		case <-timeout:
			t.Fatalf("only %d events", len(got))
		}
	}
	cancel()
	<-done
	for i, ev := range got {
		if i > 0 && ev.Height != got[i-1].Height+1 {
			t.Fatalf("heights %d then %d", got[i-1].Height, ev.Height)
		}
		b, err := src.Block(context.Background(), ev.Height)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Hash != hex.EncodeToString(b.Hash) || !ev.Time.Equal(b.Time) || ev.Txs != len(b.Txs) {
			t.Fatalf("event %+v for block %+v", ev, b)
		}
	}
}

// flakySource is a chain whose tip grows by one per Tip call and whose
// reads fail when told to.
type flakySource struct {
	chainsrc.Source
	mu       sync.Mutex
	tip      int64
	failTip  bool
	failAt   int64 // Block fails at this height while > 0
	notFound int64 // Block reports this height as pruned
}

func (f *flakySource) Tip(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failTip {
		return 0, chainsrc.ErrUnavailable
	}
	f.tip++
	return f.tip, nil
}

func (f *flakySource) Block(_ context.Context, h int64) (*chainsrc.Block, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch h {
	case f.failAt:
		return nil, chainsrc.ErrUnavailable
	case f.notFound:
		return nil, chainsrc.ErrNotFound
	}
	return &chainsrc.Block{Height: h, Hash: []byte{byte(h)}}, nil
}

// TestWatchBlocksFailures: a failing node delays blocks but never loses
// one; only a block the node no longer stores is passed over.
func TestWatchBlocksFailures(t *testing.T) {
	f := &flakySource{failAt: 5, notFound: 8}
	w := &blockWatcher{src: f, log: slog.New(slog.DiscardHandler), last: -1}
	var published []int64
	w.publish = func(_ string, p any) { published = append(published, p.(api.NewBlockEvent).Height) }
	ctx := context.Background()

	w.poll(ctx) // tip 1: the start
	f.tip = 6
	w.poll(ctx) // tip 7: 2..4 published, 5 fails
	if !w.failing || w.last != 4 {
		t.Fatalf("after a failing block: last %d, failing %v", w.last, w.failing)
	}
	f.failTip = true
	w.poll(ctx)
	f.failTip, f.failAt = false, 0
	w.poll(ctx) // tip 8: 5..8, 8 not found at the tip: retried
	w.poll(ctx) // tip 9: 8 is pruned, passed over; 9
	if w.failing {
		t.Fatal("still failing after recovery")
	}
	if want := []int64{2, 3, 4, 5, 6, 7, 9}; !slices.Equal(published, want) {
		t.Fatalf("published %v, want %v", published, want)
	}
	f.tip = 2 // the node was reset
	w.poll(ctx)
	w.poll(ctx)
	if want := []int64{2, 3, 4, 5, 6, 7, 9, 4}; !slices.Equal(published, want) {
		t.Fatalf("after a reset: published %v, want %v", published, want)
	}
}
