package attack

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/gtank/ristretto255"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// blockTimeout bounds the wait for a transaction the node admitted to be
// in a block.
const blockTimeout = 60 * time.Second

// purse is a fresh account of the run's own: its keys and the coins it
// holds that no transaction of the run spends yet.
type purse struct {
	keys *stealth.Keys
	p    *params.Params

	mu    sync.Mutex // guards following
	coins map[ledger.OutputID]*txbuilder.Received
}

// newPurse returns an empty purse with fresh random keys.
func newPurse(p *params.Params) (*purse, error) {
	var b [128]byte
	if _, err := io.ReadFull(rand.Reader, b[:]); err != nil {
		return nil, fmt.Errorf("attack: account keys: %w", err)
	}
	defer clear(b[:])
	view, err := ristretto255.NewScalar().SetUniformBytes(b[:64])
	if err != nil {
		return nil, fmt.Errorf("attack: account keys: %w", err)
	}
	spend, err := ristretto255.NewScalar().SetUniformBytes(b[64:])
	if err != nil {
		return nil, fmt.Errorf("attack: account keys: %w", err)
	}
	k, err := stealth.NewKeys(view, spend)
	if err != nil {
		return nil, fmt.Errorf("attack: account keys: %w", err)
	}
	return &purse{keys: k, p: p, coins: map[ledger.OutputID]*txbuilder.Received{}}, nil
}

func (w *purse) address() stealth.Address { return w.keys.Address() }

// receive adds the outputs of tx that belong to the purse and returns them.
func (w *purse) receive(tx *ledger.Tx) ([]*txbuilder.Received, error) {
	var got []*txbuilder.Received
	for i, o := range tx.Outputs {
		rc, mine, err := txbuilder.Receive(w.keys, o, uint32(i))
		if err != nil {
			return nil, fmt.Errorf("attack: output %d of tx %s: %w", i, tx.ID(), err)
		}
		if mine {
			got = append(got, rc)
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, rc := range got {
		w.coins[rc.ID] = rc
	}
	return got, nil
}

// confirm waits until tx (encoded) is in a block and applied, then takes
// in its outputs.
func (w *purse) confirm(ctx context.Context, wt *watcher, tx []byte) error {
	ins, err := wt.wait(ctx, blockTimeout, tx)
	if err != nil {
		return err
	}
	if ins[0].Code != 0 {
		return fmt.Errorf("attack: tx in block %d was not applied: code %d (%s)", ins[0].Height, ins[0].Code, ledger.Kind(ins[0].Code))
	}
	dec, err := ledger.DecodeTx(tx)
	if err != nil {
		return fmt.Errorf("attack: %w", err)
	}
	_, err = w.receive(dec)
	return err
}

// take removes the largest coin from the purse and returns it.
func (w *purse) take() (*txbuilder.Received, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var best *txbuilder.Received
	for _, rc := range w.coins {
		if best == nil || cmp.Compare(rc.Amount, best.Amount) > 0 ||
			(rc.Amount == best.Amount && slices.Compare(rc.ID[:], best.ID[:]) < 0) {
			best = rc
		}
	}
	if best == nil {
		return nil, fmt.Errorf("attack: the run's account has no coin left")
	}
	delete(w.coins, best.ID)
	return best, nil
}

// takeID removes coin id from the purse and returns it.
func (w *purse) takeID(id ledger.OutputID) (*txbuilder.Received, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	rc, ok := w.coins[id]
	if !ok {
		return nil, fmt.Errorf("attack: output %s is not a coin of the run's account", id)
	}
	delete(w.coins, id)
	return rc, nil
}

// size returns how many coins the purse holds.
func (w *purse) size() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.coins)
}

// input returns coin as a transaction input, with its one-time key.
func (w *purse) input(coin *txbuilder.Received) (txbuilder.Input, error) {
	in, err := coin.Spendable(w.keys)
	if err != nil {
		return txbuilder.Input{}, fmt.Errorf("attack: %w", err)
	}
	return in, nil
}

// payToSelf builds a valid spend of coin paying amount to the purse, with
// the change back to it, and returns it with its input.
func (w *purse) payToSelf(coin *txbuilder.Received, amount uint64) (*txbuilder.Built, txbuilder.Input, error) {
	in, err := w.input(coin)
	if err != nil {
		return nil, in, err
	}
	b, err := txbuilder.BuildWith(rand.Reader, w.p, []txbuilder.Input{in}, []txbuilder.Payment{{To: w.address(), Amount: amount}}, w.address(), txbuilder.Options{})
	if err != nil {
		return nil, in, fmt.Errorf("attack: building a spend: %w", err)
	}
	return b, in, nil
}
