package attack

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/stegos-go/stegos/client"
)

// Config says which node to attack and how hard. Zero values take the
// defaults shown.
type Config struct {
	// RPC is CometBFT's RPC address; http://127.0.0.1:26657.
	RPC string
	// API is the wallet's JSON-RPC API address; http://127.0.0.1:3145.
	API string
	// TokenFile holds the API token; needed by the api attacks only.
	TokenFile string
	// N is how many transactions each flood sends; 200.
	N int
	// Account is the dev chain's demo account (genesis.DemoKeys) whose
	// genesis output funds the attacker; 0 means DefaultAccount (3),
	// which neither the dev wallet (account 0, which also owns the
	// stakes) nor stegos-load (1 by default) uses.
	Account uint32
	// Attacks are the attacks or groups to run (see Attacks); nil means
	// all.
	Attacks []string
	// IdleConns is how many unauthenticated WebSockets api-ws leaves
	// idle; 150 (more than the 64 slots of each kind).
	IdleConns int
	// RateCalls is how many calls api-rate makes over fresh
	// connections; 400 (the default limit is 50/s with a burst of 100).
	RateCalls int
	// UnlockCalls is how many wallet.unlock calls api-unlock makes at
	// once; 16.
	UnlockCalls int
	// WalletAccount is the wallet account the api attacks use (unlock
	// with a wrong password, estimate fees); "" is the first, "demo" on
	// a dev node.
	WalletAccount string
	// Log receives progress; nil discards it.
	Log *slog.Logger
}

// DefaultAccount is the demo account that funds the attacker by default.
const DefaultAccount uint32 = 3

func (c *Config) setDefaults() {
	if c.RPC == "" {
		c.RPC = "http://127.0.0.1:26657"
	}
	if c.API == "" {
		c.API = client.DefaultURL
	}
	if c.N <= 0 {
		c.N = 200
	}
	if c.Account == 0 {
		c.Account = DefaultAccount
	}
	if c.IdleConns <= 0 {
		c.IdleConns = 150
	}
	if c.RateCalls <= 0 {
		c.RateCalls = 400
	}
	if c.UnlockCalls <= 0 {
		c.UnlockCalls = 16
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// attackSpec is one runnable attack.
type attackSpec struct {
	name, group, about string
	run                func(*runner, context.Context) []Result
}

// attacks in the order Run runs them.
var attacks = []attackSpec{
	{"flood", "chain", "item 1: spends of one coin with broken proofs, and valid conflicting spends", (*runner).flood},
	{"replay", "chain", "item 2: replayed transactions and re-created outputs", (*runner).replay},
	{"copied-proof", "chain", "item 9: a range proof copied from another transaction and re-signed", (*runner).copiedProof},
	{"proposal", "chain", "item 3: a proposal of bad proofs (not replayable over RPC)", (*runner).proposal},
	{"api-inputs", "api", "item 9: amount/fee 2^64-1, long memo, unknown topic, confusable account names", (*runner).apiInputs},
	{"api-unlock", "api", "item 6: concurrent wallet.unlock calls", one((*runner).apiUnlock)},
	{"api-ws", "api", "item 6: idle unauthenticated WebSockets", one((*runner).apiIdleWS)},
	{"api-rate", "api", "item 6: reconnecting to reset the rate limit", one((*runner).apiRate)},
}

// one adapts an attack with one result.
func one(f func(*runner, context.Context) Result) func(*runner, context.Context) []Result {
	return func(r *runner, ctx context.Context) []Result { return []Result{f(r, ctx)} }
}

// Attacks describes the attacks Run knows, one "name (group): what" line
// each; the groups "chain", "api" and "all" select several.
func Attacks() []string {
	var out []string
	for _, a := range attacks {
		out = append(out, fmt.Sprintf("%s (%s): %s", a.name, a.group, a.about))
	}
	return out
}

// selectAttacks resolves names and groups into attacks, in run order.
func selectAttacks(names []string) ([]attackSpec, error) {
	if len(names) == 0 {
		return attacks, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		known := n == "all"
		for _, a := range attacks {
			if n == "all" || n == a.name || n == a.group {
				want[a.name], known = true, true
			}
		}
		if !known {
			return nil, fmt.Errorf("attack: unknown attack %q (known: all, chain, api, %s)", n, strings.Join(attackNames(), ", "))
		}
	}
	var out []attackSpec
	for _, a := range attacks {
		if want[a.name] {
			out = append(out, a)
		}
	}
	return out, nil
}

func attackNames() []string {
	var out []string
	for _, a := range attacks {
		out = append(out, a.name)
	}
	return out
}

// runner carries what the attacks share: the node, the block watcher, the
// attacker's purse and the API client, each made on first use.
type runner struct {
	cfg   Config
	log   *slog.Logger
	chain *chain
	watch *watcher

	purseOnce sync.Once
	purse     *purse
	purseErr  error

	api *client.Client
}

// Run replays the selected attacks and returns their results. An attack
// that cannot be carried out gets an Error result; Run itself fails only
// when the configuration is wrong or the node cannot be reached.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	cfg.setDefaults()
	sel, err := selectAttacks(cfg.Attacks)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &runner{cfg: cfg, log: cfg.Log}
	if slices.ContainsFunc(sel, func(a attackSpec) bool { return a.group == "chain" }) {
		if r.chain, err = dialChain(ctx, cfg.RPC, cfg.Log); err != nil {
			return nil, err
		}
		h, err := r.chain.height(ctx)
		if err != nil {
			return nil, err
		}
		r.watch = r.chain.watch(ctx, h+1)
	}
	if slices.ContainsFunc(sel, func(a attackSpec) bool { return a.group == "api" }) {
		if cfg.TokenFile == "" {
			return nil, fmt.Errorf("attack: the api attacks need the API token file (<home>/api.token)")
		}
		if r.api, err = client.NewFromTokenFile(cfg.API, cfg.TokenFile); err != nil {
			return nil, fmt.Errorf("attack: %w", err)
		}
		if _, err := r.api.NodeStatus(ctx); err != nil {
			return nil, fmt.Errorf("attack: the API at %s: %w", cfg.API, err)
		}
	}
	var out []Result
	for _, a := range sel {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		r.log.Info("attack", "name", a.name, "what", a.about)
		out = append(out, a.run(r, ctx)...)
	}
	return out, nil
}

// attackerCoins is how many coins the attacker's funding payment makes:
// enough for every chain attack of one run.
const attackerCoins = 16

// attacker returns the attacker's purse, funding it on first use.
func (r *runner) attacker(ctx context.Context) (*purse, error) {
	r.purseOnce.Do(func() {
		r.purse, r.purseErr = r.chain.fundAndWait(ctx, r.watch, r.cfg.Account, attackerCoins)
	})
	return r.purse, r.purseErr
}

// proposal explains why item 3 is not replayed over RPC.
func (r *runner) proposal(context.Context) []Result {
	return []Result{{
		Item: 3, Name: "proposal-bad-proofs", Verdict: NotOverRPC,
		Did: "nothing: a proposal is made by the proposer's own node (PrepareProposal), and a client's transactions with bad proofs " +
			"never reach one (see flood-bad-proofs), so a proposal full of bad proofs cannot be sent over RPC",
		Answer: "the test feeds a validator a proposal of bad proofs and one of fabricated transactions: it rejects the first after one batch " +
			"verification (no bisection) and the second with no verification at all",
		Test: "internal/app TestProposalCostIsBounded",
	}}
}
