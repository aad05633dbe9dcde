import type { Timestamp } from "./timestamp.js";
import { MethodBusMessages, MethodBusOutbox, MethodBusSend, TopicBusPacket, type BusMessagesParams, type BusOutboxEntry, type BusOutboxParams, type BusPacket, type BusSendParams, type BusSendResult } from "./bus.js";
import { MethodChatChannelsCreate, MethodChatChannelsJoin, MethodChatChannelsList, MethodChatChannelsPost, MethodChatContactsAdd, MethodChatContactsList, MethodChatContactsRemove, MethodChatGroupsCreate, MethodChatGroupsInvite, MethodChatGroupsJoin, MethodChatGroupsLeave, MethodChatGroupsList, MethodChatGroupsRemove, MethodChatGroupsSend, MethodChatHistory, MethodChatInvite, MethodChatSend, TopicChatMessage, type ChatAccountParams, type ChatChannel, type ChatChannelCreateParams, type ChatChannelJoinParams, type ChatContact, type ChatContactParams, type ChatEvent, type ChatGroup, type ChatGroupCreateParams, type ChatGroupMemberParams, type ChatGroupParams, type ChatHistoryParams, type ChatInvite, type ChatInviteParams, type ChatMessage, type ChatSendParams } from "./chat.js";
/** µSTG in one STG. */
export declare const MicroPerSTG = 1000000;
export type { Timestamp } from "./timestamp.js";
export declare const MethodNodeStatus = "node.status";
export declare const MethodChainBlock = "chain.block";
export declare const MethodChainTx = "chain.tx";
export declare const MethodChainValidators = "chain.validators";
export declare const MethodChainAwardPool = "chain.awardPool";
export declare const MethodChainAwards = "chain.awards";
export declare const MethodWalletCreateAccount = "wallet.createAccount";
export declare const MethodWalletRecoverAccount = "wallet.recoverAccount";
export declare const MethodWalletImportViewOnly = "wallet.importViewOnly";
export declare const MethodWalletListAccounts = "wallet.listAccounts";
export declare const MethodWalletUnlock = "wallet.unlock";
export declare const MethodWalletLock = "wallet.lock";
export declare const MethodWalletChangePassword = "wallet.changePassword";
export declare const MethodWalletDeleteAccount = "wallet.deleteAccount";
export declare const MethodWalletAddress = "wallet.address";
export declare const MethodWalletBalance = "wallet.balance";
export declare const MethodWalletSyncStatus = "wallet.syncStatus";
export declare const MethodWalletViewKey = "wallet.viewKey";
export declare const MethodWalletSend = "wallet.send";
export declare const MethodWalletEstimateFee = "wallet.estimateFee";
export declare const MethodWalletHistory = "wallet.history";
export declare const MethodWalletPaymentProof = "wallet.paymentProof";
export declare const MethodWalletVerifyPaymentProof = "wallet.verifyPaymentProof";
export declare const MethodWalletStake = "wallet.stake";
export declare const MethodWalletUnstake = "wallet.unstake";
export declare const MethodWalletStakes = "wallet.stakes";
export declare const MethodWalletWithdrawRewards = "wallet.withdrawRewards";
export declare const MethodWalletUnjail = "wallet.unjail";
/**
 * subscribe and unsubscribe work over WebSocket only; a notification
 * arrives as {"method":"subscription","params":{"subscription":ID,"result":PAYLOAD}}.
 */
export declare const MethodSubscribe = "subscribe";
export declare const MethodUnsubscribe = "unsubscribe";
/**
 * auth authenticates a WebSocket opened without an Authorization header
 * (browsers); it must be the first message.
 */
export declare const MethodAuth = "auth";
/** rpc.discover returns the OpenRPC document. */
export declare const MethodDiscover = "rpc.discover";
/** The method name of subscription notifications sent by the node. */
export declare const MethodSubscriptionNotification = "subscription";
/** Every method name, by its Go constant's name. */
export declare const Methods: {
    readonly NodeStatus: "node.status";
    readonly ChainBlock: "chain.block";
    readonly ChainTx: "chain.tx";
    readonly ChainValidators: "chain.validators";
    readonly ChainAwardPool: "chain.awardPool";
    readonly ChainAwards: "chain.awards";
    readonly WalletCreateAccount: "wallet.createAccount";
    readonly WalletRecoverAccount: "wallet.recoverAccount";
    readonly WalletImportViewOnly: "wallet.importViewOnly";
    readonly WalletListAccounts: "wallet.listAccounts";
    readonly WalletUnlock: "wallet.unlock";
    readonly WalletLock: "wallet.lock";
    readonly WalletChangePassword: "wallet.changePassword";
    readonly WalletDeleteAccount: "wallet.deleteAccount";
    readonly WalletAddress: "wallet.address";
    readonly WalletBalance: "wallet.balance";
    readonly WalletSyncStatus: "wallet.syncStatus";
    readonly WalletViewKey: "wallet.viewKey";
    readonly WalletSend: "wallet.send";
    readonly WalletEstimateFee: "wallet.estimateFee";
    readonly WalletHistory: "wallet.history";
    readonly WalletPaymentProof: "wallet.paymentProof";
    readonly WalletVerifyPaymentProof: "wallet.verifyPaymentProof";
    readonly WalletStake: "wallet.stake";
    readonly WalletUnstake: "wallet.unstake";
    readonly WalletStakes: "wallet.stakes";
    readonly WalletWithdrawRewards: "wallet.withdrawRewards";
    readonly WalletUnjail: "wallet.unjail";
    readonly BusSend: "bus.send";
    readonly BusMessages: "bus.messages";
    readonly BusOutbox: "bus.outbox";
    readonly ChatContactsAdd: "chat.contacts.add";
    readonly ChatContactsList: "chat.contacts.list";
    readonly ChatContactsRemove: "chat.contacts.remove";
    readonly ChatSend: "chat.send";
    readonly ChatHistory: "chat.history";
    readonly ChatInvite: "chat.invite";
    readonly ChatGroupsCreate: "chat.groups.create";
    readonly ChatGroupsInvite: "chat.groups.invite";
    readonly ChatGroupsJoin: "chat.groups.join";
    readonly ChatGroupsRemove: "chat.groups.remove";
    readonly ChatGroupsLeave: "chat.groups.leave";
    readonly ChatGroupsSend: "chat.groups.send";
    readonly ChatGroupsList: "chat.groups.list";
    readonly ChatChannelsCreate: "chat.channels.create";
    readonly ChatChannelsPost: "chat.channels.post";
    readonly ChatChannelsJoin: "chat.channels.join";
    readonly ChatChannelsList: "chat.channels.list";
    readonly Subscribe: "subscribe";
    readonly Unsubscribe: "unsubscribe";
    readonly Auth: "auth";
    readonly Discover: "rpc.discover";
};
export type MethodName = (typeof Methods)[keyof typeof Methods];
/** Delivers a NewBlockEvent for every committed block. */
export declare const TopicNewBlock = "chain.newBlock";
/** Delivers a BalanceEvent when an account's balance changes. */
export declare const TopicBalance = "wallet.balance";
/**
 * Delivers a TxStatusEvent when a wallet transaction changes status
 * (pending, confirmed, retried, failed).
 */
export declare const TopicTxStatus = "wallet.txStatus";
/** Delivers a SyncEvent (a SyncStatus) while an account scans the chain. */
export declare const TopicSync = "wallet.sync";
/** Every subscription topic. */
export declare const Topics: readonly ["chain.newBlock", "wallet.balance", "wallet.txStatus", "wallet.sync", "bus.packet", "chat.message"];
export type Topic = (typeof Topics)[number];
/** The notification payload type of each topic. */
export interface TopicPayloads {
    [TopicNewBlock]: NewBlockEvent;
    [TopicBalance]: BalanceEvent;
    [TopicTxStatus]: TxStatusEvent;
    [TopicSync]: SyncEvent;
    [TopicBusPacket]: BusPacket;
    [TopicChatMessage]: ChatEvent;
}
/** Where the API listens unless configured otherwise. */
export declare const DefaultAddr = "127.0.0.1:3145";
/** The name of the API token file in a node's home. */
export declare const TokenFile = "api.token";
export declare const CodeParseError = -32700;
export declare const CodeInvalidRequest = -32600;
export declare const CodeMethodNotFound = -32601;
export declare const CodeInvalidParams = -32602;
export declare const CodeInternal = -32603;
/** A missing or wrong API token. */
export declare const CodeUnauthorized = -32001;
/** The method needs another transport (subscriptions over HTTP). */
export declare const CodeTransport = -32002;
/** Too many WebSocket connections. */
export declare const CodeTooManyConnections = -32003;
/** The request body is over the size limit. */
export declare const CodeTooLarge = -32004;
/** The connection made calls over the request rate. */
export declare const CodeRateLimited = -32005;
/** Too many subscriptions on this connection. */
export declare const CodeTooManySubscriptions = -32006;
/**
 * The server is running as many password checks (argon2id key derivations:
 * create, recover, unlock, …) as it allows at once; try again in a moment.
 */
export declare const CodeBusy = -32007;
/** The password does not unlock the account. */
export declare const CodeWrongPassword = -32010;
/** The account must be unlocked first (wallet.unlock). */
export declare const CodeLocked = -32011;
/** No account has this name or id. */
export declare const CodeAccountNotFound = -32012;
/** An account with this name or these keys exists. */
export declare const CodeAccountExists = -32013;
/** Available funds do not cover amount and fee; data is an InsufficientFundsData. */
export declare const CodeInsufficientFunds = -32014;
/** The address does not parse or is for another network; the message says why. */
export declare const CodeInvalidAddress = -32015;
/** The account has not scanned up to the chain tip yet; data is a SyncStatus. */
export declare const CodeSyncing = -32016;
/** A view-only account cannot spend. */
export declare const CodeViewOnly = -32017;
/** No such block, transaction or output. */
export declare const CodeNotFound = -32018;
/** The node rejected the transaction; the message has the ledger's reason. */
export declare const CodeTxRejected = -32019;
/** The recovery phrase is wrong (unknown word, bad checksum); the message names the problem. */
export declare const CodeInvalidPhrase = -32020;
/** A payment proof does not decode or does not verify. */
export declare const CodeInvalidProof = -32021;
/** The node the wallet uses cannot be reached. */
export declare const CodeNodeUnavailable = -32022;
/**
 * A staking operation is not possible now (the account does not own the
 * validator, the stake is still locked, no rewards, not jailed or jailed too
 * recently); the message says which.
 */
export declare const CodeStaking = -32023;
/** Every error code, by its Go constant's name. */
export declare const ErrorCodes: {
    readonly ParseError: -32700;
    readonly InvalidRequest: -32600;
    readonly MethodNotFound: -32601;
    readonly InvalidParams: -32602;
    readonly Internal: -32603;
    readonly Unauthorized: -32001;
    readonly Transport: -32002;
    readonly TooManyConnections: -32003;
    readonly TooLarge: -32004;
    readonly RateLimited: -32005;
    readonly TooManySubscriptions: -32006;
    readonly Busy: -32007;
    readonly WrongPassword: -32010;
    readonly Locked: -32011;
    readonly AccountNotFound: -32012;
    readonly AccountExists: -32013;
    readonly InsufficientFunds: -32014;
    readonly InvalidAddress: -32015;
    readonly Syncing: -32016;
    readonly ViewOnly: -32017;
    readonly NotFound: -32018;
    readonly TxRejected: -32019;
    readonly InvalidPhrase: -32020;
    readonly InvalidProof: -32021;
    readonly NodeUnavailable: -32022;
    readonly Staking: -32023;
    readonly PacketTooLarge: -32024;
    readonly InvalidApp: -32025;
    readonly NotAllowed: -32026;
};
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
/** A JSON-RPC error object as the server sends it. */
export interface RPCErrorObject {
    code: number;
    message: string;
    /** Optional structured detail (see the codes above). */
    data?: unknown;
}
/** The data of CodeInsufficientFunds. */
export interface InsufficientFundsData {
    available: number;
    needed: number;
    /** What will become available when pending transactions confirm. */
    pending: number;
}
/** NodeStatus.network. */
export type Network = "dev" | "testnet" | "mainnet";
/** TxOutput.kind. */
export type OutputKind = "confidential" | "public" | "stake";
/** SyncStatus.state; reason explains the last two. */
export type SyncState = "synced" | "scanning" | "locked" | "waiting for node";
/** HistoryEntry.direction: received, sent, or sent to itself. */
export type Direction = "in" | "out" | "self";
/**
 * HistoryEntry.kind: absent for a payment; otherwise the staking operation
 * ("withdraw" withdraws validator rewards), "restored" (found in the UTXO
 * set after the retention window) or "data" (message-bus data sent: nothing
 * sent but the fee, one payment row naming the recipient with amount 0;
 * data received makes no entry).
 */
export type HistoryKind = "stake" | "unstake" | "withdraw" | "unjail" | "restored" | "data";
/** Broadcast, not yet in a block. */
export declare const StatusPending = "pending";
/** In a block. */
export declare const StatusConfirmed = "confirmed";
/** Dropped by the node, being resubmitted. */
export declare const StatusRetrying = "retrying";
/** Rejected; its inputs were released. */
export declare const StatusFailed = "failed";
/** Transaction statuses in history and TxStatusEvent. */
export declare const TxStatuses: readonly ["pending", "confirmed", "retrying", "failed"];
export type TxStatus = (typeof TxStatuses)[number];
/** The result of node.status. */
export interface NodeStatus {
    /** "dev", "testnet" or "mainnet". */
    network: Network;
    /** The CometBFT chain id. */
    chainId: string;
    /** Height, blockHash and blockTime describe the latest committed block. */
    height: number;
    blockHash: string;
    blockTime: Timestamp;
    /** True while the node syncs blocks from peers. */
    catchingUp: boolean;
    peers: number;
    version: string;
    /** The µSTG in unspent outputs after the latest block. */
    supply: number;
}
/** Selects a block; a zero or missing height means the latest. */
export interface BlockParams {
    height?: number;
}
/** The result of chain.block. */
export interface Block {
    height: number;
    hash: string;
    time: Timestamp;
    proposer: string;
    /** The block's transactions that the ledger accepted, in order. */
    txs: Tx[];
}
/** Names a transaction by its id (64 hex digits). */
export interface TxParams {
    id: string;
}
/** A transaction as the chain shows it: amounts of confidential outputs are hidden. */
export interface Tx {
    id: string;
    /** The block that includes it. */
    height: number;
    /** Its position in the block. */
    index: number;
    time: Timestamp;
    confirmations: number;
    fee: number;
    size: number;
    inputs: string[];
    outputs: TxOutput[];
}
/** One output of a transaction. */
export interface TxOutput {
    id: string;
    /** "confidential", "public" or "stake". */
    kind: OutputKind;
    /** Set for public and stake outputs only. */
    amount?: number;
}
/** Describes a wallet account. */
export interface Account {
    /** A stable short id derived from the address (16 hex digits). */
    id: string;
    name: string;
    address: string;
    created: Timestamp;
    /** View-only accounts see incoming funds but cannot spend. */
    viewOnly: boolean;
    /** True until wallet.unlock; a locked account keeps its data but neither scans nor spends. */
    locked: boolean;
    /** The last block the account has scanned. */
    scannedHeight: number;
}
/** Names an account by name or id; empty or missing means the first (oldest) account. */
export interface AccountParams {
    account?: string;
}
/** The params of wallet.createAccount. */
export interface CreateAccountParams {
    name: string;
    password: string;
}
/** The new account and its 24-word recovery phrase, which the node never shows again. */
export interface CreateAccountResult {
    account: Account;
    phrase: string;
}
/**
 * The params of wallet.recoverAccount. The account starts unlocked and
 * rescans the chain from the first block; progress is reported by
 * wallet.syncStatus and the wallet.sync topic.
 */
export interface RecoverAccountParams {
    name: string;
    phrase: string;
    password: string;
}
/** The params of wallet.importViewOnly: the account's address and its secret view key (64 hex digits). */
export interface ImportViewOnlyParams {
    name: string;
    address: string;
    viewKey: string;
    password: string;
}
/** The params of wallet.unlock. */
export interface UnlockParams {
    account?: string;
    password: string;
}
/** The params of wallet.changePassword. */
export interface ChangePasswordParams {
    account?: string;
    password: string;
    newPassword: string;
}
/** The params of wallet.deleteAccount; the password confirms the deletion. */
export interface DeleteAccountParams {
    account: string;
    password: string;
}
/** Where the account's files went: they are moved to the wallet's trash directory, never destroyed. */
export interface DeleteAccountResult {
    trash: string;
}
/** The params of wallet.viewKey; the password confirms the export. */
export interface ViewKeyParams {
    account?: string;
    password: string;
}
/**
 * An account's secret view key (64 hex digits) with its address: together
 * they make a view-only account (wallet.importViewOnly) that sees every
 * payment to the address and can spend nothing.
 */
export interface ViewKeyResult {
    account: string;
    address: string;
    viewKey: string;
}
/** The params of wallet.estimateFee. */
export interface EstimateFeeParams {
    /** The account that pays; the first account when omitted. */
    account?: string;
    /** The µSTG to pay. */
    amount: number;
}
/** What wallet.send would spend for the amount now. */
export interface FeeEstimate {
    account: string;
    amount: number;
    /** The minimum fee in µSTG for the transaction's size. */
    fee: number;
    /** Inputs and outputs of the transaction (a payment and the change). */
    inputs: number;
    outputs: number;
    /** The encoded size in bytes. */
    size: number;
}
/** The result of wallet.address. */
export interface AddressResult {
    account: string;
    address: string;
}
/** The result of wallet.balance, in µSTG. */
export interface Balance {
    account: string;
    /** Can be spent now: confirmed outputs not reserved by a pending transaction. */
    available: number;
    /**
     * On its way in and not yet in a block: outputs to this account seen in
     * the node's mempool, and change of its own pending transactions.
     */
    pending: number;
    /** Confirmed but reserved as inputs of pending transactions; released if they fail. */
    locked: number;
    /** Bonded to validators in the account's stake outputs. */
    staked: number;
    /** The block the figures are correct for. */
    scannedHeight: number;
}
/** The result of wallet.syncStatus and the payload of the wallet.sync topic. */
export interface SyncStatus {
    account: string;
    scannedHeight: number;
    chainHeight: number;
    /** True when the account has scanned the latest block. */
    synced: boolean;
    /** "synced", "scanning", "locked" or "waiting for node"; reason explains the last two. */
    state: SyncState;
    reason?: string;
}
/** The params of wallet.send. A zero or missing fee means the minimum fee. */
export interface SendParams {
    account?: string;
    to: string;
    amount: number;
    memo?: string;
    fee?: number;
}
/** The result of wallet.send: the transaction was accepted into the node's mempool and is pending. */
export interface SendResult {
    txId: string;
    amount: number;
    fee: number;
    status: TxStatus;
}
/** The params of wallet.history: the most recent limit entries (default 100) after skipping offset. */
export interface HistoryParams {
    account?: string;
    limit?: number;
    offset?: number;
}
/** One transaction that touched an account. */
export interface HistoryEntry {
    txId: string;
    /** "in" (received), "out" (sent) or "self" (to itself). */
    direction: Direction;
    /** Absent for a payment, or "stake", "unstake", "withdraw" (validator rewards), "unjail" or "restored" (an output a restore found in the UTXO set after the retention window: no transaction id, time or memo). */
    kind?: HistoryKind;
    status: TxStatus;
    /** Explains a failed or retrying status. */
    reason?: string;
    height?: number;
    time: Timestamp;
    confirmations: number;
    /** What came in to this account (change excluded). */
    received: number;
    /** What went to others. */
    sent: number;
    /** What the account paid (outgoing only). */
    fee: number;
    /** The outputs: for "in", the ones received; for "out", the ones paid, with the recipient's address. */
    payments: Payment[];
    /** Counts submissions of an outgoing transaction. */
    attempts?: number;
}
/** One output of a history entry. */
export interface Payment {
    index: number;
    address?: string;
    amount: number;
    memo?: string;
}
/**
 * The params of wallet.paymentProof: a transaction this account sent and
 * the output to prove (default: its first payment).
 */
export interface PaymentProofParams {
    account?: string;
    txId: string;
    index?: number;
}
/** The result of wallet.paymentProof. */
export interface PaymentProof {
    /** The text anyone can check with wallet.verifyPaymentProof. */
    proof: string;
    txId: string;
    index: number;
    address: string;
    amount: number;
    memo?: string;
}
/** The params of wallet.verifyPaymentProof. */
export interface VerifyPaymentProofParams {
    proof: string;
}
/** What a verified proof shows: amount µSTG (and memo) went to address in transaction txId, confirmed at height. */
export interface PaymentProofCheck {
    valid: boolean;
    txId: string;
    index: number;
    address: string;
    amount: number;
    memo?: string;
    height: number;
    confirmations: number;
}
/** The payload of the chain.newBlock topic. */
export interface NewBlockEvent {
    height: number;
    hash: string;
    time: Timestamp;
    txs: number;
}
/** The payload of the wallet.balance topic: a Balance (embedded in Go) plus the account's name. */
export interface BalanceEvent extends Balance {
    name: string;
}
/** The payload of the wallet.txStatus topic. */
export interface TxStatusEvent {
    account: string;
    txId: string;
    status: TxStatus;
    reason?: string;
    height?: number;
}
/** The payload of the wallet.sync topic. */
export type SyncEvent = SyncStatus;
/** The params of subscribe. */
export interface SubscribeParams {
    topic: string;
}
/** The params of unsubscribe. */
export interface UnsubscribeParams {
    id: string;
}
/** The params of auth. */
export interface AuthParams {
    token: string;
}
/** The OpenRPC 1.2 document that rpc.discover returns (the parts a client reads). */
export interface OpenRPCDocument {
    openrpc: string;
    info: {
        title: string;
        version: string;
        [key: string]: unknown;
    };
    methods: OpenRPCMethod[];
    [key: string]: unknown;
}
/** One method of an OpenRPC document. */
export interface OpenRPCMethod {
    name: string;
    summary?: string;
    description?: string;
    paramStructure?: string;
    params: Array<{
        name: string;
        description?: string;
        required?: boolean;
        schema: unknown;
    }>;
    result: {
        name: string;
        description?: string;
        schema: unknown;
    };
    errors?: Array<{
        code: number;
        message: string;
    }>;
    [key: string]: unknown;
}
/** Params and result of every method, for the generic `call`. */
export interface MethodSignatures {
    [MethodNodeStatus]: {
        params: Record<string, never>;
        result: NodeStatus;
    };
    [MethodChainBlock]: {
        params: BlockParams;
        result: Block;
    };
    [MethodChainTx]: {
        params: TxParams;
        result: Tx;
    };
    [MethodChainValidators]: {
        params: Record<string, never>;
        result: Validators;
    };
    [MethodChainAwardPool]: {
        params: Record<string, never>;
        result: AwardPool;
    };
    [MethodChainAwards]: {
        params: AwardsParams;
        result: Award[];
    };
    [MethodWalletCreateAccount]: {
        params: CreateAccountParams;
        result: CreateAccountResult;
    };
    [MethodWalletRecoverAccount]: {
        params: RecoverAccountParams;
        result: Account;
    };
    [MethodWalletImportViewOnly]: {
        params: ImportViewOnlyParams;
        result: Account;
    };
    [MethodWalletListAccounts]: {
        params: Record<string, never>;
        result: Account[];
    };
    [MethodWalletUnlock]: {
        params: UnlockParams;
        result: Account;
    };
    [MethodWalletLock]: {
        params: AccountParams;
        result: Account;
    };
    [MethodWalletChangePassword]: {
        params: ChangePasswordParams;
        result: boolean;
    };
    [MethodWalletDeleteAccount]: {
        params: DeleteAccountParams;
        result: DeleteAccountResult;
    };
    [MethodWalletAddress]: {
        params: AccountParams;
        result: AddressResult;
    };
    [MethodWalletBalance]: {
        params: AccountParams;
        result: Balance;
    };
    [MethodWalletSyncStatus]: {
        params: AccountParams;
        result: SyncStatus;
    };
    [MethodWalletViewKey]: {
        params: ViewKeyParams;
        result: ViewKeyResult;
    };
    [MethodWalletSend]: {
        params: SendParams;
        result: SendResult;
    };
    [MethodWalletEstimateFee]: {
        params: EstimateFeeParams;
        result: FeeEstimate;
    };
    [MethodWalletHistory]: {
        params: HistoryParams;
        result: HistoryEntry[];
    };
    [MethodWalletPaymentProof]: {
        params: PaymentProofParams;
        result: PaymentProof;
    };
    [MethodWalletVerifyPaymentProof]: {
        params: VerifyPaymentProofParams;
        result: PaymentProofCheck;
    };
    [MethodWalletStake]: {
        params: StakeParams;
        result: SendResult;
    };
    [MethodWalletUnstake]: {
        params: UnstakeParams;
        result: SendResult;
    };
    [MethodWalletStakes]: {
        params: StakesParams;
        result: Stakes;
    };
    [MethodWalletWithdrawRewards]: {
        params: WithdrawRewardsParams;
        result: SendResult;
    };
    [MethodWalletUnjail]: {
        params: UnjailParams;
        result: SendResult;
    };
    [MethodBusSend]: {
        params: BusSendParams;
        result: BusSendResult;
    };
    [MethodBusMessages]: {
        params: BusMessagesParams;
        result: BusPacket[];
    };
    [MethodBusOutbox]: {
        params: BusOutboxParams;
        result: BusOutboxEntry[];
    };
    [MethodChatContactsAdd]: {
        params: ChatContactParams;
        result: ChatContact;
    };
    [MethodChatContactsList]: {
        params: ChatAccountParams;
        result: ChatContact[];
    };
    [MethodChatContactsRemove]: {
        params: ChatContactParams;
        result: ChatContact;
    };
    [MethodChatSend]: {
        params: ChatSendParams;
        result: ChatMessage;
    };
    [MethodChatHistory]: {
        params: ChatHistoryParams;
        result: ChatMessage[];
    };
    [MethodChatInvite]: {
        params: ChatInviteParams;
        result: ChatInvite;
    };
    [MethodChatGroupsCreate]: {
        params: ChatGroupCreateParams;
        result: ChatGroup;
    };
    [MethodChatGroupsInvite]: {
        params: ChatGroupMemberParams;
        result: ChatGroup;
    };
    [MethodChatGroupsJoin]: {
        params: ChatGroupParams;
        result: ChatGroup;
    };
    [MethodChatGroupsRemove]: {
        params: ChatGroupMemberParams;
        result: ChatGroup;
    };
    [MethodChatGroupsLeave]: {
        params: ChatGroupParams;
        result: ChatGroup;
    };
    [MethodChatGroupsSend]: {
        params: ChatSendParams;
        result: ChatMessage;
    };
    [MethodChatGroupsList]: {
        params: ChatAccountParams;
        result: ChatGroup[];
    };
    [MethodChatChannelsCreate]: {
        params: ChatChannelCreateParams;
        result: ChatChannel;
    };
    [MethodChatChannelsPost]: {
        params: ChatSendParams;
        result: ChatMessage;
    };
    [MethodChatChannelsJoin]: {
        params: ChatChannelJoinParams;
        result: ChatChannel;
    };
    [MethodChatChannelsList]: {
        params: ChatAccountParams;
        result: ChatChannel[];
    };
    [MethodSubscribe]: {
        params: SubscribeParams;
        result: string;
    };
    [MethodUnsubscribe]: {
        params: UnsubscribeParams;
        result: boolean;
    };
    [MethodAuth]: {
        params: AuthParams;
        result: boolean;
    };
    [MethodDiscover]: {
        params: Record<string, never>;
        result: OpenRPCDocument;
    };
}
/** One validator as chain.validators shows it. */
export interface Validator {
    /** The ed25519 consensus public key (hex). */
    key: string;
    /** Its CometBFT address (hex). */
    address: string;
    /** The key of its beacon contributions (hex). */
    vrfKey: string;
    /** µSTG bonded to it. */
    stake: number;
    /** Its voting power in CometBFT. */
    power: number;
    /** µSTG earned and not withdrawn. */
    rewards: number;
    active: boolean;
    activeSince?: number;
    jailed: boolean;
    jailedAt?: number;
    tombstoned: boolean;
    /** Blocks of the current award period it signed and missed. */
    periodSigned: number;
    periodMissed: number;
    /** Whether it would be in the award draw if the period ended now. */
    eligible: boolean;
    /** The first height at which a jailed, not tombstoned validator may unjail. */
    unjailAt?: number;
    /**
     * The key registered by its first stake, which authorizes withdrawing its
     * rewards and unjailing it (hex; absent for a genesis validator without stake).
     */
    owner?: string;
    /** Counts the owner's operations (withdrawals and unjails). */
    nonce: number;
}
/** The result of chain.validators. */
export interface Validators {
    height: number;
    epoch: number;
    /** The height at which the set changes next. */
    nextEpoch: number;
    validators: Validator[];
}
/** The result of chain.awardPool: the Validator Service Award. */
export interface AwardPool {
    height: number;
    /** What the next winner gets so far, in µSTG. */
    pool: number;
    periodStart: number;
    nextDraw: number;
    /** The block whose beacon seeds the next draw. */
    seedHeight: number;
    minted: number;
    awarded: number;
    slashed: number;
    /** The randomness beacon after the latest block (hex). */
    beacon: string;
}
/** The params of chain.awards. */
export interface AwardsParams {
    /** At most this many draws (default 20). */
    limit?: number;
}
/** One draw of the Validator Service Award. */
export interface Award {
    height: number;
    /** The consensus key drawn (hex); absent when nobody was eligible. */
    winner?: string;
    amount: number;
    eligible: number;
    seed: string;
}
/** The params of wallet.stake: bond amount µSTG to a validator. */
export interface StakeParams {
    /** The account that stakes and owns the stake; the first account when omitted. */
    account?: string;
    /**
     * The validator's token (stgval1…, as `stegosd validator-info` prints
     * it), which its first stake needs; for a validator already staked, also
     * its consensus key (hex) or a unique prefix of it (at least 4 hex digits).
     */
    validator: string;
    /** Optional (the token carries the VRF key): if given, it must be the validator's. */
    vrfKey?: string;
    /** The µSTG to bond; a validator's first stake must be at least the network's minimum stake. */
    amount: number;
    /** The µSTG fee; 0 or absent pays the minimum. */
    fee?: number;
    /**
     * Stake even to a validator that another account owns, that is jailed or
     * that is tombstoned; without it such a stake rejects (isStaking) with the
     * reason.
     */
    force?: boolean;
}
/** The params of wallet.unstake: spend unlocked stake outputs back into the account's balance. */
export interface UnstakeParams {
    account?: string;
    /** Limits the unstake to one validator: its key (hex) or a unique prefix of it. */
    validator?: string;
    /**
     * The µSTG to unbond; 0 or absent unbonds every unlocked stake. A part of
     * an output is unbonded by bonding the rest anew (which starts a new lock
     * for the rest).
     */
    amount?: number;
    fee?: number;
    /**
     * Allows an unstake without `validator` to spend more than one stake
     * output; without either, such an unstake rejects with the list of
     * validators.
     */
    all?: boolean;
}
/** The params of wallet.stakes. */
export interface StakesParams {
    account?: string;
}
/** The result of wallet.stakes: the account's stake outputs and the validators it owns. */
export interface Stakes {
    account: string;
    /** The chain height the lock states refer to. */
    height: number;
    stakes: StakeInfo[];
    /** The validators whose owner key is the account's: their rewards are the account's to withdraw. */
    validators: Validator[];
}
/** One stake output of an account. */
export interface StakeInfo {
    id: string;
    txId: string;
    validator: string;
    amount: number;
    /** The block that bonded it. */
    height: number;
    /** The first block in which it may be spent. */
    unlockHeight: number;
    unlocked: boolean;
    /** True while a transaction of the account spends it. */
    pending?: boolean;
}
/** The params of wallet.withdrawRewards. */
export interface WithdrawRewardsParams {
    account?: string;
    /** The validator (hex) whose rewards to withdraw; may be absent when the account owns exactly one. */
    validator?: string;
    /** The µSTG to withdraw (the fee is paid from it); 0 or absent withdraws everything accrued. */
    amount?: number;
}
/** The params of wallet.unjail. */
export interface UnjailParams {
    account?: string;
    /** The jailed validator (hex); may be absent when the account owns exactly one. */
    validator?: string;
}
