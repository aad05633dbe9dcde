package apiserver

import (
	"context"
	"fmt"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
)

// accountDoc documents the account param most wallet methods take.
var accountDoc = map[string]string{"account": "account name or id; the first account when omitted"}

// RegisterWallet registers the wallet.* methods of w on srv. At most
// MaxKeyDerivations of the calls that derive a key from a password run at
// once; the others are answered api.CodeBusy.
func RegisterWallet(srv *rpcserver.Server, w *wallet.Service) {
	registerKeyMethods(srv, w, newKDFGate(MaxKeyDerivations))
	registerAccounts(srv, w)
	registerAccountState(srv, w)
	registerPayments(srv, w)
	RegisterProofs(srv, w)
}

// registerKeyMethods registers the methods that derive a key from a
// password, each run through kdf.
func registerKeyMethods(srv *rpcserver.Server, w keyWallet, kdf *kdfGate) {
	registerNewAccounts(srv, w, kdf)
	registerPasswordChecks(srv, w, kdf)
}

// registerNewAccounts registers wallet.createAccount,
// wallet.recoverAccount and wallet.importViewOnly.
func registerNewAccounts(srv *rpcserver.Server, w keyWallet, kdf *kdfGate) {
	srv.Register(api.MethodWalletCreateAccount, handle(func(ctx context.Context, p *api.CreateAccountParams) (api.CreateAccountResult, error) {
		if err := required("name", p.Name, "password", p.Password); err != nil {
			return api.CreateAccountResult{}, err
		}
		return runKDF(kdf, func() (api.CreateAccountResult, error) {
			acc, phrase, err := w.CreateAccount(ctx, p.Name, p.Password)
			return api.CreateAccountResult{Account: acc, Phrase: phrase}, err
		})
	}), rpcserver.MethodSpec{
		Summary:     "Creates an account with a new 24-word recovery phrase",
		Description: "The phrase is returned once and never again: write it down. The account starts unlocked.",
		Params:      paramsOf(api.CreateAccountParams{}, map[string]string{"name": "a unique name: letters, digits, - _ . @", "password": "encrypts the account's keys (argon2id)"}),
		Result:      result("account", api.CreateAccountResult{}),
		Errors:      errs(api.CodeAccountExists, api.CodeBusy),
	})

	srv.Register(api.MethodWalletRecoverAccount, handle(func(ctx context.Context, p *api.RecoverAccountParams) (api.Account, error) {
		if err := required("name", p.Name, "phrase", p.Phrase, "password", p.Password); err != nil {
			return api.Account{}, err
		}
		return runKDF(kdf, func() (api.Account, error) { return w.RecoverAccount(ctx, p.Name, p.Phrase, p.Password) })
	}), rpcserver.MethodSpec{
		Summary:     "Restores an account from its recovery phrase",
		Description: "The account rescans the chain from the first block; follow the progress with wallet.syncStatus or the wallet.sync topic.",
		Params:      paramsOf(api.RecoverAccountParams{}, nil),
		Result:      result("account", api.Account{}),
		Errors:      errs(api.CodeInvalidPhrase, api.CodeAccountExists, api.CodeBusy),
	})

	srv.Register(api.MethodWalletImportViewOnly, handle(func(ctx context.Context, p *api.ImportViewOnlyParams) (api.Account, error) {
		if err := required("name", p.Name, "address", p.Address, "viewKey", p.ViewKey, "password", p.Password); err != nil {
			return api.Account{}, err
		}
		return runKDF(kdf, func() (api.Account, error) { return w.ImportViewOnly(ctx, p.Name, p.Address, p.ViewKey, p.Password) })
	}), rpcserver.MethodSpec{
		Summary:     "Imports a view-only account (address and secret view key)",
		Description: "It sees incoming payments and cannot spend. It rescans the chain from the first block.",
		Params:      paramsOf(api.ImportViewOnlyParams{}, map[string]string{"viewKey": "the secret view key, 64 hex digits"}),
		Result:      result("account", api.Account{}),
		Errors:      errs(api.CodeInvalidAddress, api.CodeAccountExists, api.CodeBusy),
	})
}

// registerPasswordChecks registers wallet.unlock,
// wallet.changePassword, wallet.deleteAccount and wallet.viewKey.
func registerPasswordChecks(srv *rpcserver.Server, w keyWallet, kdf *kdfGate) {
	srv.Register(api.MethodWalletUnlock, handle(func(_ context.Context, p *api.UnlockParams) (api.Account, error) {
		if err := required("password", p.Password); err != nil {
			return api.Account{}, err
		}
		return runKDF(kdf, func() (api.Account, error) { return w.Unlock(p.Account, p.Password) })
	}), rpcserver.MethodSpec{
		Summary:     "Unlocks an account: it scans, and can spend until wallet.lock",
		Description: "After a node restart every account is locked and scanning is paused until it is unlocked.",
		Params:      paramsOf(api.UnlockParams{}, accountDoc),
		Result:      result("account", api.Account{}),
		Errors:      errs(api.CodeWrongPassword, api.CodeAccountNotFound, api.CodeBusy),
	})

	srv.Register(api.MethodWalletChangePassword, handle(func(_ context.Context, p *api.ChangePasswordParams) (bool, error) {
		if err := required("password", p.Password, "newPassword", p.NewPassword); err != nil {
			return false, err
		}
		return runKDF(kdf, func() (bool, error) { return true, w.ChangePassword(p.Account, p.Password, p.NewPassword) })
	}), rpcserver.MethodSpec{
		Summary: "Re-encrypts an account's keys under a new password",
		Params:  paramsOf(api.ChangePasswordParams{}, accountDoc),
		Result:  result("ok", true),
		Errors:  errs(api.CodeWrongPassword, api.CodeAccountNotFound, api.CodeBusy),
	})

	srv.Register(api.MethodWalletDeleteAccount, handle(func(_ context.Context, p *api.DeleteAccountParams) (api.DeleteAccountResult, error) {
		if err := required("account", p.Account, "password", p.Password); err != nil {
			return api.DeleteAccountResult{}, err
		}
		return runKDF(kdf, func() (api.DeleteAccountResult, error) {
			trash, err := w.DeleteAccount(p.Account, p.Password)
			return api.DeleteAccountResult{Trash: trash}, err
		})
	}), rpcserver.MethodSpec{
		Summary:     "Deletes an account: its key file and records move to the wallet's trash",
		Description: "Nothing is destroyed: the trash directory keeps the encrypted key file and an export of the account's records.",
		Params:      paramsOf(api.DeleteAccountParams{}, nil),
		Result:      result("result", api.DeleteAccountResult{}),
		Errors:      errs(api.CodeWrongPassword, api.CodeAccountNotFound, api.CodeBusy),
	})

	srv.Register(api.MethodWalletViewKey, handle(func(_ context.Context, p *api.ViewKeyParams) (api.ViewKeyResult, error) {
		if err := required("password", p.Password); err != nil {
			return api.ViewKeyResult{}, err
		}
		return runKDF(kdf, func() (api.ViewKeyResult, error) { return w.ViewKey(p.Account, p.Password) })
	}), rpcserver.MethodSpec{
		Summary:     "Exports an account's secret view key, for a view-only account elsewhere",
		Description: "The view key reveals every payment to the account (amounts, memos) but cannot spend. The password confirms the export.",
		Params:      paramsOf(api.ViewKeyParams{}, accountDoc),
		Result:      result("viewKey", api.ViewKeyResult{}),
		Errors:      errs(api.CodeWrongPassword, api.CodeAccountNotFound, api.CodeBusy),
	})
}

// registerAccounts registers wallet.listAccounts, wallet.lock and
// wallet.address.
func registerAccounts(srv *rpcserver.Server, w *wallet.Service) {
	srv.Register(api.MethodWalletListAccounts, handle(func(context.Context, *struct{}) ([]api.Account, error) {
		accs := w.Accounts()
		if accs == nil {
			accs = []api.Account{}
		}
		return accs, nil
	}), rpcserver.MethodSpec{
		Summary: "Lists the accounts, oldest first",
		Result:  result("accounts", []api.Account{}),
	})

	srv.Register(api.MethodWalletLock, handle(func(_ context.Context, p *api.AccountParams) (api.Account, error) {
		return w.Lock(p.Account)
	}), rpcserver.MethodSpec{
		Summary:     "Locks an account: its spend key is forgotten",
		Description: "The view key stays in memory so the account keeps scanning until the node stops.",
		Params:      paramsOf(api.AccountParams{}, accountDoc),
		Result:      result("account", api.Account{}),
		Errors:      errs(api.CodeAccountNotFound),
	})

	srv.Register(api.MethodWalletAddress, handle(func(_ context.Context, p *api.AccountParams) (api.AddressResult, error) {
		acc, err := w.Account(p.Account)
		if err == nil && acc.Address == "" {
			// Locked since the node started: the address is sealed at rest.
			err = fmt.Errorf("%w: account %s: its address is encrypted until it is unlocked", wallet.ErrLocked, acc.Name)
		}
		return api.AddressResult{Account: acc.ID, Address: acc.Address}, err
	}), rpcserver.MethodSpec{
		Summary: "Returns an account's address",
		Params:  paramsOf(api.AccountParams{}, accountDoc),
		Result:  result("address", api.AddressResult{}),
		Errors:  errs(api.CodeAccountNotFound, api.CodeLocked),
	})
}

// registerAccountState registers wallet.balance, wallet.syncStatus
// and wallet.history.
func registerAccountState(srv *rpcserver.Server, w *wallet.Service) {
	srv.Register(api.MethodWalletBalance, handle(func(ctx context.Context, p *api.AccountParams) (api.Balance, error) {
		return w.Balance(ctx, p.Account)
	}), rpcserver.MethodSpec{
		Summary:     "Returns an account's balance: available, pending and locked µSTG",
		Description: "Fails with 'wallet still syncing' (and the progress as data) until the account has scanned the latest block.",
		Params:      paramsOf(api.AccountParams{}, accountDoc),
		Result:      result("balance", api.Balance{}),
		Errors:      errs(api.CodeSyncing, api.CodeLocked, api.CodeAccountNotFound),
	})

	srv.Register(api.MethodWalletSyncStatus, handle(func(ctx context.Context, p *api.AccountParams) (api.SyncStatus, error) {
		return w.SyncStatus(ctx, p.Account)
	}), rpcserver.MethodSpec{
		Summary: "Reports how far an account has scanned the chain",
		Params:  paramsOf(api.AccountParams{}, accountDoc),
		Result:  result("status", api.SyncStatus{}),
		Errors:  errs(api.CodeAccountNotFound),
	})

	srv.Register(api.MethodWalletHistory, handle(func(_ context.Context, p *api.HistoryParams) ([]api.HistoryEntry, error) {
		if p.Limit < 0 || p.Offset < 0 {
			return nil, rpcserver.InvalidParams("limit and offset must not be negative")
		}
		return w.History(p.Account, p.Limit, p.Offset)
	}), rpcserver.MethodSpec{
		Summary: "Lists an account's transactions, newest first",
		Params:  paramsOf(api.HistoryParams{}, accountDoc),
		Result:  result("entries", []api.HistoryEntry{}),
		Errors:  errs(api.CodeAccountNotFound),
	})
}

// registerPayments registers wallet.send and wallet.estimateFee.
func registerPayments(srv *rpcserver.Server, w *wallet.Service) {
	srv.Register(api.MethodWalletSend, handle(func(ctx context.Context, p *api.SendParams) (api.SendResult, error) {
		if err := required("to", p.To); err != nil {
			return api.SendResult{}, err
		}
		return w.Send(ctx, wallet.SendRequest{Account: p.Account, To: p.To, Amount: p.Amount, Memo: p.Memo, Fee: p.Fee})
	}), rpcserver.MethodSpec{
		Summary:     "Sends a private payment",
		Description: "Amounts in µSTG; fee 0 pays the minimum. The transaction is pending until a block includes it; follow it with wallet.history or the wallet.txStatus topic.",
		Params: paramsOf(api.SendParams{}, map[string]string{
			"account": accountDoc["account"], "to": "the recipient's address", "amount": "µSTG to pay",
			"memo": "a private note only the recipient can read (at most 453 bytes)", "fee": "µSTG; 0 or absent: the minimum",
		}),
		Result: result("result", api.SendResult{}),
		Errors: errs(api.CodeInsufficientFunds, api.CodeInvalidAddress, api.CodeLocked, api.CodeViewOnly, api.CodeSyncing, api.CodeTxRejected, api.CodeAccountNotFound),
	})

	srv.Register(api.MethodWalletEstimateFee, handle(func(ctx context.Context, p *api.EstimateFeeParams) (api.FeeEstimate, error) {
		return w.EstimateFee(ctx, p.Account, p.Amount)
	}), rpcserver.MethodSpec{
		Summary:     "Estimates the fee of a payment",
		Description: "The fee and inputs wallet.send would use now for the amount (coins largest first; the minimum fee for the size). The account need not be unlocked.",
		Params:      paramsOf(api.EstimateFeeParams{}, nil),
		Result:      result("estimate", api.FeeEstimate{}),
		Errors:      errs(api.CodeInsufficientFunds, api.CodeSyncing, api.CodeLocked, api.CodeAccountNotFound),
	})
}

// errs lists error codes for a MethodSpec.
func errs(codes ...int) []rpcserver.ErrorSpec {
	out := make([]rpcserver.ErrorSpec, len(codes))
	for i, c := range codes {
		out[i] = rpcserver.ErrorSpec{Code: c, Message: errorMessages[c]}
	}
	return out
}

// errorMessages are the generic messages of the codes in the OpenRPC
// document; actual errors carry a specific message.
var errorMessages = map[int]string{
	api.CodeWrongPassword:     "wrong password",
	api.CodeLocked:            "account is locked",
	api.CodeAccountNotFound:   "no such account",
	api.CodeAccountExists:     "account already exists",
	api.CodeInsufficientFunds: "insufficient funds",
	api.CodeInvalidAddress:    "invalid address",
	api.CodeSyncing:           "wallet still syncing",
	api.CodeViewOnly:          "a view-only account cannot spend",
	api.CodeNotFound:          "not found",
	api.CodeTxRejected:        "the node rejected the transaction",
	api.CodeInvalidPhrase:     "invalid recovery phrase",
	api.CodeInvalidProof:      "invalid payment proof",
	api.CodeNodeUnavailable:   "node unavailable",
	api.CodeBusy:              "busy: too many password checks at once; try again in a moment",
	api.CodePacketTooLarge:    "packet too large",
	api.CodeInvalidApp:        "invalid app name",
	api.CodeNotAllowed:        "not allowed",
}

// RegisterProofs registers wallet.paymentProof and wallet.verifyPaymentProof.
func RegisterProofs(srv *rpcserver.Server, w *wallet.Service) {
	srv.Register(api.MethodWalletPaymentProof, handle(func(ctx context.Context, p *api.PaymentProofParams) (api.PaymentProof, error) {
		if err := required("txId", p.TxID); err != nil {
			return api.PaymentProof{}, err
		}
		return w.PaymentProof(ctx, p.Account, p.TxID, p.Index)
	}), rpcserver.MethodSpec{
		Summary:     "Proves a payment this account made",
		Description: "Returns a token (stgproof1…) that shows, to anyone who checks it with wallet.verifyPaymentProof, that the output at index of the transaction pays amount to address. It reveals that payment's amount and memo, nothing else. The account must be unlocked.",
		Params:      paramsOf(api.PaymentProofParams{}, map[string]string{"index": "the output to prove; the first payment when omitted"}),
		Result:      result("proof", api.PaymentProof{}),
		Errors:      errs(api.CodeNotFound, api.CodeLocked, api.CodeAccountNotFound),
	})
	srv.Register(api.MethodWalletVerifyPaymentProof, handle(func(ctx context.Context, p *api.VerifyPaymentProofParams) (api.PaymentProofCheck, error) {
		if err := required("proof", p.Proof); err != nil {
			return api.PaymentProofCheck{}, err
		}
		return w.VerifyPaymentProof(ctx, p.Proof)
	}), rpcserver.MethodSpec{
		Summary:     "Checks a payment proof against the chain",
		Description: "Needs no account: the transaction must be in a block; the result says who was paid how much, with the memo.",
		Params:      paramsOf(api.VerifyPaymentProofParams{}, nil),
		Result:      result("check", api.PaymentProofCheck{}),
		Errors:      errs(api.CodeInvalidProof, api.CodeNotFound),
	})
	registerWalletStaking(srv, w)
}
