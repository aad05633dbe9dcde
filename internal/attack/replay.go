package attack

import (
	"context"
	"fmt"

	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// replay replays issue 9 item 2 (and the reasons of item 10): an
// included transaction sent again, byte for byte and signed again; an
// output that was spent created again by another transaction; an output
// that exists created again; and the same-block variant, which a client
// cannot order.
func (r *runner) replay(ctx context.Context) []Result {
	exact := Result{Item: 2, Name: "replay-exact", Test: "internal/app TestDoubleSpendAcrossBlocks"}
	resigned := Result{Item: 2, Name: "replay-resigned", Test: "internal/app TestDoubleSpendAcrossBlocks, TestResultsIndependentOfRestart"}
	spent := Result{Item: 2, Name: "recreate-spent-output", Test: "internal/state TestSpentIDsNeverReturn; internal/app TestResultsIndependentOfRestart"}
	live := Result{Item: 2, Name: "recreate-live-output", Test: "internal/app TestDuplicateOutputAgainstState"}
	same := Result{Item: 2, Name: "recreate-same-block", Test: "internal/state TestSpentIDsNeverReturn"}
	all := func(err error) []Result {
		return []Result{errorResult(exact, err), errorResult(resigned, err), errorResult(spent, err), errorResult(live, err), errorResult(same, err)}
	}
	p, err := r.attacker(ctx)
	if err != nil {
		return all(err)
	}
	// T1 pays 1 STG to the attacker (x) with change (y); T2 spends x.
	a, err := p.take()
	if err != nil {
		return all(err)
	}
	b1, in1, err := p.payToSelf(a, ledger.STG)
	if err != nil {
		return all(err)
	}
	t1 := b1.Tx.Encode()
	xAt, _ := b1.OutputOf(0)
	yAt, _ := b1.ChangeOutput()
	xID, yID := ledger.ID(b1.Tx.Outputs[xAt]), ledger.ID(b1.Tx.Outputs[yAt])
	if err := r.submitAndConfirm(ctx, p, t1); err != nil {
		return all(err)
	}
	x, err := p.takeID(xID)
	if err != nil {
		return all(err)
	}
	y, err := p.takeID(yID)
	if err != nil {
		return all(err)
	}
	b2, _, err := p.payToSelf(x, x.Amount/4)
	if err != nil {
		return all(err)
	}
	if err := r.submitAndConfirm(ctx, p, b2.Tx.Encode()); err != nil {
		return all(err)
	}

	ans := r.chain.submit(ctx, t1)
	exact.Did = fmt.Sprintf("sent again, byte for byte, transaction %s, included in an earlier block", b1.Tx.ID())
	exact.Answer = ans.detail()
	exact.Verdict = judge(!ans.admitted())

	raw, err := p.resign(b1.Tx, in1)
	if err != nil {
		resigned = errorResult(resigned, err)
	} else {
		ans = r.chain.submit(ctx, raw)
		resigned.Did = "sent the same spend again with a fresh signature (new bytes, past CometBFT's cache of seen transactions)"
		resigned.Answer = expect(ans, ledger.KindDoubleSpend)
		resigned.Verdict = judge(!ans.admitted())
	}

	spent = r.recreate(ctx, p, spent, x, fmt.Sprintf("a new spend whose outputs are output %s (created in one block, spent in the next), copied byte for byte, and change: balanced, range-proved and signed", x.ID))
	live = r.recreate(ctx, p, live, y, fmt.Sprintf("a new spend whose outputs are output %s (unspent), copied byte for byte, and change", y.ID))
	same = r.sameBlock(ctx, p, same)
	return []Result{exact, resigned, spent, live, same}
}

// submitAndConfirm submits tx, which must be admitted, waits for its block
// and takes its outputs into p.
func (r *runner) submitAndConfirm(ctx context.Context, p *purse, tx []byte) error {
	if a := r.chain.submit(ctx, tx); !a.admitted() {
		return fmt.Errorf("attack: an honest transaction of the attacker was refused: %s", a.detail())
	}
	return p.confirm(ctx, r.watch, tx)
}

// recreate submits a spend of a fresh coin that creates x again.
func (r *runner) recreate(ctx context.Context, p *purse, res Result, x *txbuilder.Received, did string) Result {
	coin, err := p.take()
	if err != nil {
		return errorResult(res, err)
	}
	raw, err := p.recreateSpend(coin, x)
	if err != nil {
		return errorResult(res, err)
	}
	ans := r.chain.submit(ctx, raw)
	res.Did = "submitted " + did
	res.Answer = expect(ans, ledger.KindDuplicateOutput)
	res.Verdict = judge(!ans.admitted())
	return res
}

// sameBlock tries to get "create x, spend x, create x again" into one
// block. A client cannot: the mempool only spends committed outputs, so
// the spend of x is refused until x is in a block; only a proposer can
// order the three, which the state test covers.
func (r *runner) sameBlock(ctx context.Context, p *purse, res Result) Result {
	coin, err := p.take()
	if err != nil {
		return errorResult(res, err)
	}
	b, _, err := p.payToSelf(coin, ledger.STG)
	if err != nil {
		return errorResult(res, err)
	}
	at, _ := b.OutputOf(0)
	xs, err := p.receive(b.Tx)
	if err != nil {
		return errorResult(res, err)
	}
	var x *txbuilder.Received
	for _, rc := range xs {
		if rc.ID == ledger.ID(b.Tx.Outputs[at]) {
			x = rc
		}
	}
	// The purse must not spend these outputs later: they may never exist.
	for _, rc := range xs {
		if _, err := p.takeID(rc.ID); err != nil {
			return errorResult(res, err)
		}
	}
	spend, _, err := p.payToSelf(x, x.Amount/4)
	if err != nil {
		return errorResult(res, err)
	}
	first := r.chain.submit(ctx, b.Tx.Encode())
	second := r.chain.submit(ctx, spend.Tx.Encode())
	res.Did = "submitted a payment creating x, then at once a spend of x (to be followed by a re-creation of x in the same block)"
	res.Answer = fmt.Sprintf("creation: %s; spend of x: %s; the mempool only spends committed outputs, so a client cannot put the three in one block, only a proposer can",
		first.String(), second.String())
	res.Verdict = NotOverRPC
	if second.admitted() {
		res.Answer += " (the spend of an uncommitted output was admitted: the rest would need a proposer to show)"
	}
	return res
}

// expect describes an answer, saying so when its code is not the one a
// defended node gives.
func expect(a answer, want ledger.Kind) string {
	s := a.detail()
	if a.Err == nil && a.Code != uint32(want) {
		s += fmt.Sprintf(" (expected code %d, %s)", uint32(want), want)
	}
	return s
}
