package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/crypto/vrf"
	"github.com/stegos-go/stegos/internal/devwallet"
	"github.com/stegos-go/stegos/internal/staking"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// testValidator is a validator of a staking test chain.
type testValidator struct {
	key   [32]byte
	priv  ed25519.PrivateKey
	vrf   *vrf.PrivateKey
	stake uint64
}

// token returns the validator's token for chainID, which its first stake
// needs.
func (v *testValidator) token(t testing.TB, chainID string) *txbuilder.ValidatorToken {
	t.Helper()
	tok, err := txbuilder.NewValidatorToken(chainID, v.priv, v.vrf)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (v *testValidator) proposer() *Proposer { return &Proposer{Key: v.key, VRF: v.vrf} }
func (v *testValidator) addr() []byte        { return []byte(address(v.key)) }

// stakingChain is an app whose genesis bonds each validator's stake,
// owned by owner, with the first nGenesis validators in CometBFT's
// genesis set, and funds owner with a confidential output.
type stakingChain struct {
	t      testing.TB
	a      *App
	vals   []*testValidator
	owner  *devwallet.Wallet
	height int64
}

func newStakingChain(t testing.TB, stakes []uint64, nGenesis int) *stakingChain {
	t.Helper()
	a := openApp(t, t.TempDir())
	ownerKeys := newKeys(t)
	g := &Genesis{}
	gamma := newScalar()
	out, r := confidentialOutput(t, ownerKeys.Address(), 0, 1000*ledger.STG)
	gamma.Add(gamma, r)
	g.Outputs = append(g.Outputs, hex.EncodeToString(ledger.EncodeOutput(out)))
	proof, err := ProveGenesisOutput(rand.Reader, 0, 1000*ledger.STG, r)
	if err != nil {
		t.Fatal(err)
	}
	g.RangeProofs = append(g.RangeProofs, proof)
	g.Supply = 1000 * ledger.STG
	var vals []*testValidator
	var genesisVals []abci.ValidatorUpdate
	for i, s := range stakes {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		k, err := vrf.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		v := &testValidator{priv: priv, vrf: k, stake: s}
		copy(v.key[:], pub)
		vals = append(vals, v)
		so, _, err := stealth.NewOutput(rand.Reader, ownerKeys.Address(), uint32(i+1))
		if err != nil {
			t.Fatal(err)
		}
		o := &ledger.StakeOutput{Recipient: ledger.Recipient{OneTimeKey: so.OneTimeKey, TxKey: so.TxKey, ViewTag: so.ViewTag}, Amount: s, Validator: v.key}
		copy(o.VRFKey[:], k.Public().Bytes())
		// The first stake registers the validator (ADR 0016).
		if o.Registration, err = v.token(t, a.params.ChainID).Register(rand.Reader, o.OneTimeKey); err != nil {
			t.Fatal(err)
		}
		g.Outputs = append(g.Outputs, hex.EncodeToString(ledger.EncodeOutput(o)))
		g.RangeProofs = append(g.RangeProofs, "")
		g.Supply += s
		if i < nGenesis {
			genesisVals = append(genesisVals, abci.ValidatorUpdate{PubKey: cmtcrypto.PublicKey{Sum: &cmtcrypto.PublicKey_Ed25519{Ed25519: pub}}, Power: 10})
		}
	}
	g.Gamma = hex.EncodeToString(gamma.Bytes())
	appState, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: a.params.ChainID, AppStateBytes: appState, Validators: genesisVals}); err != nil {
		t.Fatal(err)
	}
	w := devwallet.New(a.params, ownerKeys)
	err = a.st.ForEachUTXO(func(u *stateUTXO) error {
		_, err := w.AddOutput(u.Output, u.Index)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return &stakingChain{t: t, a: a, vals: vals, owner: w}
}

// step is one block: who proposes, who signed the previous block (nil:
// every active validator), and evidence.
type step struct {
	proposer    *testValidator
	absent      map[*testValidator]bool
	misbehavior []abci.Misbehavior
	txs         [][]byte
	// tamper changes the proposal before ProcessProposal.
	tamper func([][]byte) [][]byte
	// lastRound is the round the previous block was decided in.
	lastRound int32
}

// votes is the previous block's commit: every genesis or active validator
// signs unless absent.
func (c *stakingChain) votes(absent map[*testValidator]bool) []abci.VoteInfo {
	if c.height == 0 {
		return nil
	}
	var out []abci.VoteInfo
	vs, err := c.a.st.Validators()
	if err != nil {
		c.t.Fatal(err)
	}
	for _, tv := range c.vals {
		for _, v := range vs {
			if v.Key != tv.key || !v.Active {
				continue
			}
			flag := cmtproto.BlockIDFlagCommit
			if absent[tv] {
				flag = cmtproto.BlockIDFlagAbsent
			}
			out = append(out, abci.VoteInfo{Validator: abci.Validator{Address: tv.addr(), Power: v.Power}, BlockIdFlag: flag})
		}
	}
	return out
}

// propose runs PrepareProposal and ProcessProposal and reports acceptance.
func (c *stakingChain) propose(s step) (bool, [][]byte, []byte) {
	c.t.Helper()
	ctx := context.Background()
	h := c.height + 1
	if s.proposer == nil {
		s.proposer = c.vals[0]
	}
	c.a.setProposer(s.proposer.proposer())
	votes := c.votes(s.absent)
	prep, err := c.a.PrepareProposal(ctx, &abci.RequestPrepareProposal{Txs: s.txs, MaxTxBytes: 1 << 30, Height: h, ProposerAddress: s.proposer.addr()})
	if err != nil {
		c.t.Fatal(err)
	}
	txs := prep.Txs
	if s.tamper != nil {
		txs = s.tamper(txs)
	}
	hash := blockHash(h, txs)
	proc, err := c.a.ProcessProposal(ctx, &abci.RequestProcessProposal{
		Txs: txs, Hash: hash, Height: h, ProposerAddress: s.proposer.addr(),
		ProposedLastCommit: abci.CommitInfo{Votes: votes, Round: s.lastRound}, Misbehavior: s.misbehavior,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return proc.Status == abci.ResponseProcessProposal_ACCEPT, txs, hash
}

// block runs one accepted block and audits the state.
func (c *stakingChain) block(s step) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	ok, txs, hash := c.propose(s)
	if !ok {
		c.t.Fatalf("block %d: proposal rejected", c.height+1)
	}
	return c.finalize(s, txs, hash)
}

// finalize decides block c.height+1 with txs: FinalizeBlock and Commit,
// then the owner wallet applies the transactions the ledger accepted, and
// the state is audited.
func (c *stakingChain) finalize(s step, txs [][]byte, hash []byte) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	if s.proposer == nil {
		s.proposer = c.vals[0]
	}
	ctx := context.Background()
	resp, err := c.a.FinalizeBlock(ctx, &abci.RequestFinalizeBlock{
		Txs: txs, Hash: hash, Height: c.height + 1, ProposerAddress: s.proposer.addr(),
		DecidedLastCommit: abci.CommitInfo{Votes: c.votes(s.absent), Round: s.lastRound}, Misbehavior: s.misbehavior,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := c.a.Commit(ctx, &abci.RequestCommit{}); err != nil {
		c.t.Fatal(err)
	}
	c.height++
	for i, raw := range txs {
		if IsBeaconTx(raw) || resp.TxResults[i].Code != abci.CodeTypeOK {
			continue
		}
		tx, err := ledger.DecodeTx(raw)
		if err != nil {
			c.t.Fatal(err)
		}
		if err := c.owner.ApplyTx(tx); err != nil {
			c.t.Fatal(err)
		}
	}
	if _, err := c.a.st.Audit(); err != nil {
		c.t.Fatalf("audit after block %d: %v", c.height, err)
	}
	return resp
}

// run runs blocks up to height h with every validator signing, the
// proposer rotating among the genesis validators.
func (c *stakingChain) run(h int64, s step) {
	c.t.Helper()
	for c.height < h {
		c.block(s)
	}
}

// record returns a validator's committed record.
func (c *stakingChain) record(v *testValidator) *stakingValidator {
	c.t.Helper()
	r, ok, err := c.a.st.Validator(v.key)
	if err != nil || !ok {
		c.t.Fatalf("validator record: %v %v", ok, err)
	}
	return r
}

type (
	stateUTXO        = state.UTXO
	stakingValidator = staking.Validator
)
