package wallet

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/store"
)

// Database layout (all values JSON, sealed under the account's record key
// as seal.go describes; this is wallet-local data, not consensus data):
//
//	a/<account id>                 accountHeader: id, name and order in
//	                               clear, the accountRecord sealed
//	o/<account id>/<blinded id>    outputRecord: an unspent output
//	h/<account id>/<blinded id>    historyRecord (by transaction id)
//	s/<account id>/<blinded id>    outputRecord: a stake output, kept
//	                               after it is spent (owner keys)
//	d/<account id>/<blinded id>    dataRecord: a data output received
//	                               (data.go), kept until DeleteDataOutputs
//	r/<account id>/<blinded ns>/<blinded key>
//	                               appRecord: an application record
//	                               (records_app.go: bus outbox, chat)
//
// A store written before ADR 0017 has accountRecord values in clear under
// a/<account id> and the other records in clear under the output or
// transaction id itself; it is migrated on the account's first unlock
// (migrate.go).
const (
	prefixAccount = "a/"
	prefixOutput  = "o/"
	prefixHistory = "h/"
	prefixStake   = "s/"
)

// recKey names a record: its kind (prefix), account and id. The codec of
// the account makes the database key from it.
type recKey struct {
	prefix, acct, id string
}

func (k recKey) sep() string {
	if k.id == "" {
		return ""
	}
	return "/"
}

func (k recKey) String() string { return k.prefix + k.acct + k.sep() + k.id }

func accountKey(id string) recKey       { return recKey{prefixAccount, id, ""} }
func outputKey(acct, out string) recKey { return recKey{prefixOutput, acct, out} }
func historyKey(acct, tx string) recKey { return recKey{prefixHistory, acct, tx} }
func stakeRecordKey(acct, out string) recKey {
	return recKey{prefixStake, acct, out}
}
func outputPrefix(acct string) []byte      { return []byte(prefixOutput + acct + "/") }
func historyPrefix(acct string) []byte     { return []byte(prefixHistory + acct + "/") }
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

// accountHeader is the stored form of an account: what a locked account
// shows (its id, its name, its place in the account order) and the rest
// of its accountRecord sealed. Format 0 (absent) is a store from before
// ADR 0017: the value is the accountRecord in clear.
type accountHeader struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Seq    uint64 `json:"seq"`
	Format int    `json:"format,omitempty"`
	Sealed []byte `json:"sealed,omitempty"`
}

// formatSealed is the accountHeader format of ADR 0017.
const formatSealed = 1

// outputRecord is an unspent output an account owns.
type outputRecord struct {
	ID string `json:"id"`
	// TxID is the transaction that made it; empty for an output restored
	// from the UTXO set after its block was pruned (KindRestored).
	TxID   string `json:"txId"`
	Index  uint32 `json:"index"`
	Height int64  `json:"height"`
	Amount uint64 `json:"amount"`
	// Encoded is the output's core encoding (ledger.EncodeCore: a
	// confidential output's payload replaced by its hash), to spend it:
	// the core alone opens it (ADR 0020).
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
	// Salt is the random value mixed into the tx secrets of a payment
	// this account built (txSecret); nil for transactions built before
	// salts, whose secrets txbuilder.TxSecret derives.
	Salt []byte `json:"salt,omitempty"`
}

// recordStore is the wallet database seen through the accounts' codecs.
// db is replaced, under Service.mu, when a migration rewrites the store.
type recordStore struct {
	db   *store.DB
	ring *keyring
}

// recordBatch is a store.Batch seen through the accounts' codecs.
type recordBatch struct {
	b    *store.Batch
	ring *keyring
}

// recordReader is a recordStore or a recordBatch.
type recordReader interface {
	raw() store.Reader
	codecOf(acct string) (*codec, error)
}

var (
	_ recordReader = (*recordStore)(nil)
	_ recordReader = (*recordBatch)(nil)
)

func (r *recordStore) raw() store.Reader { return r.db }
func (r *recordStore) codecOf(acct string) (*codec, error) {
	return codecOf(r.ring, acct)
}

// NewBatch starts a batch of writes.
func (r *recordStore) NewBatch() *recordBatch { return &recordBatch{b: r.db.NewBatch(), ring: r.ring} }

func (b *recordBatch) raw() store.Reader { return b.b }
func (b *recordBatch) codecOf(acct string) (*codec, error) {
	return codecOf(b.ring, acct)
}

// Commit commits the batch (store.Batch.Commit).
func (b *recordBatch) Commit(sync bool) error { return b.b.Commit(sync) }

// Close discards the batch if not committed.
func (b *recordBatch) Close() { b.b.Close() }

func codecOf(ring *keyring, acct string) (*codec, error) {
	if c, ok := ring.get(acct); ok {
		return c, nil
	}
	return nil, fmt.Errorf("%w: the records of account %s are sealed until it is unlocked", ErrLocked, acct)
}

// getJSON reads record k into v; ok is false when it is absent.
func getJSON(r recordReader, k recKey, v any) (bool, error) {
	c, err := r.codecOf(k.acct)
	if err != nil {
		return false, err
	}
	dk := c.key(k)
	b, ok, err := r.raw().Get(dk)
	if err != nil || !ok {
		return false, err
	}
	return true, decodeRecord(c, dk, b, v)
}

// setJSON writes v as record k.
func setJSON(w *recordBatch, k recKey, v any) error {
	c, err := w.codecOf(k.acct)
	if err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dk := c.key(k)
	sealed, err := c.seal(dk, b)
	clear(b)
	if err != nil {
		return err
	}
	return w.b.Set(dk, sealed)
}

// deleteRecord removes record k.
func deleteRecord(w *recordBatch, k recKey) error {
	c, err := w.codecOf(k.acct)
	if err != nil {
		return err
	}
	return w.b.Delete(c.key(k))
}

// iterJSON calls fn for every record under prefix, one of the per-account
// prefixes (outputPrefix, historyPrefix, stakeRecordPrefix).
func iterJSON[T any](r recordReader, prefix []byte, fn func(*T) error) error {
	c, err := r.codecOf(prefixAccountID(prefix))
	if err != nil {
		return err
	}
	return r.raw().Iterate(prefix, func(k, v []byte) error {
		var rec T
		if err := decodeRecord(c, k, v, &rec); err != nil {
			return err
		}
		return fn(&rec)
	})
}

// prefixAccountID returns the account id of a "<kind>/<account id>/" prefix.
func prefixAccountID(prefix []byte) string {
	_, rest, _ := strings.Cut(string(prefix), "/")
	return strings.TrimSuffix(rest, "/")
}

func decodeRecord(c *codec, dk, v []byte, into any) error {
	pt, err := c.open(dk, v)
	if err != nil {
		return err
	}
	err = json.Unmarshal(pt, into)
	if !c.plain {
		clear(pt)
	}
	if err != nil {
		return fmt.Errorf("wallet: record %q: %w", dk, err)
	}
	return nil
}

// putAccount writes an account's record: sealed in its header, or in the
// old format while the account still has it.
func putAccount(w *recordBatch, rec *accountRecord) error {
	c, err := w.codecOf(rec.ID)
	if err != nil {
		return err
	}
	k := accountKey(rec.ID)
	dk := c.key(k)
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if c.plain {
		return w.b.Set(dk, body)
	}
	h := accountHeader{ID: rec.ID, Name: rec.Name, Seq: rec.Seq, Format: formatSealed}
	h.Sealed, err = c.seal(dk, body)
	clear(body)
	if err != nil {
		return err
	}
	b, err := json.Marshal(&h)
	if err != nil {
		return err
	}
	return w.b.Set(dk, b)
}

// openAccount decrypts the record in an account's header.
func openAccount(c *codec, h *accountHeader) (accountRecord, error) {
	var rec accountRecord
	dk := c.key(accountKey(h.ID))
	if err := decodeRecord(c, dk, h.Sealed, &rec); err != nil {
		return rec, err
	}
	if rec.ID != h.ID || rec.Name != h.Name || rec.Seq != h.Seq {
		return rec, fmt.Errorf("%w: the sealed record of account %s does not match its header", errSealed, h.ID)
	}
	return rec, nil
}

// loadedAccount is an account as Open finds it in the database.
type loadedAccount struct {
	header accountHeader
	// rec is the whole record of an account in the old format, or the
	// header's id, name and order of a sealed one.
	rec accountRecord
}

// loadAccounts reads every account header.
func loadAccounts(r store.Reader) ([]loadedAccount, error) {
	var out []loadedAccount
	err := r.Iterate([]byte(prefixAccount), func(k, v []byte) error {
		var l loadedAccount
		if err := json.Unmarshal(v, &l.header); err != nil {
			return fmt.Errorf("wallet: record %q: %w", k, err)
		}
		switch l.header.Format {
		case 0:
			if err := json.Unmarshal(v, &l.rec); err != nil {
				return fmt.Errorf("wallet: record %q: %w", k, err)
			}
		case formatSealed:
			l.rec = accountRecord{ID: l.header.ID, Name: l.header.Name, Seq: l.header.Seq}
		default:
			return fmt.Errorf("wallet: record %q has format %d, from a newer version of this program", k, l.header.Format)
		}
		if l.rec.ID == "" || string(k) != prefixAccount+l.rec.ID {
			return fmt.Errorf("wallet: record %q names account %q", k, l.rec.ID)
		}
		out = append(out, l)
		return nil
	})
	return out, err
}
