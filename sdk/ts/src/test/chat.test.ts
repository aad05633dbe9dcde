// The chat methods of the SDK: each sends its method with the params as
// given (an account name or nothing for the list methods), onChatMessage
// subscribes to chat.message and keeps the events of one account and
// conversation, and chatEventMatches is that filter.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  CodeNotAllowed,
  SocketApi,
  StegosApi,
  StegosError,
  TopicChatMessage,
  chatEventMatches,
  contactConversation,
  groupConversation,
  isNotAllowed,
  type CallOptions,
  type ChatEvent,
  type ChatGroup,
  type ChatMessage,
  type Params,
} from "../index.js";

/** Records every call and answers with `answer`. */
class Recorder extends StegosApi {
  readonly calls: Array<[string, Params | undefined]> = [];
  constructor(private readonly answer: unknown = {}) {
    super();
  }
  call<T = unknown>(method: string, params?: Params, _opts?: CallOptions): Promise<T> {
    this.calls.push([method, params]);
    return Promise.resolve(this.answer as T);
  }
}

const message: ChatMessage = {
  id: "m1", conversation: "contact:dev1bob", direction: "in", from: "dev1bob", contact: "bob", seq: 1, text: "hi",
  status: "received", time: "2026-03-01T12:00:00Z", height: 7,
};
const group: ChatGroup = {
  id: "g1", name: "friends", state: "member", role: "owner", epoch: 1, address: "dev1group", members: [],
};

describe("chat methods", () => {
  test("each method sends its name and params", async () => {
    const c = new Recorder();
    await c.chatAddContact({ contact: "dev1bob", name: "bob" });
    await c.chatContacts();
    await c.chatContacts("alice");
    await c.chatRemoveContact({ account: "alice", contact: "bob" });
    await c.chatSend({ to: "bob", text: "hi", displayName: "Al", replyTo: "m0" });
    await c.chatHistory({ with: "bob", limit: 5 });
    await c.chatInvite();
    await c.chatInvite({ channel: "news" });
    await c.chatCreateGroup({ name: "friends", password: "pw" });
    await c.chatInviteToGroup({ group: "friends", member: "bob", role: "admin" });
    await c.chatJoinGroup({ account: "bob", group: "friends", password: "pw" });
    await c.chatRemoveFromGroup({ group: "friends", member: "bob" });
    await c.chatLeaveGroup({ group: "friends" });
    await c.chatSendGroup({ to: "friends", text: "hi all" });
    await c.chatGroups({ account: "bob" });
    await c.chatCreateChannel({ name: "news", password: "pw" });
    await c.chatPostChannel({ to: "news", text: "post" });
    await c.chatJoinChannel({ invite: "stegos:x?chat=channel", password: "pw" });
    await c.chatChannels();
    assert.deepEqual(c.calls, [
      ["chat.contacts.add", { contact: "dev1bob", name: "bob" }],
      ["chat.contacts.list", {}],
      ["chat.contacts.list", { account: "alice" }],
      ["chat.contacts.remove", { account: "alice", contact: "bob" }],
      ["chat.send", { to: "bob", text: "hi", displayName: "Al", replyTo: "m0" }],
      ["chat.history", { with: "bob", limit: 5 }],
      ["chat.invite", {}],
      ["chat.invite", { channel: "news" }],
      ["chat.groups.create", { name: "friends", password: "pw" }],
      ["chat.groups.invite", { group: "friends", member: "bob", role: "admin" }],
      ["chat.groups.join", { account: "bob", group: "friends", password: "pw" }],
      ["chat.groups.remove", { group: "friends", member: "bob" }],
      ["chat.groups.leave", { group: "friends" }],
      ["chat.groups.send", { to: "friends", text: "hi all" }],
      ["chat.groups.list", { account: "bob" }],
      ["chat.channels.create", { name: "news", password: "pw" }],
      ["chat.channels.post", { to: "news", text: "post" }],
      ["chat.channels.join", { invite: "stegos:x?chat=channel", password: "pw" }],
      ["chat.channels.list", {}],
    ]);
  });

  test("isNotAllowed", () => {
    assert.ok(isNotAllowed(new StegosError(CodeNotAllowed, "only the owner and admins remove", undefined, "chat.groups.remove")));
    assert.ok(!isNotAllowed(new Error("x")));
  });
});

describe("chat events", () => {
  const ev = (account: string, e: Partial<ChatEvent>): ChatEvent => ({ account, kind: "message", ...e });

  test("chatEventMatches filters by account and conversation", () => {
    const m = ev("a1", { message });
    const g = ev("a1", { kind: "group", group });
    assert.ok(chatEventMatches({}, m));
    assert.ok(chatEventMatches({ account: "a1" }, m));
    assert.ok(!chatEventMatches({ account: "b2" }, m));
    assert.ok(chatEventMatches({ conversation: contactConversation("dev1bob") }, m));
    assert.ok(!chatEventMatches({ conversation: contactConversation("dev1carol") }, m));
    assert.ok(!chatEventMatches({ conversation: contactConversation("dev1bob") }, g));
    assert.ok(chatEventMatches({ account: "a1", conversation: groupConversation("g1") }, g));
    assert.ok(!chatEventMatches({ account: "b2", conversation: groupConversation("g1") }, g));
  });

  test("onChatMessage subscribes to chat.message and keeps the events that match", async () => {
    /** A socket whose node answers subscribe and then publishes three events. */
    class FakeSocket extends SocketApi {
      readonly topics: string[] = [];
      constructor() {
        super("fake://", 1000);
      }
      protected sendText(text: string): void {
        const req = JSON.parse(text) as { id: number; method: string; params: { topic?: string } };
        queueMicrotask(() => {
          if (req.method !== "subscribe") {
            this.handleText(JSON.stringify({ jsonrpc: "2.0", id: req.id, result: true }));
            return;
          }
          this.topics.push(req.params.topic!);
          const sub = String(this.topics.length);
          this.handleText(JSON.stringify({ jsonrpc: "2.0", id: req.id, result: sub }));
          const other: ChatMessage = { ...message, id: "m2", conversation: "contact:dev1carol" };
          for (const result of [ev("b2", { message }), ev("a1", { message: other }), ev("a1", { kind: "status", message })]) {
            this.handleText(JSON.stringify({ jsonrpc: "2.0", method: "subscription", params: { subscription: sub, result } }));
          }
        });
      }
    }
    const c = new FakeSocket();
    const got: ChatEvent[] = [];
    const unsubscribe = await c.onChatMessage((e) => got.push(e), { account: "a1", conversation: "contact:dev1bob" });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(c.topics, [TopicChatMessage]);
    assert.deepEqual(got.map((e) => [e.account, e.kind, e.message?.id]), [["a1", "status", "m1"]]);
    await unsubscribe();
  });
});
