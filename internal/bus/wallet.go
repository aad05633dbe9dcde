package bus

import (
	"context"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// Wallet is what the bus needs of the wallet (implemented by
// *wallet.Service). Account names an account by name or id ("" is the
// first); records are sealed at rest with the account's other records.
type Wallet interface {
	// ParseAddress parses an address of the wallet's network.
	ParseAddress(text string) (stealth.Address, error)
	// Account describes an account; Accounts lists them all.
	Account(ref string) (api.Account, error)
	Accounts() []api.Account
	// Balance returns an account's balance (for the fee check before a
	// packet of several transactions is sent).
	Balance(ctx context.Context, ref string) (api.Balance, error)
	// SendData sends chunks (at most MaxFragmentsPerTx, each at most
	// payload.MaxDataSize bytes) to to as the zero-value data outputs of
	// one transaction.
	SendData(ctx context.Context, account string, to stealth.Address, chunks [][]byte) (ledger.TxID, error)
	// DataOutputs returns the data outputs an account received in blocks
	// at or above sinceHeight, in chain order.
	DataOutputs(account string, sinceHeight int64) ([]DataOutput, error)
	// SetDataHandler sets the function called with the data outputs an
	// account receives as the wallet scans blocks.
	SetDataHandler(fn func(account string, outs []DataOutput))
	// SignData signs msg under tag with the account's spend key and
	// returns the signature and the account's address.
	SignData(account, tag string, msg []byte) (sig [64]byte, from stealth.Address, err error)
	// PutRecord, GetRecord, DeleteRecord and ForEachRecord keep an
	// account's records in namespace ns.
	PutRecord(account, ns string, key, value []byte) error
	GetRecord(account, ns string, key []byte) ([]byte, bool, error)
	DeleteRecord(account, ns string, key []byte) error
	ForEachRecord(account, ns string, prefix []byte, fn func(key, value []byte) error) error
}
