package client

import (
	"context"
	"encoding/json"

	"github.com/stegos-go/stegos/api"
)

// The typed methods below follow one rule: a method with one parameter
// takes it directly, a method with more takes the api params struct. An
// empty account means the first account (the oldest).

// NodeStatus calls node.status.
func (c *Client) NodeStatus(ctx context.Context) (*api.NodeStatus, error) {
	return call[api.NodeStatus](ctx, c, api.MethodNodeStatus, nil)
}

// Block calls chain.block; height 0 means the latest block.
func (c *Client) Block(ctx context.Context, height int64) (*api.Block, error) {
	return call[api.Block](ctx, c, api.MethodChainBlock, api.BlockParams{Height: height})
}

// Tx calls chain.tx for the transaction with id (64 hex digits).
func (c *Client) Tx(ctx context.Context, id string) (*api.Tx, error) {
	return call[api.Tx](ctx, c, api.MethodChainTx, api.TxParams{ID: id})
}

// Validators calls chain.validators.
func (c *Client) Validators(ctx context.Context) (*api.Validators, error) {
	return call[api.Validators](ctx, c, api.MethodChainValidators, nil)
}

// AwardPool calls chain.awardPool.
func (c *Client) AwardPool(ctx context.Context) (*api.AwardPool, error) {
	return call[api.AwardPool](ctx, c, api.MethodChainAwardPool, nil)
}

// Awards calls chain.awards: the most recent limit draws (0: the default).
func (c *Client) Awards(ctx context.Context, limit int) ([]api.Award, error) {
	res, err := call[[]api.Award](ctx, c, api.MethodChainAwards, api.AwardsParams{Limit: limit})
	if err != nil {
		return nil, err
	}
	return *res, nil
}

// CreateAccount calls wallet.createAccount. The result holds the recovery
// phrase, which the node never shows again.
func (c *Client) CreateAccount(ctx context.Context, p api.CreateAccountParams) (*api.CreateAccountResult, error) {
	return call[api.CreateAccountResult](ctx, c, api.MethodWalletCreateAccount, p)
}

// RecoverAccount calls wallet.recoverAccount. The account then rescans the
// chain; SyncStatus and SubscribeSync report its progress.
func (c *Client) RecoverAccount(ctx context.Context, p api.RecoverAccountParams) (*api.Account, error) {
	return call[api.Account](ctx, c, api.MethodWalletRecoverAccount, p)
}

// ImportViewOnly calls wallet.importViewOnly.
func (c *Client) ImportViewOnly(ctx context.Context, p api.ImportViewOnlyParams) (*api.Account, error) {
	return call[api.Account](ctx, c, api.MethodWalletImportViewOnly, p)
}

// ListAccounts calls wallet.listAccounts; the first account is the oldest.
func (c *Client) ListAccounts(ctx context.Context) ([]api.Account, error) {
	var out []api.Account
	if err := c.Call(ctx, api.MethodWalletListAccounts, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Unlock calls wallet.unlock and returns the unlocked account.
func (c *Client) Unlock(ctx context.Context, p api.UnlockParams) (*api.Account, error) {
	return call[api.Account](ctx, c, api.MethodWalletUnlock, p)
}

// Lock calls wallet.lock and returns the locked account.
func (c *Client) Lock(ctx context.Context, account string) (*api.Account, error) {
	return call[api.Account](ctx, c, api.MethodWalletLock, api.AccountParams{Account: account})
}

// ChangePassword calls wallet.changePassword.
func (c *Client) ChangePassword(ctx context.Context, p api.ChangePasswordParams) error {
	return c.Call(ctx, api.MethodWalletChangePassword, p, nil)
}

// DeleteAccount calls wallet.deleteAccount; the account's files move to the
// wallet's trash directory.
func (c *Client) DeleteAccount(ctx context.Context, p api.DeleteAccountParams) (*api.DeleteAccountResult, error) {
	return call[api.DeleteAccountResult](ctx, c, api.MethodWalletDeleteAccount, p)
}

// Address calls wallet.address.
func (c *Client) Address(ctx context.Context, account string) (*api.AddressResult, error) {
	return call[api.AddressResult](ctx, c, api.MethodWalletAddress, api.AccountParams{Account: account})
}

// Balance calls wallet.balance.
func (c *Client) Balance(ctx context.Context, account string) (*api.Balance, error) {
	return call[api.Balance](ctx, c, api.MethodWalletBalance, api.AccountParams{Account: account})
}

// SyncStatus calls wallet.syncStatus.
func (c *Client) SyncStatus(ctx context.Context, account string) (*api.SyncStatus, error) {
	return call[api.SyncStatus](ctx, c, api.MethodWalletSyncStatus, api.AccountParams{Account: account})
}

// ViewKey calls wallet.viewKey: the account's secret view key, for a
// view-only account elsewhere.
func (c *Client) ViewKey(ctx context.Context, p api.ViewKeyParams) (*api.ViewKeyResult, error) {
	return call[api.ViewKeyResult](ctx, c, api.MethodWalletViewKey, p)
}

// EstimateFee calls wallet.estimateFee: the fee and inputs a payment of
// amount µSTG would use now.
func (c *Client) EstimateFee(ctx context.Context, p api.EstimateFeeParams) (*api.FeeEstimate, error) {
	return call[api.FeeEstimate](ctx, c, api.MethodWalletEstimateFee, p)
}

// Send calls wallet.send. Amount and Fee are in µSTG; a zero Fee means the
// minimum fee.
func (c *Client) Send(ctx context.Context, p api.SendParams) (*api.SendResult, error) {
	return call[api.SendResult](ctx, c, api.MethodWalletSend, p)
}

// History calls wallet.history; the most recent entry comes first.
func (c *Client) History(ctx context.Context, p api.HistoryParams) ([]api.HistoryEntry, error) {
	var out []api.HistoryEntry
	if err := c.Call(ctx, api.MethodWalletHistory, p, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// PaymentProof calls wallet.paymentProof.
func (c *Client) PaymentProof(ctx context.Context, p api.PaymentProofParams) (*api.PaymentProof, error) {
	return call[api.PaymentProof](ctx, c, api.MethodWalletPaymentProof, p)
}

// VerifyPaymentProof calls wallet.verifyPaymentProof.
func (c *Client) VerifyPaymentProof(ctx context.Context, proof string) (*api.PaymentProofCheck, error) {
	return call[api.PaymentProofCheck](ctx, c, api.MethodWalletVerifyPaymentProof, api.VerifyPaymentProofParams{Proof: proof})
}

// Stake calls wallet.stake: bonds Amount µSTG to a validator in a stake
// output the account owns, locked for the network's lock period. A
// validator's first stake names it by its token (Validator: stgval1…, from
// `stegosd validator-info`), must be at least the minimum stake, and makes
// the account the validator's owner; a staked validator may be named by its
// key or a unique prefix. A validator another account owns, or that is
// jailed or tombstoned, needs Force. A zero Fee means the minimum fee.
func (c *Client) Stake(ctx context.Context, p api.StakeParams) (*api.SendResult, error) {
	return call[api.SendResult](ctx, c, api.MethodWalletStake, p)
}

// Unstake calls wallet.unstake: spends the account's unlocked stake (of one
// validator, or with All of every validator) back into its balance, less
// the fee. Without either, more than one stake output gives an
// api.CodeStaking error listing the validators; stake still locked gives
// one saying until when.
func (c *Client) Unstake(ctx context.Context, p api.UnstakeParams) (*api.SendResult, error) {
	return call[api.SendResult](ctx, c, api.MethodWalletUnstake, p)
}

// Stakes calls wallet.stakes: the account's stake outputs and the
// validators it owns.
func (c *Client) Stakes(ctx context.Context, account string) (*api.Stakes, error) {
	return call[api.Stakes](ctx, c, api.MethodWalletStakes, api.StakesParams{Account: account})
}

// WithdrawRewards calls wallet.withdrawRewards: moves the rewards (all, or
// Amount µSTG) of a validator the account owns into the account's balance;
// the fee is paid from them.
func (c *Client) WithdrawRewards(ctx context.Context, p api.WithdrawRewardsParams) (*api.SendResult, error) {
	return call[api.SendResult](ctx, c, api.MethodWalletWithdrawRewards, p)
}

// Unjail calls wallet.unjail: releases a jailed validator the account owns
// once its jail time is served (api.Validator.UnjailAt).
func (c *Client) Unjail(ctx context.Context, p api.UnjailParams) (*api.SendResult, error) {
	return call[api.SendResult](ctx, c, api.MethodWalletUnjail, p)
}

// Discover calls rpc.discover and returns the OpenRPC document as is.
func (c *Client) Discover(ctx context.Context) (json.RawMessage, error) {
	var out json.RawMessage
	if err := c.Call(ctx, api.MethodDiscover, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// call is Call with a result of type T.
func call[T any](ctx context.Context, c *Client, method string, params any) (*T, error) {
	var out T
	if err := c.Call(ctx, method, params, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
