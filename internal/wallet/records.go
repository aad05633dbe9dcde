package wallet

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/store"
)

// Database layout (all values JSON; this is wallet-local data, not
// consensus data):
//
//	a/<account id>                  accountRecord
//	o/<account id>/<output id hex>  outputRecord: an unspent output
//	h/<account id>/<tx id hex>      historyRecord
//	s/<account id>/<output id hex>  outputRecord: a stake output, kept
//	                                after it is spent (owner keys)
const (
	prefixAccount = "a/"
	prefixOutput  = "o/"
	prefixHistory = "h/"
	prefixStake   = "s/"
)

func accountKey(id string) []byte       { return []byte(prefixAccount + id) }
func outputKey(acct, out string) []byte { return []byte(prefixOutput + acct + "/" + out) }
func outputPrefix(acct string) []byte   { return []byte(prefixOutput + acct + "/") }
func historyKey(acct, tx string) []byte { return []byte(prefixHistory + acct + "/" + tx) }
func historyPrefix(acct string) []byte  { return []byte(prefixHistory + acct + "/") }
func stakeRecordKey(acct, out string) []byte {
	return []byte(prefixStake + acct + "/" + out)
}
func stakeRecordPrefix(acct string) []byte { return []byte(prefixStake + acct + "/") }

// accountRecord is what the database keeps about an account.
type accountRecord struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Address  string    `json:"address"`
	Created  time.Time `json:"created"`
	ViewOnly bool      `json:"viewOnly"`
	// Seq orders accounts by creation; the first is the default.
	Seq uint64 `json:"seq"`
	// ScannedHeight and ScannedHash are the last block scanned.
	ScannedHeight int64  `json:"scannedHeight"`
	ScannedHash   string `json:"scannedHash"`
	// GenesisScanned is set once the genesis allocations were scanned
	// (accounts created after genesis skip them).
	GenesisScanned bool `json:"genesisScanned"`
	// NextTxSeq numbers history entries.
	NextTxSeq uint64 `json:"nextTxSeq"`
}

// outputRecord is an unspent output an account owns.
type outputRecord struct {
	ID     string `json:"id"`
	TxID   string `json:"txId"`
	Index  uint32 `json:"index"`
	Height int64  `json:"height"`
	Amount uint64 `json:"amount"`
	// Encoded is the output's canonical encoding, to spend it.
	Encoded []byte `json:"encoded"`
	// ReservedBy is the pending transaction spending it, if any.
	ReservedBy string `json:"reservedBy,omitempty"`
	// Stake marks a stake output: bonded to a validator, not spendable by
	// payments.
	Stake bool `json:"stake,omitempty"`
}

// historyRecord is a history entry with what the wallet needs to follow a
// transaction it sent.
type historyRecord struct {
	api.HistoryEntry
	Seq uint64 `json:"seq"`
	// Tx is the encoded transaction while it is pending (to resubmit it).
	Tx []byte `json:"tx,omitempty"`
	// Inputs are the outputs the transaction spends (ours, when we sent it).
	Inputs []string `json:"inputs,omitempty"`
	// Change is the amount coming back to us (pending balance).
	Change uint64 `json:"change,omitempty"`
	// SubmittedAt is the chain height at the last submission.
	SubmittedAt int64 `json:"submittedAt,omitempty"`
}

// getJSON reads key into v; ok is false when the key is absent.
func getJSON(r store.Reader, key []byte, v any) (bool, error) {
	b, ok, err := r.Get(key)
	if err != nil || !ok {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("wallet: record %q: %w", key, err)
	}
	return true, nil
}

// setJSON writes v under key.
func setJSON(w store.Writer, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return w.Set(key, b)
}

// iterJSON calls fn for every record under prefix.
func iterJSON[T any](r store.Reader, prefix []byte, fn func(*T) error) error {
	return r.Iterate(prefix, func(k, v []byte) error {
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("wallet: record %q: %w", k, err)
		}
		return fn(&rec)
	})
}
