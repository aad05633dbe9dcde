package attack

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// BenchConfig configures FloodBench. Zero values take the defaults shown.
type BenchConfig struct {
	// RPC is CometBFT's RPC address; http://127.0.0.1:26657.
	RPC string
	// N is the size of each half of the flood: N spends of one coin with
	// broken range proofs and N valid spends of another; 1000.
	N int
	// Payments is how many honest payments each run makes; 20.
	Payments int
	// Interval is the pause between two honest payments; 250 ms.
	Interval time.Duration
	// Window is the shortest length of a run; 20 s.
	Window time.Duration
	// HonestAccount is the demo account that funds the honest payer; 2.
	HonestAccount uint32
	// Account is the demo account that funds the attacker; 0 means
	// DefaultAccount (3).
	Account uint32
	// NodePID is the node's process id, for its CPU time; 0 means the
	// process listening on the RPC port, if it can be found.
	NodePID int
	// Log receives progress; nil discards it.
	Log *slog.Logger
}

func (c *BenchConfig) setDefaults() {
	if c.RPC == "" {
		c.RPC = "http://127.0.0.1:26657"
	}
	if c.N <= 0 {
		c.N = 1000
	}
	if c.Payments <= 0 {
		c.Payments = 20
	}
	if c.Interval <= 0 {
		c.Interval = 250 * time.Millisecond
	}
	if c.Window <= 0 {
		c.Window = 20 * time.Second
	}
	if c.HonestAccount == 0 {
		c.HonestAccount = 2
	}
	if c.Account == 0 {
		c.Account = DefaultAccount
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// BenchRun is one run of FloodBench: honest payments, with or without the
// flood.
type BenchRun struct {
	Name   string
	Window time.Duration
	// Blocks is how many blocks were committed in the window,
	// BlocksPerSec their rate between the first and the last, MaxGap the
	// longest time between two of them (or the window's ends).
	Blocks       int
	BlocksPerSec float64
	MaxGap       time.Duration
	// Payments were submitted, Confirmed applied in a block; P50, P90 and
	// Max are their submit → in-a-block latencies.
	Payments, Confirmed int
	P50, P90, Max       time.Duration
	// The flood: transactions sent, admitted to the mempool and applied in
	// a block, their bytes, how long the RPC took to take them all, and
	// the answers.
	FloodSent, FloodAdmitted, FloodIncluded, FloodBytes int
	FloodTook                                           time.Duration
	FloodAnswers                                        string
	// NodeCPU is the CPU time the node used in the window; -1 if unknown.
	NodeCPU time.Duration
}

// BenchReport is the outcome of FloodBench.
type BenchReport struct {
	Runs []BenchRun
	// PID is the node process whose CPU time was read, 0 if none.
	PID int
	// PaymentBytes is the size of one honest payment.
	PaymentBytes int
}

// FloodBench measures block production and the latency of honest
// payments (submit → in a block) on a running node in three runs: alone;
// while one flood of issue 9 item 1 (N spends of one coin with broken
// range proofs and N valid spends of another) is sent as fast as the RPC
// takes it; and while such floods, with fresh bytes each time, follow one
// another for the whole run.
func FloodBench(ctx context.Context, cfg BenchConfig) (*BenchReport, error) {
	cfg.setDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := dialChain(ctx, cfg.RPC, cfg.Log)
	if err != nil {
		return nil, err
	}
	rep := &BenchReport{}
	if rep.PID = cfg.NodePID; rep.PID == 0 {
		if rep.PID, err = rpcPID(cfg.RPC); err != nil {
			cfg.Log.Warn("no node CPU time", "err", err)
		}
	}
	h, err := c.height(ctx)
	if err != nil {
		return nil, err
	}
	w := c.watch(ctx, h+1)
	honest, payments, err := c.prepareHonest(ctx, w, cfg.HonestAccount, 3*cfg.Payments)
	if err != nil {
		return nil, err
	}
	rep.PaymentBytes = len(payments[0])
	attacker, err := c.prepareFlood(ctx, w, cfg.Account, cfg.N)
	if err != nil {
		return nil, err
	}
	b := &bench{c: c, w: w, cfg: cfg, pid: rep.PID, honest: honest}
	rep.Runs = append(rep.Runs, b.run(ctx, "no flood", payments[:cfg.Payments], nil, false))
	f, err := newFlooder(attacker, cfg.N)
	if err != nil {
		return nil, err
	}
	rep.Runs = append(rep.Runs, b.run(ctx, fmt.Sprintf("one flood of %d", 2*cfg.N), payments[cfg.Payments:2*cfg.Payments], f, false))
	if f, err = newFlooder(attacker, cfg.N); err != nil {
		return nil, err
	}
	rep.Runs = append(rep.Runs, b.run(ctx, "flood for the whole window", payments[2*cfg.Payments:], f, true))
	return rep, ctx.Err()
}

// rpcPID finds the process listening on the port of the RPC URL.
func rpcPID(rpc string) (int, error) {
	u, err := url.Parse(rpc)
	if err != nil {
		return 0, fmt.Errorf("attack: RPC URL %q: %w", rpc, err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return 0, fmt.Errorf("attack: RPC URL %q has no port", rpc)
	}
	return listenerPID(port)
}

// honestSplits is how many of the MaxOutputs coins of the honest payer's
// funding are split further, MaxOutputs ways each (a split turns one coin
// into MaxOutputs), so that each of payments has its own coin.
func honestSplits(payments int) int {
	per := ledger.MaxOutputs - 1
	return max(0, (payments-ledger.MaxOutputs+per-1)/per)
}

// prepareHonest funds an honest payer from demo account account with at
// least n coins (a funding payment, then splits) and builds n payments of
// 1 STG to itself, one per coin, before any clock starts.
func (c *chain) prepareHonest(ctx context.Context, w *watcher, account uint32, n int) (*purse, [][]byte, error) {
	p, err := c.fundAndWait(ctx, w, account, ledger.MaxOutputs)
	if err != nil {
		return nil, nil, err
	}
	var splits [][]byte
	for range honestSplits(n) {
		coin, err := p.take()
		if err != nil {
			return nil, nil, err
		}
		tx, err := p.split(coin, ledger.MaxOutputs)
		if err != nil {
			return nil, nil, err
		}
		if a := c.submit(ctx, tx); !a.admitted() {
			return nil, nil, fmt.Errorf("attack: splitting the honest payer's coins: %s", a.detail())
		}
		splits = append(splits, tx)
	}
	for _, tx := range splits {
		if err := p.confirm(ctx, w, tx); err != nil {
			return nil, nil, err
		}
	}
	c.log.Info("building honest payments", "n", n, "coins", p.size())
	out := make([][]byte, n)
	for i := range out {
		coin, err := p.take()
		if err != nil {
			return nil, nil, err
		}
		b, _, err := p.payToSelf(coin, ledger.STG)
		if err != nil {
			return nil, nil, err
		}
		out[i] = b.Tx.Encode()
	}
	return p, out, nil
}

// split builds a spend of coin into k equal outputs to the purse.
func (w *purse) split(coin *txbuilder.Received, k int) ([]byte, error) {
	in, err := w.input(coin)
	if err != nil {
		return nil, err
	}
	fee := txbuilder.MinFee(w.p, 1, k)
	if coin.Amount < fee+uint64(k) {
		return nil, fmt.Errorf("attack: a coin of %d µSTG is too small to split %d ways", coin.Amount, k)
	}
	each := (coin.Amount - fee) / uint64(k)
	pays := make([]txbuilder.Payment, k-1)
	for i := range pays {
		pays[i] = txbuilder.Payment{To: w.address(), Amount: each}
	}
	tx, err := txbuilder.Build(rand.Reader, w.p, []txbuilder.Input{in}, pays, w.address(), 0)
	if err != nil {
		return nil, fmt.Errorf("attack: split: %w", err)
	}
	return tx.Encode(), nil
}

// flooder makes the flood of issue 9 item 1 from two coins of an
// attacker: spends of one with broken range proofs and valid spends of
// the other, each round fresh bytes (new signatures).
type flooder struct {
	p        *purse
	n        int
	bad      *ledger.Tx
	badIn    txbuilder.Input
	badProof []byte
	good     []*ledger.Tx
	goodIn   txbuilder.Input
}

// prepareFlood funds an attacker from demo account account and takes
// coins for floods of n spends of each kind.
func (c *chain) prepareFlood(ctx context.Context, w *watcher, account uint32, n int) (*purse, error) {
	return c.fundAndWait(ctx, w, account, 4)
}

// newFlooder takes two coins of p for a flood of n spends of each kind.
func newFlooder(p *purse, n int) (*flooder, error) {
	f := &flooder{p: p, n: n}
	c1, err := p.take()
	if err != nil {
		return nil, err
	}
	b, in, err := p.payToSelf(c1, ledger.STG)
	if err != nil {
		return nil, err
	}
	f.bad, f.badIn, f.badProof = b.Tx, in, b.Tx.RangeProof
	c2, err := p.take()
	if err != nil {
		return nil, err
	}
	for j := range 4 {
		b, in, err := p.payToSelf(c2, uint64(j+1)*ledger.STG)
		if err != nil {
			return nil, err
		}
		f.good, f.goodIn = append(f.good, b.Tx), in
	}
	return f, nil
}

// round returns round k of the flood: n spends with broken proofs
// interleaved with n valid spends, all bytes not sent before.
func (f *flooder) round(k int) ([][]byte, error) {
	out := make([][]byte, 0, 2*f.n)
	for i := range f.n {
		f.bad.RangeProof = breakProof(f.badProof, k*f.n+i)
		raw, err := f.p.resign(f.bad, f.badIn)
		if err != nil {
			return nil, err
		}
		out = append(out, raw)
		if raw, err = f.p.resign(f.good[i%len(f.good)], f.goodIn); err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, nil
}

// add adds the counts of o to st.
func (st *sendStats) add(o *sendStats) {
	st.Sent += o.Sent
	st.Admitted += o.Admitted
	st.Bytes += o.Bytes
	st.Took += o.Took
	for _, k := range o.Codes.order {
		if st.Codes.n == nil {
			st.Codes.n = map[string]int{}
		}
		if _, ok := st.Codes.n[k]; !ok {
			st.Codes.order = append(st.Codes.order, k)
		}
		st.Codes.n[k] += o.Codes.n[k]
	}
}

// sendFlood sends rounds of f as fast as the RPC takes them: one round,
// or round after round until until when sustain is set.
func (b *bench) sendFlood(ctx context.Context, f *flooder, sustain bool, until time.Time) (*sendStats, []txKey, error) {
	total := &sendStats{}
	var keys []txKey
	for k := 0; k == 0 || (sustain && time.Now().Before(until) && ctx.Err() == nil); k++ {
		txs, err := f.round(k)
		if err != nil {
			return total, keys, err
		}
		for _, tx := range txs {
			keys = append(keys, sha256.Sum256(tx))
		}
		total.add(b.c.sendAll(ctx, txs, floodWorkers))
	}
	return total, keys, nil
}

// bench runs the measured runs.
type bench struct {
	c      *chain
	w      *watcher
	cfg    BenchConfig
	pid    int
	honest *purse
}

// run submits payments one every Interval, and from the start the flood
// of f if not nil (one round, or rounds until the window ends if
// sustain), and measures for at least Window.
func (b *bench) run(ctx context.Context, name string, payments [][]byte, f *flooder, sustain bool) BenchRun {
	b.c.log.Info("run", "name", name, "payments", len(payments), "flood", f != nil, "sustained", sustain)
	res := BenchRun{Name: name, Payments: len(payments), NodeCPU: -1}
	cpu0, cpuErr := b.cpu()
	start := time.Now()
	var floodStats *sendStats
	var floodKeys []txKey
	floodDone := make(chan struct{})
	go func() {
		defer close(floodDone)
		if f != nil {
			var err error
			floodStats, floodKeys, err = b.sendFlood(ctx, f, sustain, start.Add(b.cfg.Window))
			if err != nil {
				b.c.log.Warn("flood stopped", "err", err)
			}
		}
	}()
	var mu sync.Mutex
	var lat []time.Duration
	var last time.Time
	var wg sync.WaitGroup
	for i, tx := range payments {
		if d := time.Until(start.Add(time.Duration(i) * b.cfg.Interval)); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		at := time.Now()
		if a := b.c.submit(ctx, tx); !a.admitted() {
			b.c.log.Warn("honest payment refused", "n", i, "answer", a.detail())
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ins, err := b.w.wait(ctx, 2*blockTimeout, tx)
			if err != nil || ins[0].Code != 0 {
				b.c.log.Warn("honest payment not confirmed", "n", i, "err", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, ins[0].Seen.Sub(at))
			if ins[0].Seen.After(last) {
				last = ins[0].Seen
			}
		}()
	}
	wg.Wait()
	<-floodDone
	end := start.Add(b.cfg.Window)
	if last.After(end) {
		end = last.Add(time.Millisecond)
	}
	if d := time.Until(end); d > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	// Let the watcher see the block that ends the window.
	time.Sleep(2 * pollInterval)
	if cpu1, err := b.cpu(); err == nil && cpuErr == nil {
		res.NodeCPU = cpu1 - cpu0
	}
	res.Window = end.Sub(start)
	blocks := b.w.blocksBetween(start, end)
	res.Blocks = len(blocks)
	// The rate between the first and the last block of the window, so
	// that where the window's ends fall does not count.
	if len(blocks) >= 2 {
		res.BlocksPerSec = float64(len(blocks)-1) / blocks[len(blocks)-1].Seen.Sub(blocks[0].Seen).Seconds()
	}
	prev := start
	for _, bl := range blocks {
		res.MaxGap = max(res.MaxGap, bl.Seen.Sub(prev))
		prev = bl.Seen
	}
	res.MaxGap = max(res.MaxGap, end.Sub(prev))
	slices.Sort(lat)
	res.Confirmed = len(lat)
	if len(lat) > 0 {
		res.P50, res.P90, res.Max = percentile(lat, 50), percentile(lat, 90), lat[len(lat)-1]
	}
	if floodStats != nil {
		res.FloodSent, res.FloodAdmitted, res.FloodBytes = floodStats.Sent, floodStats.Admitted, floodStats.Bytes
		res.FloodTook, res.FloodAnswers = floodStats.Took, floodStats.Codes.String()
		for _, k := range floodKeys {
			if in, ok := b.w.lookup(k); ok && in.Code == 0 {
				res.FloodIncluded++
			}
		}
	}
	return res
}

func (b *bench) cpu() (time.Duration, error) {
	if b.pid == 0 {
		return 0, fmt.Errorf("attack: no node process")
	}
	return cpuTime(b.pid)
}

// percentile returns the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (p*len(sorted)+99)/100 - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Print writes the report as a Markdown table, then the flood's answers.
func (r *BenchReport) Print(w io.Writer) error {
	var s strings.Builder
	s.WriteString("| run | window | blocks | blocks/s | longest gap | honest confirmed | p50 | p90 | max | flood sent | admitted | in blocks | node CPU |\n")
	s.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, run := range r.Runs {
		flood := "—"
		admitted, included := "—", "—"
		if run.FloodSent > 0 {
			flood = fmt.Sprintf("%d (%s in %s)", run.FloodSent, mib(run.FloodBytes), run.FloodTook.Round(100*time.Millisecond))
			admitted, included = strconv.Itoa(run.FloodAdmitted), strconv.Itoa(run.FloodIncluded)
		}
		cpu := "—"
		if run.NodeCPU >= 0 {
			cpu = fmt.Sprintf("%.1f s (%.0f%% of a core)", run.NodeCPU.Seconds(), 100*run.NodeCPU.Seconds()/run.Window.Seconds())
		}
		fmt.Fprintf(&s, "| %s | %.1f s | %d | %.2f | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s |\n",
			run.Name, run.Window.Seconds(), run.Blocks, run.BlocksPerSec, run.MaxGap.Round(10*time.Millisecond),
			run.Confirmed, run.Payments, ms(run.P50), ms(run.P90), ms(run.Max), flood, admitted, included, cpu)
	}
	for _, run := range r.Runs {
		if run.FloodAnswers != "" {
			fmt.Fprintf(&s, "\nflood answers (%s): %s\n", run.Name, run.FloodAnswers)
		}
	}
	if r.PaymentBytes > 0 {
		fmt.Fprintf(&s, "honest payment: 1-in/2-out, %d bytes\n", r.PaymentBytes)
	}
	if r.PID != 0 {
		fmt.Fprintf(&s, "node CPU time read from /proc/%d/stat\n", r.PID)
	}
	_, err := io.WriteString(w, s.String())
	return err
}

func ms(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}
