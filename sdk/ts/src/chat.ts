// The chat part of the API contract, mirrored from the Go package
// github.com/stegos-go/stegos/api (chat.go): 1:1 conversations, groups and
// channels on the message bus (docs/chat.md). Every chat method takes the
// account that is the chat identity (its name or id; the first account
// when omitted); group and channel accounts are made and used by the chat
// itself. No Node module is imported: the browser build uses this file too.

import type { Timestamp } from "./timestamp.js";

export const MethodChatContactsAdd = "chat.contacts.add";
export const MethodChatContactsList = "chat.contacts.list";
export const MethodChatContactsRemove = "chat.contacts.remove";
export const MethodChatSend = "chat.send";
export const MethodChatHistory = "chat.history";
export const MethodChatInvite = "chat.invite";

export const MethodChatGroupsCreate = "chat.groups.create";
export const MethodChatGroupsInvite = "chat.groups.invite";
export const MethodChatGroupsJoin = "chat.groups.join";
export const MethodChatGroupsRemove = "chat.groups.remove";
export const MethodChatGroupsLeave = "chat.groups.leave";
export const MethodChatGroupsSend = "chat.groups.send";
export const MethodChatGroupsList = "chat.groups.list";

export const MethodChatChannelsCreate = "chat.channels.create";
export const MethodChatChannelsPost = "chat.channels.post";
export const MethodChatChannelsJoin = "chat.channels.join";
export const MethodChatChannelsList = "chat.channels.list";

/**
 * Delivers a ChatEvent when a chat message arrives, when the status of a
 * sent one changes (delivered, not delivered) and when a group invitation
 * or re-key arrives, for every account: onChatMessage filters by account
 * and conversation in the client.
 */
export const TopicChatMessage = "chat.message";

/**
 * The account's role does not allow this chat operation (only a group's
 * owner and admins invite and remove, only a channel's owner posts); the
 * message says which.
 */
export const CodeNotAllowed = -32026;

/** Waiting for the account's coins or the wallet's scan. */
export const ChatStatusQueued = "queued";
/** In a transaction, no receipt yet. */
export const ChatStatusSent = "sent";
/** The recipient's receipt came back. */
export const ChatStatusDelivered = "delivered";
/** No receipt within the retention window. */
export const ChatStatusNotDelivered = "not delivered";
/** A message to this account. */
export const ChatStatusReceived = "received";

/** The status of a ChatMessage. */
export type ChatStatus =
  | typeof ChatStatusQueued
  | typeof ChatStatusSent
  | typeof ChatStatusDelivered
  | typeof ChatStatusNotDelivered
  | typeof ChatStatusReceived;

/** Names a contact of an account (chat.contacts.add and chat.contacts.remove). */
export interface ChatContactParams {
  /** The chat identity; the first account when omitted. */
  account?: string;
  /** The contact's address, a stegos: URI or (except in chat.contacts.add) the local name of a contact. */
  contact: string;
  /** The local name to give the contact (chat.contacts.add); a URI's suggested name when omitted. */
  name?: string;
}

/** Names the chat identity only (the list methods). */
export interface ChatAccountParams {
  /** The chat identity; the first account when omitted. */
  account?: string;
}

/** An entry of an account's address book. */
export interface ChatContact {
  address: string;
  /** The local name given to the contact; empty for someone who wrote first and was not named yet. */
  name: string;
  /** The display name the contact chose, from their latest message. */
  peerName?: string;
  /** True for a contact added because they wrote first. */
  unsolicited?: boolean;
  added: Timestamp;
  /** The contact's stegos: URI (with the local name). */
  uri: string;
}

/** The params of chat.send, chat.groups.send and chat.channels.post. */
export interface ChatSendParams {
  /** The chat identity that sends and pays; the first account when omitted. */
  account?: string;
  /** The contact (chat.send), the group (chat.groups.send) or the channel (chat.channels.post). */
  to: string;
  /** 1 to 16 384 bytes of UTF-8. */
  text: string;
  /** The name shown to the recipients (at most 64 bytes); it travels inside the message, never on chain. */
  displayName?: string;
  /** The id of the message this one answers. */
  replyTo?: string;
  /** The id of the account's earlier message in the conversation that this one replaces. */
  edits?: string;
}

/** The params of chat.history. */
export interface ChatHistoryParams {
  /** The chat identity; the first account when omitted. */
  account?: string;
  /** The conversation: a contact (name, address or URI), a group (id or name) or a channel (address or name). */
  with: string;
  /** The most messages returned, the latest ones (100 when omitted). */
  limit?: number;
}

/** A message of a conversation. */
export interface ChatMessage {
  /** Identifies the message (32 hex digits). */
  id: string;
  /** "contact:ADDRESS", "group:ID" or "channel:ADDRESS". */
  conversation: string;
  /** "in" (received) or "out" (sent by this account). */
  direction: string;
  /** The sender's address. */
  from: string;
  /** The display name the sender chose. */
  fromName?: string;
  /** The local name of the contact a 1:1 message is from or to, or of a group message's sender. */
  contact?: string;
  /** The sender's order in the conversation. */
  seq: number;
  text: string;
  /** The id of the message this one answers. */
  replyTo?: string;
  /** True when the sender replaced the text since (the text is the latest). */
  edited?: boolean;
  /** "queued", "sent", "delivered" or "not delivered" for a message sent 1:1, "sent" for a group or channel, "received". */
  status: string;
  /** When the sender wrote it, by the sender's clock. */
  time: Timestamp;
  /** The block that brought it (received), or the chain height when it was sent. */
  height: number;
  /** The transactions that carried it. */
  txIds?: string[];
}

/** The params of chat.groups.create. */
export interface ChatGroupCreateParams {
  /** The chat identity that owns the group; the first account when omitted. */
  account?: string;
  /** The group's name (at most 64 bytes), shown to members. */
  name: string;
  /** Encrypts the group's accounts in this wallet. */
  password: string;
}

/** The params of chat.groups.invite and chat.groups.remove. */
export interface ChatGroupMemberParams {
  /** The chat identity, the group's owner or an admin; the first account when omitted. */
  account?: string;
  /** The group's id or name. */
  group: string;
  /** The member's address, stegos: URI or contact name. */
  member: string;
  /** "member" (the default) or "admin" (chat.groups.invite). */
  role?: string;
  /** The inviter's name shown to the invitee (chat.groups.invite). */
  displayName?: string;
}

/** Names a group (chat.groups.join and chat.groups.leave). */
export interface ChatGroupParams {
  /** The chat identity; the first account when omitted. */
  account?: string;
  /** The group's id or name. */
  group: string;
  /** Encrypts the group's accounts in this wallet (chat.groups.join). */
  password?: string;
}

/** A group an account belongs to or was invited to. */
export interface ChatGroup {
  /** Identifies the group across epochs (32 hex digits). */
  id: string;
  name: string;
  /** "invited" (an invitation waits for chat.groups.join), "member", "left" or "removed". */
  state: string;
  /** The account's role: "owner", "admin" or "member". */
  role: string;
  /** Counts the group's re-keys. */
  epoch: number;
  /** The current group account's address. */
  address: string;
  /** The current group account's id in this wallet. */
  account?: string;
  /** The roster. */
  members: ChatMember[];
  /** The address of the member who sent the invitation. */
  invitedBy?: string;
}

/** A roster entry. */
export interface ChatMember {
  address: string;
  /** "owner", "admin" or "member". */
  role: string;
  /** The member's local name, if a contact. */
  contact?: string;
}

/** The params of chat.channels.create. */
export interface ChatChannelCreateParams {
  /** The chat identity that owns the channel and pays for posts; the first account when omitted. */
  account?: string;
  /** The channel's name (at most 64 bytes), carried by its invite. */
  name: string;
  /** Encrypts the channel account in this wallet. */
  password: string;
}

/** The params of chat.channels.join. */
export interface ChatChannelJoinParams {
  /** The chat identity that reads the channel; the first account when omitted. */
  account?: string;
  /** The channel's stegos: URI (chat.invite on the owner's side). */
  invite: string;
  /** Encrypts the view-only channel account in this wallet. */
  password: string;
}

/** A channel an account owns or reads. */
export interface ChatChannel {
  address: string;
  name: string;
  /** The address whose signed posts the channel shows. */
  owner: string;
  /** True for the owner's account. */
  owned: boolean;
  /** The channel account's id in this wallet (view-only for a reader). */
  account: string;
  /** The invite (owner only): anyone with it reads the channel. */
  uri?: string;
}

/** The params of chat.invite. */
export interface ChatInviteParams {
  /** The chat identity; the first account when omitted. */
  account?: string;
  /** The channel (address or name) the account owns; omitted gives the account's own contact URI. */
  channel?: string;
  /** The display name the contact URI suggests. */
  name?: string;
}

/** The result of chat.invite. */
export interface ChatInvite {
  /** The stegos: URI text (show it as a QR code). */
  uri: string;
}

/** The payload of the chat.message topic. */
export interface ChatEvent {
  /** The id of the chat identity concerned. */
  account: string;
  /** "message" (a message arrived), "status" (a sent message's status changed), "invite" (a group invitation arrived) or "group" (a group's roster or epoch changed). */
  kind: string;
  message?: ChatMessage;
  group?: ChatGroup;
}

/** Narrows onChatMessage to one account and/or one conversation. */
export interface ChatFilter {
  /** Deliver only the events of this chat identity (its account id, as Account.id). */
  account?: string;
  /**
   * Deliver only the events of this conversation ("contact:ADDRESS",
   * "group:ID" or "channel:ADDRESS"): its messages and, for a group, the
   * changes of the group.
   */
  conversation?: string;
}

/** Reports whether a chat.message payload passes a filter. */
export function chatEventMatches(filter: ChatFilter, e: ChatEvent): boolean {
  if (filter.account !== undefined && e.account !== filter.account) return false;
  if (filter.conversation === undefined) return true;
  if (e.message !== undefined) return e.message.conversation === filter.conversation;
  return e.group !== undefined && `group:${e.group.id}` === filter.conversation;
}

/** The conversation key of a contact's address, as ChatMessage.conversation has it. */
export function contactConversation(address: string): string {
  return `contact:${address}`;
}

/** The conversation key of a group's id. */
export function groupConversation(id: string): string {
  return `group:${id}`;
}

/** The conversation key of a channel's address. */
export function channelConversation(address: string): string {
  return `channel:${address}`;
}
