package state

import (
	"encoding/binary"
	"fmt"

	"github.com/stegos-go/stegos/internal/store"
	"github.com/stegos-go/stegos/ledger"
)

// Payloads and the transaction index of the retention window (ADR 0020).
// Neither is in the app hash: a payload is authenticated by its hash in the
// output's core (and so by the output id), and the index is derived from
// the blocks. Both are kept for params.PayloadRetention blocks after the
// block that wrote them and then deleted by every node alike.
var (
	// p/ ‖ height ‖ output id → sealed payload
	prefixPayload = []byte("p/")
	// i/ ‖ tx id → height ‖ position among the block's accepted txs
	prefixTxIndex = []byte("i/")
	// j/ ‖ height ‖ position → tx id, to expire i/ by height
	prefixTxByHeight = []byte("j/")
)

func heightKey(prefix []byte, height int64, rest []byte) []byte {
	k := make([]byte, 0, len(prefix)+8+len(rest))
	k = append(k, prefix...)
	k = binary.BigEndian.AppendUint64(k, uint64(height))
	return append(k, rest...)
}

func payloadKey(height int64, id ledger.OutputID) []byte {
	return heightKey(prefixPayload, height, id[:])
}

// Payload returns the sealed payload of the output id that block height
// created, if this node still keeps it (the retention window has not
// passed).
func (s *State) Payload(height int64, id ledger.OutputID) ([]byte, bool, error) {
	b, ok, err := s.db.Get(payloadKey(height, id))
	if err != nil || !ok {
		return nil, false, err
	}
	if len(b) != ledger.PayloadSize {
		return nil, false, fmt.Errorf("state: payload of %s has %d bytes", id, len(b))
	}
	return b, true, nil
}

// TxLocation returns the block and the position among its accepted
// transactions of the transaction id, if it is within the retention window.
func (s *State) TxLocation(id ledger.TxID) (height int64, pos uint32, ok bool, err error) {
	b, ok, err := s.db.Get(append(append([]byte{}, prefixTxIndex...), id[:]...))
	if err != nil || !ok {
		return 0, 0, false, err
	}
	if len(b) != 12 {
		return 0, 0, false, fmt.Errorf("state: index record of tx %s has %d bytes", id, len(b))
	}
	return int64(binary.BigEndian.Uint64(b)), binary.BigEndian.Uint32(b[8:]), true, nil
}

// indexTx stages the index record of the accepted transaction id at
// position pos of the block.
func (b *Block) indexTx(id ledger.TxID, pos uint32) error {
	v := binary.BigEndian.AppendUint64(make([]byte, 0, 12), uint64(b.meta.Height))
	v = binary.BigEndian.AppendUint32(v, pos)
	if err := b.batch.Set(append(append([]byte{}, prefixTxIndex...), id[:]...), v); err != nil {
		return err
	}
	return b.batch.Set(heightKey(prefixTxByHeight, b.meta.Height, binary.BigEndian.AppendUint32(nil, pos)), id[:])
}

// Expire stages deleting the payloads and the transaction index records of
// every block up to and including through, and returns how many payloads
// go. The app calls it with through = height − PayloadRetention at every
// block, so each call deletes one block's worth.
func (b *Block) Expire(through int64) (int, error) {
	if through < 0 {
		return 0, nil
	}
	upper := heightKey(prefixPayload, through+1, nil)
	var keys [][]byte
	if err := b.batch.IterateRange(prefixPayload, upper, func(k, _ []byte) error {
		keys = append(keys, k)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("state: expiring payloads through block %d: %w", through, err)
	}
	n := len(keys)
	b.expired = through
	if err := b.batch.IterateRange(prefixTxByHeight, heightKey(prefixTxByHeight, through+1, nil), func(k, v []byte) error {
		keys = append(keys, k, append(append([]byte{}, prefixTxIndex...), v...))
		return nil
	}); err != nil {
		return 0, fmt.Errorf("state: expiring the tx index through block %d: %w", through, err)
	}
	for _, k := range keys {
		if err := b.batch.Delete(k); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// defaultCompactEvery is how often (in blocks) Commit starts a compaction
// of the expired ranges unless SetCompactEvery says otherwise.
const defaultCompactEvery = 100

// SetCompactEvery sets how often, in blocks, Commit compacts the expired
// payloads off the disk (100 by default). Call it before the first block.
func (s *State) SetCompactEvery(blocks int64) {
	s.compactEvery = max(blocks, 1)
}

// compactInBackground runs CompactExpired(through) unless one is running.
// Close waits for it.
func (s *State) compactInBackground(through int64) {
	if !s.compacting.CompareAndSwap(false, true) {
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer s.compacting.Store(false)
		if err := s.CompactExpired(through); err != nil {
			if s.log != nil {
				s.log.Warn("compacting expired payloads", "through", through, "err", err)
			}
		}
	}()
}

// CompactExpired rewrites the store's files over the payloads and index
// records of blocks up to through, so that the expired bytes leave the disk
// (a deletion alone leaves them in the tables until pebble compacts them).
func (s *State) CompactExpired(through int64) error {
	for _, p := range [][]byte{prefixPayload, prefixTxByHeight} {
		if err := s.db.Compact(p, heightKey(p, through+1, nil)); err != nil {
			return err
		}
	}
	// Index records are keyed by tx id, spread over the whole i/ range.
	return s.db.Compact(prefixTxIndex, []byte("i0"))
}

// auditPayloads checks every kept payload: its size, and, while its output
// is unspent, that the output was created at the height of the key and
// that the payload hashes to the hash in the output's core. It returns
// how many there are.
func auditPayloads(r store.Reader) (int, error) {
	n := 0
	err := r.Iterate(prefixPayload, func(k, v []byte) error {
		var id ledger.OutputID
		if len(k) != len(prefixPayload)+8+len(id) {
			return fmt.Errorf("malformed payload key %x", k)
		}
		height := int64(binary.BigEndian.Uint64(k[len(prefixPayload):]))
		copy(id[:], k[len(prefixPayload)+8:])
		if len(v) != ledger.PayloadSize {
			return fmt.Errorf("payload of %s has %d bytes", id, len(v))
		}
		n++
		u, ok, err := getUTXO(r, id)
		if err != nil || !ok {
			return err // a spent output's payload has nothing to match
		}
		co, isConf := u.Output.(*ledger.ConfidentialOutput)
		switch {
		case !isConf:
			return fmt.Errorf("payload kept for %s output %s", u.Output.Type(), id)
		case u.Height != height:
			return fmt.Errorf("payload of %s kept under block %d, the output is from block %d", id, height, u.Height)
		case co.PayloadHash() != ledger.HashPayload(v):
			return fmt.Errorf("payload of %s does not hash to the hash in its core", id)
		}
		return nil
	})
	return n, err
}
