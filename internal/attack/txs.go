package attack

import (
	"crypto/rand"
	"fmt"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/bulletproofs"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// The transactions an attacker crafts. Each is signed by the owner of its
// inputs, so it passes every check but the one under attack.

// resign signs tx again with the keys of ins (a fresh Schnorr nonce, so
// the bytes and the transaction id change) and returns its encoding.
func (w *purse) resign(tx *ledger.Tx, ins ...txbuilder.Input) ([]byte, error) {
	if err := txbuilder.Sign(rand.Reader, w.p.ChainID, tx, ins); err != nil {
		return nil, fmt.Errorf("attack: re-signing: %w", err)
	}
	return tx.Encode(), nil
}

// breakProof returns a copy of a range proof with one bit of its a scalar
// flipped: bit i mod 128 of the scalar's low 16 bytes, so the scalar stays
// canonical, the proof still decodes, and it no longer verifies. Up to 128
// distinct broken proofs come from one proof.
func breakProof(proof []byte, i int) []byte {
	out := append([]byte(nil), proof...)
	// The proof ends with the scalars a and b, 32 bytes each, little-endian.
	pos := len(out) - 64 + (i/8)%16
	out[pos] ^= 1 << (i % 8)
	return out
}

// badProofSpends returns n distinct spends of coin paying to the purse,
// each validly signed by the coin's owner and balanced, whose range proofs
// do not verify: the flood of issue 9 item 1.
func (w *purse) badProofSpends(coin *txbuilder.Received, n int) ([][]byte, error) {
	b, in, err := w.payToSelf(coin, ledger.STG)
	if err != nil {
		return nil, err
	}
	good := b.Tx.RangeProof
	out := make([][]byte, n)
	for i := range out {
		b.Tx.RangeProof = breakProof(good, i)
		if out[i], err = w.resign(b.Tx, in); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// conflictingSpends returns n distinct valid spends of coin: up to four
// differently built payments, each signed again with fresh nonces.
func (w *purse) conflictingSpends(coin *txbuilder.Received, n int) ([][]byte, error) {
	type body struct {
		tx *ledger.Tx
		in txbuilder.Input
	}
	var bodies []body
	for j := range min(n, 4) {
		b, in, err := w.payToSelf(coin, uint64(j+1)*ledger.STG)
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, body{b.Tx, in})
	}
	out := make([][]byte, n)
	for i := range out {
		bd := bodies[i%len(bodies)]
		var err error
		if out[i], err = w.resign(bd.tx, bd.in); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// copiedProofSpend returns a valid spend of coin whose range proof is
// replaced by the (valid) proof of another transaction of the same shape
// spending donor, and signed again by coin's owner (issue 9 item 9).
func (w *purse) copiedProofSpend(coin, donor *txbuilder.Received) ([]byte, error) {
	d, _, err := w.payToSelf(donor, ledger.STG)
	if err != nil {
		return nil, err
	}
	b, in, err := w.payToSelf(coin, 2*ledger.STG)
	if err != nil {
		return nil, err
	}
	b.Tx.RangeProof = append([]byte(nil), d.Tx.RangeProof...)
	return w.resign(b.Tx, in)
}

// recreateSpend returns a spend of coin whose outputs are x, copied byte
// for byte from the transaction that created it, and change to the purse:
// balanced (x's opening is the purse's), range-proved and signed, so that
// its only fault is that x's id exists or existed (issue 9 item 2).
func (w *purse) recreateSpend(coin, x *txbuilder.Received) ([]byte, error) {
	if _, ok := x.Output.(*ledger.ConfidentialOutput); !ok || x.Blinding == nil {
		return nil, fmt.Errorf("attack: output %s is not a confidential output of this account", x.ID)
	}
	b, in, err := w.payToSelf(coin, x.Amount)
	if err != nil {
		return nil, err
	}
	tx := b.Tx
	at, ok := b.OutputOf(0)
	if !ok {
		return nil, fmt.Errorf("attack: built payment has no payment output")
	}
	// Open every output, then put x in the payment's place: the amounts
	// stay, so only the blinding sum Γ changes, by r(payment) − r(x).
	var values []uint64
	var blindings []*ristretto255.Scalar
	gamma, err := ristretto255.NewScalar().SetCanonicalBytes(tx.Gamma[:])
	if err != nil {
		return nil, fmt.Errorf("attack: built tx gamma: %w", err)
	}
	for i, o := range tx.Outputs {
		rc, mine, err := txbuilder.Receive(w.keys, o, uint32(i))
		if err != nil || !mine || rc.Blinding == nil {
			return nil, fmt.Errorf("attack: opening output %d of the built payment: mine %v, %w", i, mine, err)
		}
		if uint32(i) == at {
			gamma.Add(gamma, rc.Blinding)
			gamma.Subtract(gamma, x.Blinding)
			values, blindings = append(values, x.Amount), append(blindings, x.Blinding)
			continue
		}
		values, blindings = append(values, rc.Amount), append(blindings, rc.Blinding)
	}
	tx.Outputs[at] = x.Output
	copy(tx.Gamma[:], gamma.Bytes())
	proof, _, err := bulletproofs.Prove(rand.Reader, values, blindings, nil)
	if err != nil {
		return nil, fmt.Errorf("attack: range proof: %w", err)
	}
	tx.RangeProof = proof.Bytes()
	return w.resign(tx, in)
}
