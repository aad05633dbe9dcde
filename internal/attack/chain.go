package attack

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// pollInterval is how often the block watcher asks for the next block.
const pollInterval = 20 * time.Millisecond

// chain is a node reached over CometBFT's RPC, with its chain parameters
// and genesis outputs.
type chain struct {
	rpc    *rpchttp.HTTP
	params params.Params
	gen    []ledger.Output
	log    *slog.Logger
}

// dialChain connects to the CometBFT RPC at url and reads the genesis.
func dialChain(ctx context.Context, url string, log *slog.Logger) (*chain, error) {
	c, err := rpchttp.New(url, "/websocket")
	if err != nil {
		return nil, fmt.Errorf("attack: CometBFT RPC %s: %w", url, err)
	}
	g, err := c.Genesis(ctx)
	if err != nil {
		return nil, fmt.Errorf("attack: reading the genesis from %s (is stegosd running?): %w", url, err)
	}
	p, err := params.ByChainID(g.Genesis.ChainID)
	if err != nil {
		return nil, fmt.Errorf("attack: %w", err)
	}
	gs, err := app.ParseGenesis(g.Genesis.AppState)
	if err != nil {
		return nil, fmt.Errorf("attack: %w", err)
	}
	ch := &chain{rpc: c, params: p, log: log}
	for i, s := range gs.Outputs {
		raw, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("attack: genesis output %d: %w", i, err)
		}
		o, err := ledger.DecodeOutput(raw)
		if err != nil {
			return nil, fmt.Errorf("attack: genesis output %d: %w", i, err)
		}
		ch.gen = append(ch.gen, o)
	}
	return ch, nil
}

// answer is what a node said to a submitted transaction: a CheckTx code
// and log, or the failure of the RPC call itself (CometBFT answers "tx
// already exists in cache" that way).
type answer struct {
	Code uint32
	Log  string
	Err  error
}

// admitted reports whether the transaction entered the mempool.
func (a answer) admitted() bool { return a.Err == nil && a.Code == 0 }

// String names the answer: "code 0 (admitted)", "code 9 (double spend)",
// "RPC error: …".
func (a answer) String() string {
	switch {
	case a.Err != nil:
		// CometBFT's client prefixes the HTTP metadata; the reason is last.
		msg := a.Err.Error()
		if i := strings.LastIndex(msg, "RPC error "); i >= 0 {
			msg = msg[i+len("RPC error "):]
		}
		return "RPC error: " + msg
	case a.Code == 0:
		return "code 0 (admitted)"
	}
	return fmt.Sprintf("code %d (%s)", a.Code, ledger.Kind(a.Code))
}

// detail is String followed by the node's log, if any.
func (a answer) detail() string {
	if a.Log == "" || a.Err != nil {
		return a.String()
	}
	return a.String() + ": " + a.Log
}

// submit sends tx with broadcast_tx_sync and returns the node's answer.
func (c *chain) submit(ctx context.Context, tx []byte) answer {
	res, err := c.rpc.BroadcastTxSync(ctx, tx)
	if err != nil {
		return answer{Err: err}
	}
	return answer{Code: res.Code, Log: res.Log}
}

// height returns the node's latest committed height.
func (c *chain) height(ctx context.Context) (int64, error) {
	st, err := c.rpc.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("attack: node status: %w", err)
	}
	return st.SyncInfo.LatestBlockHeight, nil
}

// utxo reports whether id is an unspent output of the committed state.
func (c *chain) utxo(ctx context.Context, id ledger.OutputID) (bool, error) {
	q, err := c.rpc.ABCIQuery(ctx, app.QueryUTXO, id[:])
	if err != nil {
		return false, fmt.Errorf("attack: query output %s: %w", id, err)
	}
	return q.Response.Code == 0, nil
}

// txKey is the SHA-256 of a transaction's bytes, CometBFT's tx hash.
type txKey = [32]byte

// inclusion is where and when a transaction was seen in a block.
type inclusion struct {
	Height int64
	Code   uint32    // its FinalizeBlock result code
	Seen   time.Time // when the watcher saw the block
}

// blockSeen is one block as the watcher saw it.
type blockSeen struct {
	Height int64
	Txs    int
	Seen   time.Time
}

// watcher follows the chain block by block from a height on and records
// every transaction it sees, so callers can wait for theirs.
type watcher struct {
	c *chain

	mu     sync.Mutex // guards following
	seen   map[txKey]inclusion
	blocks []blockSeen
	err    error
}

// watch starts a watcher at block from; it stops when ctx ends.
func (c *chain) watch(ctx context.Context, from int64) *watcher {
	w := &watcher{c: c, seen: map[txKey]inclusion{}}
	go w.run(ctx, from)
	return w
}

func (w *watcher) run(ctx context.Context, h int64) {
	fails := 0
	for ctx.Err() == nil {
		blk, err := w.c.rpc.Block(ctx, &h)
		if err != nil || blk == nil || blk.Block == nil {
			// Not committed yet, most of the time.
			select {
			case <-ctx.Done():
				return
			case <-time.After(pollInterval):
			}
			continue
		}
		now := time.Now()
		var codes []uint32
		if len(blk.Block.Txs) > 0 {
			res, err := w.c.rpc.BlockResults(ctx, &h)
			if err != nil {
				if fails++; fails > 50 {
					w.fail(fmt.Errorf("attack: results of block %d: %w", h, err))
					return
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(pollInterval):
				}
				continue
			}
			for _, r := range res.TxsResults {
				codes = append(codes, r.Code)
			}
		}
		fails = 0
		w.mu.Lock()
		for i, tx := range blk.Block.Txs {
			in := inclusion{Height: h, Seen: now}
			if i < len(codes) {
				in.Code = codes[i]
			}
			w.seen[sha256.Sum256(tx)] = in
		}
		w.blocks = append(w.blocks, blockSeen{Height: h, Txs: len(blk.Block.Txs), Seen: now})
		w.mu.Unlock()
		h++
	}
}

func (w *watcher) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.err = err
}

// lookup returns where tx was included, if it was seen yet.
func (w *watcher) lookup(k txKey) (inclusion, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	in, ok := w.seen[k]
	return in, ok
}

// blocksBetween returns the blocks seen in [from, to).
func (w *watcher) blocksBetween(from, to time.Time) []blockSeen {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []blockSeen
	for _, b := range w.blocks {
		if !b.Seen.Before(from) && b.Seen.Before(to) {
			out = append(out, b)
		}
	}
	return out
}

// errTimeout is returned when a transaction is not included in time.
var errTimeout = errors.New("attack: transaction not in a block in time")

// wait waits until every one of txs is in a block, at most timeout, and
// returns where each is.
func (w *watcher) wait(ctx context.Context, timeout time.Duration, txs ...[]byte) ([]inclusion, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out := make([]inclusion, len(txs))
	for i, tx := range txs {
		k := sha256.Sum256(tx)
		for {
			w.mu.Lock()
			in, ok := w.seen[k]
			err := w.err
			w.mu.Unlock()
			if err != nil {
				return nil, err
			}
			if ok {
				out[i] = in
				break
			}
			select {
			case <-ctx.Done():
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					return nil, fmt.Errorf("%w (%s)", errTimeout, timeout)
				}
				return nil, ctx.Err()
			case <-time.After(pollInterval):
			}
		}
	}
	return out, nil
}

// fund pays one unspent genesis output of demo account account (never a
// stake output: spending one unbonds a validator) into coins outputs of a
// fresh purse, submits it and returns the purse with the transaction; the
// caller waits for its block and calls purse.receive.
func (c *chain) fund(ctx context.Context, account uint32, coins int) (*purse, []byte, error) {
	if coins < 1 || coins > ledger.MaxOutputs {
		return nil, nil, fmt.Errorf("attack: a funding payment makes 1 to %d coins, not %d", ledger.MaxOutputs, coins)
	}
	keys, err := genesis.DemoKeys(account)
	if err != nil {
		return nil, nil, fmt.Errorf("attack: %w", err)
	}
	var from *txbuilder.Received
	for i, o := range c.gen {
		if _, stake := o.(*ledger.StakeOutput); stake {
			continue
		}
		rc, mine, err := txbuilder.Receive(keys, o, uint32(i))
		if err != nil {
			return nil, nil, fmt.Errorf("attack: genesis output %d: %w", i, err)
		}
		if !mine {
			continue
		}
		live, err := c.utxo(ctx, rc.ID)
		if err != nil {
			return nil, nil, err
		}
		if live {
			from = rc
			break
		}
	}
	if from == nil {
		return nil, nil, fmt.Errorf("attack: demo account %d has no unspent genesis output left (each run spends one; stakes are never spent): use another account or a fresh dev chain (stegosd dev --reset)", account)
	}
	w, err := newPurse(&c.params)
	if err != nil {
		return nil, nil, err
	}
	in, err := from.Spendable(keys)
	if err != nil {
		return nil, nil, fmt.Errorf("attack: %w", err)
	}
	n := coins - 1 // and the change
	fee := txbuilder.MinFee(&c.params, 1, coins)
	if from.Amount < fee+uint64(coins) {
		return nil, nil, fmt.Errorf("attack: genesis output %s of demo account %d holds %d µSTG, too little to split %d ways", from.ID, account, from.Amount, coins)
	}
	each := (from.Amount - fee) / uint64(coins)
	pays := make([]txbuilder.Payment, n)
	for i := range pays {
		pays[i] = txbuilder.Payment{To: w.address(), Amount: each}
	}
	tx, err := txbuilder.Build(rand.Reader, &c.params, []txbuilder.Input{in}, pays, w.address(), 0)
	if err != nil {
		return nil, nil, fmt.Errorf("attack: funding payment: %w", err)
	}
	c.log.Info("funding a fresh account", "from_demo_account", account, "genesis_output", from.ID.String()[:16], "coins", coins, "each_ustg", each)
	return w, tx.Encode(), nil
}

// fundAndWait is fund, submitting the payment and waiting for its block.
func (c *chain) fundAndWait(ctx context.Context, w *watcher, account uint32, coins int) (*purse, error) {
	p, tx, err := c.fund(ctx, account, coins)
	if err != nil {
		return nil, err
	}
	if a := c.submit(ctx, tx); !a.admitted() {
		return nil, fmt.Errorf("attack: funding payment refused: %s", a.detail())
	}
	if err := p.confirm(ctx, w, tx); err != nil {
		return nil, err
	}
	return p, nil
}
