import { type Account, type AccountParams, type AddressResult, type Balance, type Block, type BlockParams, type ChangePasswordParams, type CreateAccountParams, type CreateAccountResult, type DeleteAccountParams, type DeleteAccountResult, type HistoryEntry, type HistoryParams, type ImportViewOnlyParams, type MethodSignatures, type NodeStatus, type OpenRPCDocument, type PaymentProof, type PaymentProofCheck, type PaymentProofParams, type RecoverAccountParams, type SendParams, type SendResult, type StakeParams, type Stakes, type SyncStatus, type Tx, type UnjailParams, type UnlockParams, type UnstakeParams, type VerifyPaymentProofParams, type ViewKeyParams, type Validators, type AwardPool, type Award, type EstimateFeeParams, type FeeEstimate, type ViewKeyResult, type WithdrawRewardsParams } from "./types.js";
import { type BusMessagesParams, type BusOutboxEntry, type BusPacket, type BusSendInput, type BusSendResult } from "./bus.js";
import { type ChatChannel, type ChatChannelCreateParams, type ChatChannelJoinParams, type ChatContact, type ChatContactParams, type ChatGroup, type ChatGroupCreateParams, type ChatGroupMemberParams, type ChatGroupParams, type ChatHistoryParams, type ChatInvite, type ChatInviteParams, type ChatMessage, type ChatSendParams } from "./chat.js";
/** The default per-call timeout. */
export declare const DefaultTimeoutMs = 30000;
/** Options of a single call. */
export interface CallOptions {
    /** Overrides the client's per-call timeout (ms); 0 waits forever. */
    timeoutMs?: number;
}
/** Params of a call: a by-name object. */
export type Params = Record<string, unknown>;
/** Names an account: its name or id, or an AccountParams object. */
export type AccountRef = string | AccountParams;
export declare function accountParams(a: AccountRef | undefined): AccountParams;
/**
 * The typed method surface of the API, shared by StegosClient (WebSocket,
 * Node), HttpClient (HTTP POST) and WebClient (the browser's WebSocket).
 * Subclasses implement `call`.
 */
export declare abstract class StegosApi {
    /**
     * Calls a method with by-name params and returns its result. Rejects with
     * a StegosError when the node answers with an error, and with a
     * StegosTransportError (StegosTimeoutError on timeout) when it does not
     * answer.
     */
    abstract call<T = unknown>(method: string, params?: Params, opts?: CallOptions): Promise<T>;
    /** Calls a method of the contract with its typed params and result. */
    protected callTyped<M extends keyof MethodSignatures>(method: M, params: MethodSignatures[M]["params"], opts?: CallOptions): Promise<MethodSignatures[M]["result"]>;
    /** node.status: the network, the latest block and the node's state. */
    nodeStatus(opts?: CallOptions): Promise<NodeStatus>;
    /** chain.block: the block at a height (a number or BlockParams); none or 0 means the latest. */
    block(height?: number | BlockParams, opts?: CallOptions): Promise<Block>;
    /** chain.tx: a committed transaction by its id (64 hex digits). */
    tx(id: string, opts?: CallOptions): Promise<Tx>;
    /** chain.validators: stake, power, rewards, jail state and award-period uptime of every validator. */
    validators(opts?: CallOptions): Promise<Validators>;
    /** chain.awardPool: the Validator Service Award pool and the next draw. */
    awardPool(opts?: CallOptions): Promise<AwardPool>;
    /** chain.awards: the past draws, most recent first. */
    awards(limit?: number, opts?: CallOptions): Promise<Award[]>;
    /** wallet.createAccount: a new account and its 24-word recovery phrase (shown only once). */
    createAccount(params: CreateAccountParams, opts?: CallOptions): Promise<CreateAccountResult>;
    /** wallet.recoverAccount: restores an account from its phrase; it starts unlocked and rescans the chain. */
    recoverAccount(params: RecoverAccountParams, opts?: CallOptions): Promise<Account>;
    /** wallet.importViewOnly: an account that sees incoming funds but cannot spend. */
    importViewOnly(params: ImportViewOnlyParams, opts?: CallOptions): Promise<Account>;
    /** wallet.listAccounts: every account of the wallet. */
    listAccounts(opts?: CallOptions): Promise<Account[]>;
    /** wallet.unlock: unlocks an account so it scans and spends; resolves to the account. */
    unlock(params: UnlockParams, opts?: CallOptions): Promise<Account>;
    /** wallet.lock: locks an account (by name or id; none means the first account); resolves to the account. */
    lock(account?: AccountRef, opts?: CallOptions): Promise<Account>;
    /** wallet.changePassword: re-encrypts the account's keys; resolves to true. */
    changePassword(params: ChangePasswordParams, opts?: CallOptions): Promise<boolean>;
    /** wallet.deleteAccount: moves the account's files to the wallet's trash. */
    deleteAccount(params: DeleteAccountParams, opts?: CallOptions): Promise<DeleteAccountResult>;
    /** wallet.address: the account's address. */
    address(account?: AccountRef, opts?: CallOptions): Promise<AddressResult>;
    /** wallet.balance: available, pending and locked µSTG. */
    balance(account?: AccountRef, opts?: CallOptions): Promise<Balance>;
    /** wallet.syncStatus: how far the account has scanned the chain. */
    syncStatus(account?: AccountRef, opts?: CallOptions): Promise<SyncStatus>;
    /**
     * wallet.viewKey: exports the account's secret view key (the password
     * confirms it), for a view-only account elsewhere (importViewOnly).
     */
    viewKey(params: ViewKeyParams, opts?: CallOptions): Promise<ViewKeyResult>;
    /** wallet.estimateFee: the fee and inputs a payment of `amount` µSTG would use now. */
    estimateFee(params: EstimateFeeParams, opts?: CallOptions): Promise<FeeEstimate>;
    /** wallet.send: pays `amount` µSTG to `to`; resolves once the node's mempool accepted it. */
    send(params: SendParams, opts?: CallOptions): Promise<SendResult>;
    /** wallet.history: the most recent transactions of an account. */
    history(params?: AccountRef | HistoryParams, opts?: CallOptions): Promise<HistoryEntry[]>;
    /** wallet.paymentProof: a proof that a payment of a sent transaction went to its recipient. */
    paymentProof(params: PaymentProofParams, opts?: CallOptions): Promise<PaymentProof>;
    /** wallet.verifyPaymentProof: checks a proof made by wallet.paymentProof. */
    verifyPaymentProof(proof: string | VerifyPaymentProofParams, opts?: CallOptions): Promise<PaymentProofCheck>;
    /**
     * wallet.stake: bonds `amount` µSTG to a validator in a stake output the
     * account owns, locked for the network's lock period. A validator's first
     * stake names it by its token (`stegosd validator-info`), must be at least
     * the minimum stake, and makes the account the validator's owner. A stake
     * to a validator another account owns, or that is jailed or tombstoned,
     * rejects unless `force` is set.
     */
    stake(params: StakeParams, opts?: CallOptions): Promise<SendResult>;
    /**
     * wallet.unstake: spends the account's unlocked stake (of one validator,
     * or with `all` of every validator) back into its balance, less the fee.
     * Without either, an unstake of more than one stake output rejects with
     * -32023 (isStaking) listing the validators; locked stake rejects saying
     * until when.
     */
    unstake(params?: UnstakeParams, opts?: CallOptions): Promise<SendResult>;
    /** wallet.stakes: the account's stake outputs and the validators it owns. */
    stakes(account?: AccountRef, opts?: CallOptions): Promise<Stakes>;
    /**
     * wallet.withdrawRewards: moves the rewards (all, or `amount` µSTG) of a
     * validator the account owns into the account's balance; the fee is paid
     * from them.
     */
    withdrawRewards(params?: WithdrawRewardsParams, opts?: CallOptions): Promise<SendResult>;
    /** wallet.unjail: releases a jailed validator the account owns once its jail time is served (its `unjailAt`). */
    unjail(params?: UnjailParams, opts?: CallOptions): Promise<SendResult>;
    /**
     * bus.send: sends a packet (at most 65 536 bytes; bytes, or a base64
     * string) to an address under an app name, signed with the account's key
     * if `sign`. A packet over 15 outputs (about 7 KB) may resolve with
     * `pending`: the node sends the rest as the account's coins allow
     * (busOutbox). Rejects before sending anything with isInvalidAddress,
     * isPacketTooLarge, isInvalidApp, isInsufficientFunds (for the fees of the
     * whole packet) or isLocked.
     */
    busSend(params: BusSendInput, opts?: CallOptions): Promise<BusSendResult>;
    /** bus.messages: the packets an account received (of one app, at or above a height), oldest first. */
    busMessages(params?: BusMessagesParams, opts?: CallOptions): Promise<BusPacket[]>;
    /** bus.outbox: the packets an account is still sending, with their progress. */
    busOutbox(account?: AccountRef, opts?: CallOptions): Promise<BusOutboxEntry[]>;
    /**
     * chat.contacts.add: adds a contact by address or stegos: URI under a
     * local name (the URI's suggested name when omitted), or renames one.
     */
    chatAddContact(params: ChatContactParams, opts?: CallOptions): Promise<ChatContact>;
    /** chat.contacts.list: the account's address book. */
    chatContacts(account?: AccountRef, opts?: CallOptions): Promise<ChatContact[]>;
    /** chat.contacts.remove: forgets a contact (by name, address or URI); the conversation's history stays. */
    chatRemoveContact(params: ChatContactParams, opts?: CallOptions): Promise<ChatContact>;
    /**
     * chat.send: a 1:1 message to a contact (name, address or URI; an
     * address that is not a contact yet becomes one). Resolves with the
     * message, "sent" or "queued" (waiting for the account's pending coins);
     * onChatMessage reports when it is delivered (or not delivered within
     * the retention window).
     */
    chatSend(params: ChatSendParams, opts?: CallOptions): Promise<ChatMessage>;
    /** chat.history: the latest messages of a conversation with a contact, group or channel, oldest first. */
    chatHistory(params: ChatHistoryParams, opts?: CallOptions): Promise<ChatMessage[]>;
    /** chat.invite: the account's own contact URI, or the invite of a channel it owns. */
    chatInvite(params?: ChatInviteParams, opts?: CallOptions): Promise<ChatInvite>;
    /** chat.groups.create: a group the account owns; the password encrypts the group's accounts in this wallet. */
    chatCreateGroup(params: ChatGroupCreateParams, opts?: CallOptions): Promise<ChatGroup>;
    /** chat.groups.invite: the owner or an admin invites a member (as "member" or "admin"). */
    chatInviteToGroup(params: ChatGroupMemberParams, opts?: CallOptions): Promise<ChatGroup>;
    /** chat.groups.join: accepts an invitation (a group in state "invited"). */
    chatJoinGroup(params: ChatGroupParams, opts?: CallOptions): Promise<ChatGroup>;
    /** chat.groups.remove: the owner or an admin removes a member; the group is re-keyed. */
    chatRemoveFromGroup(params: ChatGroupMemberParams, opts?: CallOptions): Promise<ChatGroup>;
    /** chat.groups.leave: leaves a group. */
    chatLeaveGroup(params: ChatGroupParams, opts?: CallOptions): Promise<ChatGroup>;
    /** chat.groups.send: a message to a group (its id or name): one output every member finds. */
    chatSendGroup(params: ChatSendParams, opts?: CallOptions): Promise<ChatMessage>;
    /** chat.groups.list: the groups the account belongs to or was invited to. */
    chatGroups(account?: AccountRef, opts?: CallOptions): Promise<ChatGroup[]>;
    /** chat.channels.create: a channel the account owns and posts to (chatInvite with the channel gives its invite). */
    chatCreateChannel(params: ChatChannelCreateParams, opts?: CallOptions): Promise<ChatChannel>;
    /** chat.channels.post: a post to a channel the account owns. */
    chatPostChannel(params: ChatSendParams, opts?: CallOptions): Promise<ChatMessage>;
    /** chat.channels.join: reads the channel of an invite through a view-only account. */
    chatJoinChannel(params: ChatChannelJoinParams, opts?: CallOptions): Promise<ChatChannel>;
    /** chat.channels.list: the channels the account owns or reads. */
    chatChannels(account?: AccountRef, opts?: CallOptions): Promise<ChatChannel[]>;
    /** rpc.discover: the OpenRPC document of the API. */
    discover(opts?: CallOptions): Promise<OpenRPCDocument>;
}
