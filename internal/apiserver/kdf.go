package apiserver

import (
	"context"
	"fmt"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
)

// MaxKeyDerivations is how many wallet calls that derive a key from a
// password (argon2id: 64 MiB and most of a second of CPU each) may run at
// once: wallet.createAccount, recoverAccount, importViewOnly, unlock,
// changePassword, deleteAccount and viewKey.
const MaxKeyDerivations = 2

// keyWallet is the part of the wallet behind the methods that derive a key
// from a password (*wallet.Service).
type keyWallet interface {
	CreateAccount(ctx context.Context, name, password string) (api.Account, string, error)
	RecoverAccount(ctx context.Context, name, phrase, password string) (api.Account, error)
	ImportViewOnly(ctx context.Context, name, address, viewKey, password string) (api.Account, error)
	Unlock(ref, password string) (api.Account, error)
	ChangePassword(ref, old, new string) error
	DeleteAccount(ref, password string) (string, error)
	ViewKey(ref, password string) (api.ViewKeyResult, error)
}

// kdfGate admits a bounded number of key derivations at once. A call over
// the bound is refused at once with api.CodeBusy rather than queued, so a
// flood of unlock calls holds neither memory nor goroutines.
type kdfGate struct {
	slots chan struct{}
}

func newKDFGate(limit int) *kdfGate {
	return &kdfGate{slots: make(chan struct{}, max(limit, 1))}
}

// runKDF calls fn, which derives a key, if g has a free slot, and fails
// with api.CodeBusy otherwise. The slot is given back when fn returns or
// panics.
func runKDF[R any](g *kdfGate, fn func() (R, error)) (R, error) {
	select {
	case g.slots <- struct{}{}:
		defer func() { <-g.slots }()
		return fn()
	default:
		var zero R
		return zero, &rpcserver.Error{Code: api.CodeBusy, Message: fmt.Sprintf(
			"busy: %d password checks (argon2id) are running, the most this node runs at once; try again in a moment", cap(g.slots))}
	}
}
