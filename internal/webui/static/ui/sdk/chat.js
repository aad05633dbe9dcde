// The chat part of the API contract, mirrored from the Go package
// github.com/stegos-go/stegos/api (chat.go): 1:1 conversations, groups and
// channels on the message bus (docs/chat.md). Every chat method takes the
// account that is the chat identity (its name or id; the first account
// when omitted); group and channel accounts are made and used by the chat
// itself. No Node module is imported: the browser build uses this file too.
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
/** Reports whether a chat.message payload passes a filter. */
export function chatEventMatches(filter, e) {
    if (filter.account !== undefined && e.account !== filter.account)
        return false;
    if (filter.conversation === undefined)
        return true;
    if (e.message !== undefined)
        return e.message.conversation === filter.conversation;
    return e.group !== undefined && `group:${e.group.id}` === filter.conversation;
}
/** The conversation key of a contact's address, as ChatMessage.conversation has it. */
export function contactConversation(address) {
    return `contact:${address}`;
}
/** The conversation key of a group's id. */
export function groupConversation(id) {
    return `group:${id}`;
}
/** The conversation key of a channel's address. */
export function channelConversation(address) {
    return `channel:${address}`;
}
