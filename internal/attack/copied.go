package attack

import (
	"context"

	"github.com/stegos-go/stegos/ledger"
)

// copiedProof replays issue 9 item 9's "range proof copied from another
// transaction and re-signed": before range proofs were verified at
// admission it was admitted with code 0.
func (r *runner) copiedProof(ctx context.Context) []Result {
	res := Result{Item: 9, Name: "copied-range-proof", Test: "internal/app TestCopiedRangeProofRefused"}
	p, err := r.attacker(ctx)
	if err != nil {
		return []Result{errorResult(res, err)}
	}
	donor, err := p.take()
	if err != nil {
		return []Result{errorResult(res, err)}
	}
	coin, err := p.take()
	if err != nil {
		return []Result{errorResult(res, err)}
	}
	raw, err := p.copiedProofSpend(coin, donor)
	if err != nil {
		return []Result{errorResult(res, err)}
	}
	ans := r.chain.submit(ctx, raw)
	res.Did = "built a valid spend of one coin, replaced its range proof by the valid proof of another spend of the same shape, and signed it again as the coin's owner"
	res.Answer = expect(ans, ledger.KindBadRangeProof)
	res.Verdict = judge(!ans.admitted())
	return []Result{res}
}
