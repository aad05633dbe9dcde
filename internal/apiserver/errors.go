package apiserver

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
)

// walletError turns a wallet error into the JSON-RPC error a client can
// act on. Errors it does not know stay internal (logged, never sent).
func walletError(err error) error {
	var (
		funds   *wallet.InsufficientFundsError
		syncing *wallet.SyncingError
		reject  *wallet.RejectedError
	)
	code := 0
	var data any
	switch {
	case errors.As(err, &funds):
		code, data = api.CodeInsufficientFunds, api.InsufficientFundsData{Available: funds.Available, Needed: funds.Needed, Pending: funds.Pending}
	case errors.As(err, &syncing):
		code, data = api.CodeSyncing, syncing.Status
	case errors.As(err, &reject):
		code = api.CodeTxRejected
	case errors.Is(err, wallet.ErrWrongPassword):
		code = api.CodeWrongPassword
	case errors.Is(err, wallet.ErrLocked):
		code = api.CodeLocked
	case errors.Is(err, wallet.ErrAccountNotFound):
		code = api.CodeAccountNotFound
	case errors.Is(err, wallet.ErrAccountExists):
		code = api.CodeAccountExists
	case errors.Is(err, wallet.ErrViewOnly):
		code = api.CodeViewOnly
	case errors.Is(err, wallet.ErrInvalidAddress):
		code = api.CodeInvalidAddress
	case errors.Is(err, wallet.ErrInvalidPhrase):
		code = api.CodeInvalidPhrase
	case errors.Is(err, wallet.ErrInvalidProof):
		code = api.CodeInvalidProof
	case errors.Is(err, wallet.ErrStaking):
		code = api.CodeStaking
	case errors.Is(err, wallet.ErrNotFound), errors.Is(err, chainsrc.ErrNotFound):
		code = api.CodeNotFound
	case errors.Is(err, wallet.ErrEmptyPassword), errors.Is(err, wallet.ErrInvalidName), errors.Is(err, wallet.ErrInvalidAmount), errors.Is(err, wallet.ErrMemoTooLong):
		return rpcserver.InvalidParams("%s", err.Error())
	case errors.Is(err, chainsrc.ErrUnavailable):
		return &rpcserver.Error{Code: api.CodeNodeUnavailable, Message: "the wallet cannot reach its node: " + err.Error()}
	case errors.Is(err, wallet.ErrClosed):
		return &rpcserver.Error{Code: api.CodeNodeUnavailable, Message: "the wallet is shutting down"}
	default:
		return err
	}
	return &rpcserver.Error{Code: code, Message: err.Error(), Data: data}
}

// handle adapts a typed method to a rpcserver.Handler: absent params are
// an empty object, unknown fields and wrong types are -32602.
func handle[P, R any](fn func(context.Context, *P) (R, error)) rpcserver.Handler {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var p P
		if len(raw) == 0 || string(raw) == "null" {
			raw = json.RawMessage("{}")
		}
		if err := rpcserver.DecodeParams(raw, &p); err != nil {
			return nil, err
		}
		r, err := fn(ctx, &p)
		if err != nil {
			var re *rpcserver.Error
			if errors.As(err, &re) {
				return nil, re
			}
			return nil, walletError(err)
		}
		return r, nil
	}
}

// required fails with -32602 when a required string param is empty.
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return rpcserver.InvalidParams("%q is required", pairs[i])
		}
	}
	return nil
}
