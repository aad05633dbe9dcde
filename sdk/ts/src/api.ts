// The typed method surface of the Stegos JSON-RPC 2.0 API, shared by every
// client (Node and browser): no Node module is imported here.

import {
  MethodChainBlock,
  MethodChainTx,
  MethodChainValidators,
  MethodChainAwardPool,
  MethodChainAwards,
  MethodDiscover,
  MethodNodeStatus,
  MethodWalletAddress,
  MethodWalletBalance,
  MethodWalletChangePassword,
  MethodWalletCreateAccount,
  MethodWalletDeleteAccount,
  MethodWalletHistory,
  MethodWalletImportViewOnly,
  MethodWalletListAccounts,
  MethodWalletLock,
  MethodWalletPaymentProof,
  MethodWalletRecoverAccount,
  MethodWalletSend,
  MethodWalletEstimateFee,
  MethodWalletStake,
  MethodWalletStakes,
  MethodWalletSyncStatus,
  MethodWalletUnjail,
  MethodWalletUnlock,
  MethodWalletUnstake,
  MethodWalletVerifyPaymentProof,
  MethodWalletViewKey,
  MethodWalletWithdrawRewards,
  type Account,
  type AccountParams,
  type AddressResult,
  type Balance,
  type Block,
  type BlockParams,
  type ChangePasswordParams,
  type CreateAccountParams,
  type CreateAccountResult,
  type DeleteAccountParams,
  type DeleteAccountResult,
  type HistoryEntry,
  type HistoryParams,
  type ImportViewOnlyParams,
  type MethodSignatures,
  type NodeStatus,
  type OpenRPCDocument,
  type PaymentProof,
  type PaymentProofCheck,
  type PaymentProofParams,
  type RecoverAccountParams,
  type SendParams,
  type SendResult,
  type StakeParams,
  type Stakes,
  type SyncStatus,
  type Tx,
  type UnjailParams,
  type UnlockParams,
  type UnstakeParams,
  type VerifyPaymentProofParams,
  type ViewKeyParams,
  type Validators,
  type AwardPool,
  type Award,
  type EstimateFeeParams,
  type FeeEstimate,
  type ViewKeyResult,
  type WithdrawRewardsParams,
} from "./types.js";
import {
  MethodBusMessages,
  MethodBusOutbox,
  MethodBusSend,
  busSendParams,
  type BusMessagesParams,
  type BusOutboxEntry,
  type BusPacket,
  type BusSendInput,
  type BusSendResult,
} from "./bus.js";
import {
  MethodChatChannelsCreate,
  MethodChatChannelsJoin,
  MethodChatChannelsList,
  MethodChatChannelsPost,
  MethodChatContactsAdd,
  MethodChatContactsList,
  MethodChatContactsRemove,
  MethodChatGroupsCreate,
  MethodChatGroupsInvite,
  MethodChatGroupsJoin,
  MethodChatGroupsLeave,
  MethodChatGroupsList,
  MethodChatGroupsRemove,
  MethodChatGroupsSend,
  MethodChatHistory,
  MethodChatInvite,
  MethodChatSend,
  type ChatChannel,
  type ChatChannelCreateParams,
  type ChatChannelJoinParams,
  type ChatContact,
  type ChatContactParams,
  type ChatGroup,
  type ChatGroupCreateParams,
  type ChatGroupMemberParams,
  type ChatGroupParams,
  type ChatHistoryParams,
  type ChatInvite,
  type ChatInviteParams,
  type ChatMessage,
  type ChatSendParams,
} from "./chat.js";

/** The default per-call timeout. */
export const DefaultTimeoutMs = 30_000;

/** Options of a single call. */
export interface CallOptions {
  /** Overrides the client's per-call timeout (ms); 0 waits forever. */
  timeoutMs?: number;
}

/** Params of a call: a by-name object. */
export type Params = Record<string, unknown>;

/** Names an account: its name or id, or an AccountParams object. */
export type AccountRef = string | AccountParams;

export function accountParams(a: AccountRef | undefined): AccountParams {
  if (a === undefined) return {};
  return typeof a === "string" ? { account: a } : a;
}

/**
 * The typed method surface of the API, shared by StegosClient (WebSocket,
 * Node), HttpClient (HTTP POST) and WebClient (the browser's WebSocket).
 * Subclasses implement `call`.
 */
export abstract class StegosApi {
  /**
   * Calls a method with by-name params and returns its result. Rejects with
   * a StegosError when the node answers with an error, and with a
   * StegosTransportError (StegosTimeoutError on timeout) when it does not
   * answer.
   */
  abstract call<T = unknown>(method: string, params?: Params, opts?: CallOptions): Promise<T>;

  /** Calls a method of the contract with its typed params and result. */
  protected callTyped<M extends keyof MethodSignatures>(
    method: M,
    params: MethodSignatures[M]["params"],
    opts?: CallOptions,
  ): Promise<MethodSignatures[M]["result"]> {
    return this.call<MethodSignatures[M]["result"]>(method, params as Params, opts);
  }

  /** node.status: the network, the latest block and the node's state. */
  nodeStatus(opts?: CallOptions): Promise<NodeStatus> {
    return this.callTyped(MethodNodeStatus, {}, opts);
  }

  /** chain.block: the block at a height (a number or BlockParams); none or 0 means the latest. */
  block(height?: number | BlockParams, opts?: CallOptions): Promise<Block> {
    const p: BlockParams = typeof height === "number" ? (height === 0 ? {} : { height }) : (height ?? {});
    return this.callTyped(MethodChainBlock, p, opts);
  }

  /** chain.tx: a committed transaction by its id (64 hex digits). */
  tx(id: string, opts?: CallOptions): Promise<Tx> {
    return this.callTyped(MethodChainTx, { id }, opts);
  }

  /** chain.validators: stake, power, rewards, jail state and award-period uptime of every validator. */
  validators(opts?: CallOptions): Promise<Validators> {
    return this.callTyped(MethodChainValidators, {}, opts);
  }

  /** chain.awardPool: the Validator Service Award pool and the next draw. */
  awardPool(opts?: CallOptions): Promise<AwardPool> {
    return this.callTyped(MethodChainAwardPool, {}, opts);
  }

  /** chain.awards: the past draws, most recent first. */
  awards(limit?: number, opts?: CallOptions): Promise<Award[]> {
    return this.callTyped(MethodChainAwards, limit === undefined ? {} : { limit }, opts);
  }

  /** wallet.createAccount: a new account and its 24-word recovery phrase (shown only once). */
  createAccount(params: CreateAccountParams, opts?: CallOptions): Promise<CreateAccountResult> {
    return this.callTyped(MethodWalletCreateAccount, params, opts);
  }

  /** wallet.recoverAccount: restores an account from its phrase; it starts unlocked and rescans the chain. */
  recoverAccount(params: RecoverAccountParams, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletRecoverAccount, params, opts);
  }

  /** wallet.importViewOnly: an account that sees incoming funds but cannot spend. */
  importViewOnly(params: ImportViewOnlyParams, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletImportViewOnly, params, opts);
  }

  /** wallet.listAccounts: every account of the wallet. */
  listAccounts(opts?: CallOptions): Promise<Account[]> {
    return this.callTyped(MethodWalletListAccounts, {}, opts);
  }

  /** wallet.unlock: unlocks an account so it scans and spends; resolves to the account. */
  unlock(params: UnlockParams, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletUnlock, params, opts);
  }

  /** wallet.lock: locks an account (by name or id; none means the first account); resolves to the account. */
  lock(account?: AccountRef, opts?: CallOptions): Promise<Account> {
    return this.callTyped(MethodWalletLock, accountParams(account), opts);
  }

  /** wallet.changePassword: re-encrypts the account's keys; resolves to true. */
  changePassword(params: ChangePasswordParams, opts?: CallOptions): Promise<boolean> {
    return this.callTyped(MethodWalletChangePassword, params, opts);
  }

  /** wallet.deleteAccount: moves the account's files to the wallet's trash. */
  deleteAccount(params: DeleteAccountParams, opts?: CallOptions): Promise<DeleteAccountResult> {
    return this.callTyped(MethodWalletDeleteAccount, params, opts);
  }

  /** wallet.address: the account's address. */
  address(account?: AccountRef, opts?: CallOptions): Promise<AddressResult> {
    return this.callTyped(MethodWalletAddress, accountParams(account), opts);
  }

  /** wallet.balance: available, pending and locked µSTG. */
  balance(account?: AccountRef, opts?: CallOptions): Promise<Balance> {
    return this.callTyped(MethodWalletBalance, accountParams(account), opts);
  }

  /** wallet.syncStatus: how far the account has scanned the chain. */
  syncStatus(account?: AccountRef, opts?: CallOptions): Promise<SyncStatus> {
    return this.callTyped(MethodWalletSyncStatus, accountParams(account), opts);
  }

  /**
   * wallet.viewKey: exports the account's secret view key (the password
   * confirms it), for a view-only account elsewhere (importViewOnly).
   */
  viewKey(params: ViewKeyParams, opts?: CallOptions): Promise<ViewKeyResult> {
    return this.callTyped(MethodWalletViewKey, params, opts);
  }

  /** wallet.estimateFee: the fee and inputs a payment of `amount` µSTG would use now. */
  estimateFee(params: EstimateFeeParams, opts?: CallOptions): Promise<FeeEstimate> {
    return this.callTyped(MethodWalletEstimateFee, params, opts);
  }

  /** wallet.send: pays `amount` µSTG to `to`; resolves once the node's mempool accepted it. */
  send(params: SendParams, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletSend, params, opts);
  }

  /** wallet.history: the most recent transactions of an account. */
  history(params: AccountRef | HistoryParams = {}, opts?: CallOptions): Promise<HistoryEntry[]> {
    const p: HistoryParams = typeof params === "string" ? { account: params } : params;
    return this.callTyped(MethodWalletHistory, p, opts);
  }

  /** wallet.paymentProof: a proof that a payment of a sent transaction went to its recipient. */
  paymentProof(params: PaymentProofParams, opts?: CallOptions): Promise<PaymentProof> {
    return this.callTyped(MethodWalletPaymentProof, params, opts);
  }

  /** wallet.verifyPaymentProof: checks a proof made by wallet.paymentProof. */
  verifyPaymentProof(proof: string | VerifyPaymentProofParams, opts?: CallOptions): Promise<PaymentProofCheck> {
    const p: VerifyPaymentProofParams = typeof proof === "string" ? { proof } : proof;
    return this.callTyped(MethodWalletVerifyPaymentProof, p, opts);
  }

  /**
   * wallet.stake: bonds `amount` µSTG to a validator in a stake output the
   * account owns, locked for the network's lock period. A validator's first
   * stake names it by its token (`stegosd validator-info`), must be at least
   * the minimum stake, and makes the account the validator's owner. A stake
   * to a validator another account owns, or that is jailed or tombstoned,
   * rejects unless `force` is set.
   */
  stake(params: StakeParams, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletStake, params, opts);
  }

  /**
   * wallet.unstake: spends the account's unlocked stake (of one validator,
   * or with `all` of every validator) back into its balance, less the fee.
   * Without either, an unstake of more than one stake output rejects with
   * -32023 (isStaking) listing the validators; locked stake rejects saying
   * until when.
   */
  unstake(params: UnstakeParams = {}, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletUnstake, params, opts);
  }

  /** wallet.stakes: the account's stake outputs and the validators it owns. */
  stakes(account?: AccountRef, opts?: CallOptions): Promise<Stakes> {
    return this.callTyped(MethodWalletStakes, accountParams(account), opts);
  }

  /**
   * wallet.withdrawRewards: moves the rewards (all, or `amount` µSTG) of a
   * validator the account owns into the account's balance; the fee is paid
   * from them.
   */
  withdrawRewards(params: WithdrawRewardsParams = {}, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletWithdrawRewards, params, opts);
  }

  /** wallet.unjail: releases a jailed validator the account owns once its jail time is served (its `unjailAt`). */
  unjail(params: UnjailParams = {}, opts?: CallOptions): Promise<SendResult> {
    return this.callTyped(MethodWalletUnjail, params, opts);
  }

  /**
   * bus.send: sends a packet (at most 65 536 bytes; bytes, or a base64
   * string) to an address under an app name, signed with the account's key
   * if `sign`. A packet over 15 outputs (about 7 KB) may resolve with
   * `pending`: the node sends the rest as the account's coins allow
   * (busOutbox). Rejects before sending anything with isInvalidAddress,
   * isPacketTooLarge, isInvalidApp, isInsufficientFunds (for the fees of the
   * whole packet) or isLocked.
   */
  busSend(params: BusSendInput, opts?: CallOptions): Promise<BusSendResult> {
    return this.callTyped(MethodBusSend, busSendParams(params), opts);
  }

  /** bus.messages: the packets an account received (of one app, at or above a height), oldest first. */
  busMessages(params: BusMessagesParams = {}, opts?: CallOptions): Promise<BusPacket[]> {
    return this.callTyped(MethodBusMessages, params, opts);
  }

  /** bus.outbox: the packets an account is still sending, with their progress. */
  busOutbox(account?: AccountRef, opts?: CallOptions): Promise<BusOutboxEntry[]> {
    return this.callTyped(MethodBusOutbox, accountParams(account), opts);
  }

  /**
   * chat.contacts.add: adds a contact by address or stegos: URI under a
   * local name (the URI's suggested name when omitted), or renames one.
   */
  chatAddContact(params: ChatContactParams, opts?: CallOptions): Promise<ChatContact> {
    return this.callTyped(MethodChatContactsAdd, params, opts);
  }

  /** chat.contacts.list: the account's address book. */
  chatContacts(account?: AccountRef, opts?: CallOptions): Promise<ChatContact[]> {
    return this.callTyped(MethodChatContactsList, accountParams(account), opts);
  }

  /** chat.contacts.remove: forgets a contact (by name, address or URI); the conversation's history stays. */
  chatRemoveContact(params: ChatContactParams, opts?: CallOptions): Promise<ChatContact> {
    return this.callTyped(MethodChatContactsRemove, params, opts);
  }

  /**
   * chat.send: a 1:1 message to a contact (name, address or URI; an
   * address that is not a contact yet becomes one). Resolves with the
   * message, "sent" or "queued" (waiting for the account's pending coins);
   * onChatMessage reports when it is delivered (or not delivered within
   * the retention window).
   */
  chatSend(params: ChatSendParams, opts?: CallOptions): Promise<ChatMessage> {
    return this.callTyped(MethodChatSend, params, opts);
  }

  /** chat.history: the latest messages of a conversation with a contact, group or channel, oldest first. */
  chatHistory(params: ChatHistoryParams, opts?: CallOptions): Promise<ChatMessage[]> {
    return this.callTyped(MethodChatHistory, params, opts);
  }

  /** chat.invite: the account's own contact URI, or the invite of a channel it owns. */
  chatInvite(params: ChatInviteParams = {}, opts?: CallOptions): Promise<ChatInvite> {
    return this.callTyped(MethodChatInvite, params, opts);
  }

  /** chat.groups.create: a group the account owns; the password encrypts the group's accounts in this wallet. */
  chatCreateGroup(params: ChatGroupCreateParams, opts?: CallOptions): Promise<ChatGroup> {
    return this.callTyped(MethodChatGroupsCreate, params, opts);
  }

  /** chat.groups.invite: the owner or an admin invites a member (as "member" or "admin"). */
  chatInviteToGroup(params: ChatGroupMemberParams, opts?: CallOptions): Promise<ChatGroup> {
    return this.callTyped(MethodChatGroupsInvite, params, opts);
  }

  /** chat.groups.join: accepts an invitation (a group in state "invited"). */
  chatJoinGroup(params: ChatGroupParams, opts?: CallOptions): Promise<ChatGroup> {
    return this.callTyped(MethodChatGroupsJoin, params, opts);
  }

  /** chat.groups.remove: the owner or an admin removes a member; the group is re-keyed. */
  chatRemoveFromGroup(params: ChatGroupMemberParams, opts?: CallOptions): Promise<ChatGroup> {
    return this.callTyped(MethodChatGroupsRemove, params, opts);
  }

  /** chat.groups.leave: leaves a group. */
  chatLeaveGroup(params: ChatGroupParams, opts?: CallOptions): Promise<ChatGroup> {
    return this.callTyped(MethodChatGroupsLeave, params, opts);
  }

  /** chat.groups.send: a message to a group (its id or name): one output every member finds. */
  chatSendGroup(params: ChatSendParams, opts?: CallOptions): Promise<ChatMessage> {
    return this.callTyped(MethodChatGroupsSend, params, opts);
  }

  /** chat.groups.list: the groups the account belongs to or was invited to. */
  chatGroups(account?: AccountRef, opts?: CallOptions): Promise<ChatGroup[]> {
    return this.callTyped(MethodChatGroupsList, accountParams(account), opts);
  }

  /** chat.channels.create: a channel the account owns and posts to (chatInvite with the channel gives its invite). */
  chatCreateChannel(params: ChatChannelCreateParams, opts?: CallOptions): Promise<ChatChannel> {
    return this.callTyped(MethodChatChannelsCreate, params, opts);
  }

  /** chat.channels.post: a post to a channel the account owns. */
  chatPostChannel(params: ChatSendParams, opts?: CallOptions): Promise<ChatMessage> {
    return this.callTyped(MethodChatChannelsPost, params, opts);
  }

  /** chat.channels.join: reads the channel of an invite through a view-only account. */
  chatJoinChannel(params: ChatChannelJoinParams, opts?: CallOptions): Promise<ChatChannel> {
    return this.callTyped(MethodChatChannelsJoin, params, opts);
  }

  /** chat.channels.list: the channels the account owns or reads. */
  chatChannels(account?: AccountRef, opts?: CallOptions): Promise<ChatChannel[]> {
    return this.callTyped(MethodChatChannelsList, accountParams(account), opts);
  }

  /** rpc.discover: the OpenRPC document of the API. */
  discover(opts?: CallOptions): Promise<OpenRPCDocument> {
    return this.callTyped(MethodDiscover, {}, opts);
  }
}
