package state

import (
	"fmt"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/smt"
)

// AuditReport is what Audit recomputed from the raw UTXO records.
type AuditReport struct {
	Height  int64
	Outputs int
	// Spent is the number of spent output ids the state keeps.
	Spent int
	// Payloads is the number of payloads of the retention window kept.
	Payloads int
	Supply   uint64
	Burned   uint64
	AppHash  []byte
}

// Audit recomputes, from every UTXO record on disk, the sum of commitments
// and the Merkle root, and checks them against the committed metadata and
// the supply invariant Σ C(UTXO) = Supply·H + Gamma·G. It reads the whole
// UTXO set once.
func (s *State) Audit() (*AuditReport, error) {
	// One consistent view, even while blocks are being committed.
	snap := s.db.Snapshot()
	defer snap.Close()
	raw, ok, err := snap.Get(keyMeta)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotInitialized
	}
	m, err := decodeMeta(raw)
	if err != nil {
		return nil, fmt.Errorf("state: %s: corrupt chain metadata: %w", s.db.Path(), err)
	}
	sum := ristretto255.NewIdentityElement()
	tree, err := smt.New(smt.NewMemStore())
	if err != nil {
		return nil, err
	}
	var entries []smt.Entry
	n := 0
	err = snap.Iterate(prefixUTXO, func(k, v []byte) error {
		var id ledger.OutputID
		if len(k) != len(prefixUTXO)+len(id) {
			return fmt.Errorf("malformed utxo key %x", k)
		}
		copy(id[:], k[len(prefixUTXO):])
		u, err := decodeUTXO(id, v)
		if err != nil {
			return err
		}
		if got := ledger.ID(u.Output); got != id {
			return fmt.Errorf("utxo stored under %s hashes to %s", id, got)
		}
		c, err := ledger.Commitment(u.Output)
		if err != nil {
			return fmt.Errorf("utxo %s: %w", id, err)
		}
		sum.Add(sum, c.Element())
		entries = append(entries, smt.Entry{Key: id, Value: leafValue(v)})
		n++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state: audit of %s: %w", s.db.Path(), err)
	}
	spent := 0
	err = snap.Iterate(prefixSpent, func(k, v []byte) error {
		var id ledger.OutputID
		if len(k) != len(prefixSpent)+len(id) || len(v) != 8 {
			return fmt.Errorf("malformed spent record %x", k)
		}
		copy(id[:], k[len(prefixSpent):])
		if _, ok, err := snap.Get(utxoKey(id)); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("output %s is both unspent and spent", id)
		}
		entries = append(entries, smt.Entry{Key: id, Value: spentLeaf})
		spent++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state: audit of %s: %w", s.db.Path(), err)
	}
	if err := tree.Update(entries, nil); err != nil {
		return nil, fmt.Errorf("state: audit: rebuilding the tree: %w", err)
	}
	if tree.Root() != m.TreeRoot {
		return nil, fmt.Errorf("state: audit of %s: Merkle root of the UTXO and spent records %x differs from the committed root %x", s.db.Path(), tree.Root(), m.TreeRoot)
	}
	var recomputed [32]byte
	copy(recomputed[:], sum.Bytes())
	if recomputed != m.CommitSum {
		return nil, fmt.Errorf("state: audit of %s: the UTXO commitments sum to %x, the committed running sum is %x", s.db.Path(), recomputed, m.CommitSum)
	}
	if err := checkSupply(recomputed, m.Supply, m.Gamma); err != nil {
		return nil, fmt.Errorf("state: audit of %s: %w", s.db.Path(), err)
	}
	if err := auditStaking(snap, m); err != nil {
		return nil, fmt.Errorf("state: audit of %s: %w", s.db.Path(), err)
	}
	payloads, err := auditPayloads(snap)
	if err != nil {
		return nil, fmt.Errorf("state: audit of %s: %w", s.db.Path(), err)
	}
	return &AuditReport{Height: m.Height, Outputs: n, Spent: spent, Payloads: payloads, Supply: m.Supply, Burned: m.Burned, AppHash: m.AppHash()}, nil
}

// auditStaking checks the validator records against the metadata: their
// hash, the reward accounts, Σ rewards in the records, and each record's
// stake against the stake outputs bonded to it in the UTXO set.
func auditStaking(r store.Reader, m *Meta) error {
	vs, err := validators(r)
	if err != nil {
		return err
	}
	if len(vs) > 0 || m.ValidatorsHash != ([32]byte{}) {
		if h := validatorsHash(vs); h != m.ValidatorsHash {
			return fmt.Errorf("the validator records hash to %x, the committed hash is %x", h, m.ValidatorsHash)
		}
	}
	if err := m.checkRewards(); err != nil {
		return err
	}
	var rewards uint64
	stakes := map[[32]byte]uint64{}
	for _, v := range vs {
		rewards += v.Rewards
		stakes[v.Key] = 0
	}
	if rewards != m.Rewards {
		return fmt.Errorf("the validator records hold %d µSTG of rewards, the accounts say %d", rewards, m.Rewards)
	}
	err = r.Iterate(prefixUTXO, func(k, v []byte) error {
		var id ledger.OutputID
		copy(id[:], k[len(prefixUTXO):])
		u, err := decodeUTXO(id, v)
		if err != nil {
			return err
		}
		if so, ok := u.Output.(*ledger.StakeOutput); ok {
			stakes[so.Validator] += so.Amount
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, v := range vs {
		if stakes[v.Key] != v.Stake {
			return fmt.Errorf("validator %x records a stake of %d µSTG, its stake outputs hold %d", v.Key[:8], v.Stake, stakes[v.Key])
		}
	}
	return nil
}
