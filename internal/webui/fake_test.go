package webui

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
)

// fakeChain is an in-memory Chain: blocks 1..tip, a few transactions, and
// hooks to make a call fail, block or panic.
type fakeChain struct {
	mu     sync.Mutex
	tip    int64
	blocks map[int64]*chainsrc.Block
	pruned map[int64]bool
	// fail, when set, is returned by every call; panicOn panics in Block.
	fail    error
	panicOn bool
	// gate, when not nil, holds every call until it is closed or the
	// call's context ends.
	gate chan struct{}
	// entered, when not nil, gets a value each time a call reaches the
	// gate.
	entered    chan struct{}
	validators api.Validators
	pool       api.AwardPool
	awards     []api.Award
}

// newFakeChain returns a chain at height tip whose block 2 holds fakeTx().
func newFakeChain(tip int64) *fakeChain {
	c := &fakeChain{tip: tip, blocks: map[int64]*chainsrc.Block{}, pruned: map[int64]bool{}}
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for h := int64(1); h <= tip; h++ {
		c.blocks[h] = &chainsrc.Block{Height: h, Hash: hash32(byte(h)), Time: base.Add(time.Duration(h) * time.Second), Proposer: make([]byte, 20)}
	}
	if tip >= 2 {
		c.blocks[2].Txs = []*ledger.Tx{fakeTx()}
	}
	c.validators = api.Validators{Height: tip, Epoch: 1, NextEpoch: 40, Validators: []api.Validator{
		{Key: strings.Repeat("ab", 32), Stake: 5 * ledger.STG, Power: 5, Active: true, PeriodSigned: 199, PeriodMissed: 1, Eligible: false},
		{Key: strings.Repeat("cd", 32), Stake: 7 * ledger.STG, Power: 7, Jailed: true, UnjailAt: 99, PeriodSigned: 0, PeriodMissed: 0},
	}}
	c.pool = api.AwardPool{Height: tip, Pool: 12_345_678, PeriodStart: 1, NextDraw: 60, SeedHeight: 50, Beacon: strings.Repeat("0f", 32)}
	c.awards = []api.Award{{Height: 30, Winner: strings.Repeat("ab", 32), Amount: 4_000_000, Eligible: 2, Seed: strings.Repeat("11", 32)}, {Height: 0, Amount: 0, Seed: strings.Repeat("22", 32)}}
	return c
}

func hash32(b byte) []byte {
	h := make([]byte, 32)
	for i := range h {
		h[i] = b
	}
	return h
}

// fakeTx is a transaction with one output of each kind and a withdrawal;
// it is never validated, only shown.
func fakeTx() *ledger.Tx {
	return &ledger.Tx{
		Network: 1,
		Inputs:  []ledger.OutputID{{1}, {2}},
		Outputs: []ledger.Output{
			&ledger.ConfidentialOutput{Commitment: [32]byte{9}},
			&ledger.PublicOutput{Amount: 1_500_000},
			&ledger.StakeOutput{Amount: 2_000_000, Validator: [32]byte{0xab}},
		},
		Fee:        4_321,
		RangeProof: make([]byte, 100),
		Op:         &ledger.ValidatorOp{Kind: ledger.OpWithdraw, Validator: [32]byte{0xab}, Nonce: 1, Amount: 777},
	}
}

// wait holds a call while the gate is set; it returns the error a call
// gives.
func (c *fakeChain) wait(ctx context.Context) error {
	c.mu.Lock()
	gate, fail, entered := c.gate, c.fail, c.entered
	c.mu.Unlock()
	if gate != nil {
		if entered != nil {
			select {
			case entered <- struct{}{}:
			default:
			}
		}
		select {
		case <-gate:
		case <-ctx.Done():
			return fmt.Errorf("fake: %w", ctx.Err())
		}
	}
	return fail
}

func (c *fakeChain) Tip(ctx context.Context) (int64, error) {
	if err := c.wait(ctx); err != nil {
		return 0, err
	}
	return c.tip, nil
}

func (c *fakeChain) Block(ctx context.Context, h int64) (*chainsrc.Block, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	if c.panicOn {
		panic("fake: a bug in a page")
	}
	b, ok := c.blocks[h]
	if !ok || c.pruned[h] {
		return nil, fmt.Errorf("%w: block %d", chainsrc.ErrNotFound, h)
	}
	return b, nil
}

func (c *fakeChain) Tx(ctx context.Context, id ledger.TxID) (*chainsrc.TxInBlock, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	for h := int64(1); h <= c.tip; h++ {
		for i, tx := range c.blocks[h].Txs {
			if tx.ID() == id {
				return &chainsrc.TxInBlock{Tx: tx, Height: h, Index: i, Time: c.blocks[h].Time}, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: tx %s", chainsrc.ErrNotFound, id)
}

// utxo finds an output of the fake transactions; every one is unspent.
func (c *fakeChain) utxo(id ledger.OutputID) (int64, uint32, ledger.Output, bool) {
	for h := int64(1); h <= c.tip; h++ {
		for _, tx := range c.blocks[h].Txs {
			for i, o := range tx.Outputs {
				if ledger.ID(o) == id {
					return h, uint32(i), o, true
				}
			}
		}
	}
	return 0, 0, nil, false
}

func (c *fakeChain) Unspent(ctx context.Context, id ledger.OutputID) (bool, error) {
	if err := c.wait(ctx); err != nil {
		return false, err
	}
	_, _, _, ok := c.utxo(id)
	return ok, nil
}

func (c *fakeChain) Meta(ctx context.Context) (*chainsrc.Meta, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	return &chainsrc.Meta{Height: c.tip, Supply: 4_100_000_123_456, Burned: 4_321}, nil
}

func (c *fakeChain) QueryJSON(ctx context.Context, path string, data []byte, v any) error {
	if err := c.wait(ctx); err != nil {
		return err
	}
	var src any
	switch path {
	case app.QueryValidators:
		src = c.validators
	case app.QueryAwardPool:
		src = c.pool
	case app.QueryAwards:
		if len(data) != 4 {
			return fmt.Errorf("fake: awards limit of %d bytes", len(data))
		}
		src = c.awards
	default:
		return fmt.Errorf("fake: unknown path %s", path)
	}
	b, err := json.Marshal(src)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// ABCIQuery answers app.QueryUTXO like the application does.
func (c *fakeChain) ABCIQuery(ctx context.Context, path string, data cmtbytes.HexBytes) (*ctypes.ResultABCIQuery, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	if path != app.QueryUTXO || len(data) != 32 {
		return nil, errors.New("fake: unexpected query")
	}
	var id ledger.OutputID
	copy(id[:], data)
	h, i, o, ok := c.utxo(id)
	if !ok {
		return &ctypes.ResultABCIQuery{Response: abci.ResponseQuery{Code: uint32(ledger.KindUnknownInput)}}, nil
	}
	v := binary.BigEndian.AppendUint64(nil, uint64(h))
	v = binary.BigEndian.AppendUint32(v, i)
	v = append(v, ledger.EncodeCore(o)...)
	return &ctypes.ResultABCIQuery{Response: abci.ResponseQuery{Value: v}}, nil
}

var _ ABCIQuerier = (*fakeChain)(nil)

// newTestExplorer is an explorer over c, behind Handler as stegosd serves
// it; withQuery passes c as the UTXO query too.
func newTestExplorer(t testing.TB, c *fakeChain, withQuery bool, tweak func(*ExplorerConfig)) http.Handler {
	t.Helper()
	cfg := ExplorerConfig{Chain: c, Params: devParams(t), PageSize: 20}
	if withQuery {
		cfg.Query = c
	}
	if tweak != nil {
		tweak(&cfg)
	}
	e, err := NewExplorer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return Handler(Config{Explorer: e})
}

// serve sends r to h and returns the status, the headers and the body.
func serve(h http.Handler, r *http.Request) (int, http.Header, string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Header(), w.Body.String()
}

// devParams are the dev chain's parameters.
func devParams(t testing.TB) *params.Params {
	t.Helper()
	dev, err := params.For(params.Dev)
	if err != nil {
		t.Fatal(err)
	}
	return &dev
}

// get sends a GET (or another method) for target to h from loopback and
// returns the status, the headers and the body.
func get(t testing.TB, h http.Handler, method, target string) (int, http.Header, string) {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	r.Host = "127.0.0.1:3145"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	b, err := io.ReadAll(w.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return w.Code, w.Header(), string(b)
}
