package loadgen

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// Config says what load to generate.
type Config struct {
	// Nodes are CometBFT RPC addresses (http://127.0.0.1:26657); transactions
	// are spread over them round-robin.
	Nodes []string
	// Chains is the number of parallel transaction chains.
	Chains int
	// Txs is the number of 2-in/2-out transactions to measure.
	Txs int
	// Account is the demo account that funds the run, with one payment
	// from one of its genesis outputs (never a stake) to a fresh account
	// of the run's own; all the load moves between that account's outputs.
	// Demo account 0 is the dev wallet's "demo", which owns the genesis
	// stakes: stegos-load defaults to 1.
	Account uint32
	// Workers build transactions in parallel.
	Workers int
	Log     *slog.Logger
}

// Report is the outcome of a run.
type Report struct {
	Txs       int           `json:"txs"`
	Committed int           `json:"committed"`
	Rejected  int           `json:"rejected"`
	TxBytes   int           `json:"tx_bytes"`
	Duration  time.Duration `json:"duration_ns"`
	TPS       float64       `json:"tps"`
	P50       time.Duration `json:"p50_ns"`
	P90       time.Duration `json:"p90_ns"`
	P99       time.Duration `json:"p99_ns"`
	Max       time.Duration `json:"max_ns"`
	Blocks    int           `json:"blocks"`
}

func (r *Report) String() string {
	return fmt.Sprintf("%d/%d txs committed (%d rejected) in %s over %d blocks: %.1f tx/s; submit→final p50 %s p90 %s p99 %s max %s; %d bytes per tx",
		r.Committed, r.Txs, r.Rejected, r.Duration.Round(time.Millisecond), r.Blocks, r.TPS,
		r.P50.Round(time.Millisecond), r.P90.Round(time.Millisecond), r.P99.Round(time.Millisecond), r.Max.Round(time.Millisecond), r.TxBytes)
}

type runner struct {
	cfg     Config
	params  params.Params
	clients []*rpchttp.HTTP
	// funder is the demo account's unspent genesis outputs, stakes left out.
	funder *devwallet.Wallet
	// wallet is the run's own account, with fresh keys.
	wallet *devwallet.Wallet
	log    *slog.Logger
}

// Run generates the load and returns the measurements.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if len(cfg.Nodes) == 0 || cfg.Chains < 1 || cfg.Txs < cfg.Chains {
		return nil, fmt.Errorf("loadgen: need nodes, chains ≥ 1 and txs ≥ chains")
	}
	cfg.Workers = max(cfg.Workers, 1)
	r := &runner{cfg: cfg, log: cfg.Log}
	for _, n := range cfg.Nodes {
		c, err := rpchttp.New(n, "/websocket")
		if err != nil {
			return nil, fmt.Errorf("loadgen: node %s: %w", n, err)
		}
		r.clients = append(r.clients, c)
	}
	if err := r.fund(ctx); err != nil {
		return nil, err
	}
	chains, err := r.prepare(ctx)
	if err != nil {
		return nil, err
	}
	return r.measure(ctx, chains)
}

// fund loads the funding demo account's unspent genesis outputs, stakes
// left out, and makes the run's own account.
func (r *runner) fund(ctx context.Context) error {
	g, err := r.clients[0].Genesis(ctx)
	if err != nil {
		return fmt.Errorf("loadgen: reading genesis: %w", err)
	}
	if r.params, err = params.ByChainID(g.Genesis.ChainID); err != nil {
		return fmt.Errorf("loadgen: %w", err)
	}
	gs, err := app.ParseGenesis(g.Genesis.AppState)
	if err != nil {
		return fmt.Errorf("loadgen: %w", err)
	}
	keys, err := genesis.DemoKeys(r.cfg.Account)
	if err != nil {
		return fmt.Errorf("loadgen: %w", err)
	}
	outs := make([]ledger.Output, len(gs.Outputs))
	for i, s := range gs.Outputs {
		raw, err := hex.DecodeString(s)
		if err != nil {
			return fmt.Errorf("loadgen: genesis output %d: %w", i, err)
		}
		if outs[i], err = ledger.DecodeOutput(raw); err != nil {
			return fmt.Errorf("loadgen: genesis output %d: %w", i, err)
		}
	}
	r.funder, err = spendableGenesis(r.params, keys, outs, func(id ledger.OutputID) (bool, error) {
		q, err := r.clients[0].ABCIQuery(ctx, app.QueryUTXO, id[:])
		if err != nil {
			return false, fmt.Errorf("loadgen: query: %w", err)
		}
		return q.Response.Code == 0, nil
	})
	if err != nil {
		return err
	}
	total, _ := r.funder.Balance()
	r.log.Info("funding", "account", r.cfg.Account, "unspent_genesis_outputs", len(r.funder.Unspent()), "balance_ustg", total)
	if len(r.funder.Unspent()) == 0 {
		return fmt.Errorf("loadgen: demo account %d has no unspent genesis output left (stakes are never spent); use another --account or a fresh dev chain", r.cfg.Account)
	}
	own, err := newKeys(rand.Reader)
	if err != nil {
		return err
	}
	r.wallet = devwallet.New(r.params, own)
	return nil
}

// spendableGenesis returns a wallet of keys holding the genesis outputs
// outs that keys owns, that are not stakes and that unspent reports
// unspent. Spending a stake output unbonds a validator's stake.
func spendableGenesis(p params.Params, keys *stealth.Keys, outs []ledger.Output, unspent func(ledger.OutputID) (bool, error)) (*devwallet.Wallet, error) {
	w := devwallet.New(p, keys)
	for i, o := range outs {
		if _, stake := o.(*ledger.StakeOutput); stake {
			continue
		}
		ok, err := w.AddOutput(o, uint32(i))
		if err != nil {
			return nil, fmt.Errorf("loadgen: genesis output %d: %w", i, err)
		}
		if !ok {
			continue
		}
		id := ledger.ID(o)
		live, err := unspent(id)
		if err != nil {
			return nil, err
		}
		if !live {
			// Spent by an earlier run.
			if err := w.ApplyTx(&ledger.Tx{Inputs: []ledger.OutputID{id}}); err != nil {
				return nil, err
			}
		}
	}
	return w, nil
}

// newKeys returns the keys of a fresh account.
func newKeys(rand io.Reader) (*stealth.Keys, error) {
	var b [128]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return nil, fmt.Errorf("loadgen: account keys: %w", err)
	}
	defer clear(b[:])
	view, err := ristretto255.NewScalar().SetUniformBytes(b[:64])
	if err != nil {
		return nil, fmt.Errorf("loadgen: account keys: %w", err)
	}
	spend, err := ristretto255.NewScalar().SetUniformBytes(b[64:])
	if err != nil {
		return nil, fmt.Errorf("loadgen: account keys: %w", err)
	}
	k, err := stealth.NewKeys(view, spend)
	if err != nil {
		return nil, fmt.Errorf("loadgen: account keys: %w", err)
	}
	return k, nil
}

// maxFanOutRounds bounds the fan-out: 16 outputs per transaction reach
// 16^6 outputs in 6 rounds.
const maxFanOutRounds = 6

// budget is what the run's account needs for chains parallel chains
// carrying txs transactions in all, in µSTG. The fan-out splits evenly,
// 16 ways per round, so its smallest output is worth more than 1/16 of the
// even share of 2·chains outputs; each output pays its share of every
// fan-out round's fee, and a chain pays its transactions' fees and the
// 1000 µSTG each moves.
func budget(p params.Params, chains, txs int) uint64 {
	per := uint64(txs/chains + 1)
	output := per*txbuilder.MinFee(&p, 2, 2) + 1000 + maxFanOutRounds*txbuilder.MinFee(&p, 1, ledger.MaxOutputs)
	return 16 * 2 * uint64(chains) * output
}

// chain is one sequence of transactions, each spending the previous one's
// two outputs.
type chain struct {
	txs  [][]byte
	next int
}

// prepare pays the run's account from one of the funder's outputs,
// splits that into 2·Chains outputs (committing the fan-out transactions)
// and builds every measured transaction in advance.
func (r *runner) prepare(ctx context.Context) ([]*chain, error) {
	need := 2 * r.cfg.Chains
	funding, err := r.fundingTx(need)
	if err != nil {
		return nil, err
	}
	r.log.Info("funding payment", "from_account", r.cfg.Account, "outputs", len(funding.Outputs))
	if err := r.submitAndWait(ctx, [][]byte{funding.Encode()}); err != nil {
		return nil, err
	}
	for round := 0; len(r.wallet.Unspent()) < need; round++ {
		if round >= maxFanOutRounds {
			return nil, fmt.Errorf("loadgen: could not split funds into %d outputs", need)
		}
		var txs [][]byte
		have := len(r.wallet.Unspent())
		for _, u := range r.wallet.Unspent() {
			if have >= need {
				break
			}
			n := min(ledger.MaxOutputs-1, need-have)
			tx, err := split(r.wallet, u.ID, u.Amount, n, r.wallet.Address(), &r.params)
			if err != nil {
				return nil, err
			}
			txs = append(txs, tx.Encode())
			have += n
		}
		r.log.Info("fan-out", "round", round, "txs", len(txs), "outputs_after", have)
		if err := r.submitAndWait(ctx, txs); err != nil {
			return nil, err
		}
	}
	// Build the chains.
	outs := r.wallet.Unspent()
	chains := make([]*chain, r.cfg.Chains)
	per := r.cfg.Txs / r.cfg.Chains
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	jobs := make(chan int)
	start := time.Now()
	for w := 0; w < r.cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				ch, err := r.buildChain(outs[2*c].ID, outs[2*c+1].ID, per+boolInt(c < r.cfg.Txs%r.cfg.Chains))
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				chains[c] = ch
				mu.Unlock()
			}
		}()
	}
	for c := range chains {
		jobs <- c
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	r.log.Info("built transactions", "txs", r.cfg.Txs, "chains", r.cfg.Chains, "took", time.Since(start).Round(time.Millisecond))
	return chains, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fundingTx is the one payment from the funder to the run's account: the
// smallest of the funder's outputs that covers the budget (or else its
// largest), split into up to 15 outputs, any change back to the funder.
func (r *runner) fundingTx(need int) (*ledger.Tx, error) {
	want := budget(r.params, r.cfg.Chains, r.cfg.Txs)
	outs := r.funder.Unspent() // largest first
	u := outs[0]
	for _, o := range outs[1:] {
		if o.Amount >= want+txbuilder.MinFee(&r.params, 1, ledger.MaxOutputs) {
			u = o
		}
	}
	n := min(ledger.MaxOutputs-1, need)
	amount := min(want, u.Amount-min(u.Amount, txbuilder.MinFee(&r.params, 1, n+1)))
	if amount < uint64(n) {
		return nil, fmt.Errorf("loadgen: demo account %d's output of %d µSTG cannot fund the run", r.cfg.Account, u.Amount)
	}
	in, err := u.Spendable(r.funder.Keys())
	if err != nil {
		return nil, fmt.Errorf("loadgen: %w", err)
	}
	pays := make([]txbuilder.Payment, n)
	for i := range pays {
		pays[i] = txbuilder.Payment{To: r.wallet.Address(), Amount: amount / uint64(n)}
	}
	tx, err := txbuilder.Build(rand.Reader, &r.params, []txbuilder.Input{in}, pays, r.funder.Address(), 0)
	if err != nil {
		return nil, fmt.Errorf("loadgen: funding payment: %w", err)
	}
	return tx, nil
}

// split builds a transaction spending w's output id (worth amount) into n
// equal payments to to and change of about the same size back to w.
func split(w *devwallet.Wallet, id ledger.OutputID, amount uint64, n int, to stealth.Address, p *params.Params) (*ledger.Tx, error) {
	each, err := splitAmount(p, amount, n)
	if err != nil {
		return nil, err
	}
	pays := make([]txbuilder.Payment, n)
	for i := range pays {
		pays[i] = txbuilder.Payment{To: to, Amount: each}
	}
	tx, err := w.PayFrom(rand.Reader, []ledger.OutputID{id}, pays)
	if err != nil {
		return nil, fmt.Errorf("loadgen: fan-out: %w", err)
	}
	return tx, nil
}

// splitAmount is each payment of a split of amount into n payments and
// change: the amount less the fee, in n+1 equal parts.
func splitAmount(p *params.Params, amount uint64, n int) (uint64, error) {
	fee := txbuilder.MinFee(p, 1, n+1)
	if amount < fee+uint64(n+1) {
		return 0, fmt.Errorf("loadgen: an output of %d µSTG is too small to split %d ways", amount, n+1)
	}
	return (amount - fee) / uint64(n+1), nil
}

// buildChain builds n transactions, the first spending a and b. Each chain
// has its own wallet view so workers do not share state.
func (r *runner) buildChain(a, b ledger.OutputID, n int) (*chain, error) {
	w := devwallet.New(r.params, r.wallet.Keys())
	for _, id := range []ledger.OutputID{a, b} {
		out, index, ok := r.wallet.Get(id)
		if !ok {
			return nil, fmt.Errorf("loadgen: output %s vanished", id)
		}
		if _, err := w.AddOutput(out, index); err != nil {
			return nil, err
		}
	}
	ch := &chain{}
	ids := []ledger.OutputID{a, b}
	for i := 0; i < n; i++ {
		tx, err := w.PayFrom(rand.Reader, ids, []txbuilder.Payment{{To: w.Address(), Amount: 1000}})
		if err != nil {
			return nil, fmt.Errorf("loadgen: building chain tx %d: %w", i, err)
		}
		if err := w.ApplyTx(tx); err != nil {
			return nil, err
		}
		ids = []ledger.OutputID{ledger.ID(tx.Outputs[0]), ledger.ID(tx.Outputs[1])}
		ch.txs = append(ch.txs, tx.Encode())
	}
	return ch, nil
}

// submitAndWait submits txs and waits until all are in blocks.
func (r *runner) submitAndWait(ctx context.Context, txs [][]byte) error {
	// The height before the first broadcast: a tx can be in a block before
	// the last one is broadcast.
	st, err := r.clients[0].Status(ctx)
	if err != nil {
		return err
	}
	h := st.SyncInfo.LatestBlockHeight
	pending := map[[32]byte]bool{}
	for i, tx := range txs {
		res, err := r.clients[i%len(r.clients)].BroadcastTxSync(ctx, tx)
		if err != nil {
			return fmt.Errorf("loadgen: broadcast: %w", err)
		}
		if res.Code != 0 {
			return fmt.Errorf("loadgen: fan-out tx rejected: code %d: %s", res.Code, res.Log)
		}
		pending[sha256.Sum256(tx)] = true
	}
	for len(pending) > 0 {
		blk, err := r.waitBlock(ctx, h+1)
		if err != nil {
			return err
		}
		h++
		for _, tx := range blk {
			k := sha256.Sum256(tx)
			if pending[k] {
				delete(pending, k)
				decoded, err := ledger.DecodeTx(tx)
				if err != nil {
					return err
				}
				if err := r.wallet.ApplyTx(decoded); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// waitBlock polls for block h and returns its transactions.
func (r *runner) waitBlock(ctx context.Context, h int64) ([][]byte, error) {
	for {
		blk, err := r.clients[0].Block(ctx, &h)
		if err == nil && blk != nil && blk.Block != nil {
			out := make([][]byte, len(blk.Block.Txs))
			for i, tx := range blk.Block.Txs {
				out[i] = tx
			}
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// measure submits every chain's first transaction, then each next one as
// soon as its predecessor is in a block.
func (r *runner) measure(ctx context.Context, chains []*chain) (*Report, error) {
	rep := &Report{Txs: r.cfg.Txs, TxBytes: len(chains[0].txs[0])}
	type sub struct {
		chain int
		at    time.Time
	}
	var mu sync.Mutex
	inflight := map[[32]byte]sub{}
	queue := make(chan int, len(chains))
	rejected := 0
	var wg sync.WaitGroup
	for w := 0; w < 2*len(r.clients)+2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for c := range queue {
				ch := chains[c]
				tx := ch.txs[ch.next]
				k := sha256.Sum256(tx)
				mu.Lock()
				inflight[k] = sub{c, time.Now()}
				mu.Unlock()
				res, err := r.broadcast(ctx, (w+c)%len(r.clients), tx)
				if err != nil || res.Code != 0 {
					mu.Lock()
					delete(inflight, k)
					rejected++
					mu.Unlock()
					if err == nil {
						err = fmt.Errorf("code %d: %s", res.Code, res.Log)
					}
					r.log.Warn("tx rejected", "chain", c, "err", err)
				}
			}
		}(w)
	}
	st, err := r.clients[0].Status(ctx)
	if err != nil {
		close(queue)
		return nil, err
	}
	start := time.Now()
	for c := range chains {
		queue <- c
	}
	var lat []time.Duration
	var last time.Time
	h := st.SyncInfo.LatestBlockHeight
	for {
		mu.Lock()
		done := len(lat)+rejected >= r.cfg.Txs || (len(inflight) == 0 && len(queue) == 0 && rejected > 0 && len(lat)+rejected >= r.cfg.Txs)
		mu.Unlock()
		if done {
			break
		}
		txs, err := r.waitBlock(ctx, h+1)
		if err != nil {
			close(queue)
			wg.Wait()
			return nil, err
		}
		h++
		rep.Blocks++
		now := time.Now()
		mu.Lock()
		for _, tx := range txs {
			k := sha256.Sum256(tx)
			s, ok := inflight[k]
			if !ok {
				continue
			}
			delete(inflight, k)
			lat = append(lat, now.Sub(s.at))
			last = now
			ch := chains[s.chain]
			ch.next++
			if ch.next < len(ch.txs) {
				queue <- s.chain
			}
		}
		stuck := len(inflight) == 0 && len(queue) == 0
		mu.Unlock()
		if stuck && len(lat)+rejected < r.cfg.Txs && rejected > 0 {
			break // chains broken by rejections cannot go on
		}
	}
	close(queue)
	wg.Wait()
	rep.Committed, rep.Rejected = len(lat), rejected
	rep.Duration = last.Sub(start)
	if rep.Duration > 0 {
		rep.TPS = float64(rep.Committed) / rep.Duration.Seconds()
	}
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		rep.P50, rep.P90, rep.P99, rep.Max = lat[n*50/100], lat[n*90/100], lat[min(n*99/100, n-1)], lat[n-1]
	}
	return rep, nil
}

// broadcast submits tx to node i. A node that has not yet committed the
// block holding the tx's inputs answers "unknown input": it is retried for
// a few blocks' time before counting as a rejection.
func (r *runner) broadcast(ctx context.Context, i int, tx []byte) (*coretypes.ResultBroadcastTx, error) {
	for attempt := 0; ; attempt++ {
		res, err := r.clients[i].BroadcastTxSync(ctx, tx)
		if err != nil || res.Code != uint32(ledger.KindUnknownInput) || attempt == 30 {
			return res, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
