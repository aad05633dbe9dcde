package cli

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stegos-go/stegos/api"
)

const (
	groupID   = "9e0000000000000000000000000000aa"
	groupAddr = "stg1qgroup00000000000000000000000000000000000000000000000000000"
	chanAddr  = "stg1qnews000000000000000000000000000000000000000000000000000000"
	msgID     = "3c000000000000000000000000000001"
	chanURI   = "stegos:" + chanAddr + "?name=news&chat=channel&key=00"
)

var (
	bobContact = api.ChatContact{Address: bobAddr, Name: "bob", PeerName: "Bobby", Added: t0, URI: "stegos:" + bobAddr + "?name=bob"}
	strangerC  = api.ChatContact{Address: "stg1qstranger00000000000000000000000000000000000000000000000000", PeerName: "Eve\x1b[2J", Unsolicited: true, Added: t0}
	history2   = []api.ChatMessage{
		{ID: msgID, Conversation: "contact:" + bobAddr, Direction: "out", From: aliceAddr, Contact: "bob", Seq: 1, Text: "hi bob",
			Status: api.ChatStatusDelivered, Time: t0, Height: 40, TxIDs: []string{txID}},
		{ID: "3c000000000000000000000000000002", Conversation: "contact:" + bobAddr, Direction: "in", From: bobAddr, FromName: "Bobby",
			Contact: "bob", Seq: 1, Text: "hello alice\nsecond line\x1b[31m", ReplyTo: msgID, Edited: true,
			Status: api.ChatStatusReceived, Time: t0.Add(90e9), Height: 41},
	}
	friends = api.ChatGroup{ID: groupID, Name: "friends", State: "member", Role: "owner", Epoch: 2, Address: groupAddr, Account: "9f00",
		Members: []api.ChatMember{{Address: aliceAddr, Role: "owner"}, {Address: bobAddr, Role: "member", Contact: "bob"}}}
	invitedTo = api.ChatGroup{ID: "9e0000000000000000000000000000bb", Name: "club", State: "invited", Role: "member",
		Address: groupAddr, InvitedBy: bobAddr, Members: []api.ChatMember{{Address: bobAddr, Role: "owner"}}}
	news = api.ChatChannel{Address: chanAddr, Name: "news", Owner: aliceAddr, Owned: true, Account: "c4a0", URI: chanURI}
	read = api.ChatChannel{Address: "stg1qread000000000000000000000000000000000000000000000000000000", Name: "weather", Owner: bobAddr, Account: "c4a1"}
)

// sentMessage is what the send methods answer: the text sent, status
// sent (queued for the text "queue me").
func sentMessage(conv string, p api.ChatSendParams) api.ChatMessage {
	status := api.ChatStatusSent
	if p.Text == "queue me" {
		status = api.ChatStatusQueued
	}
	return api.ChatMessage{ID: "3c0000000000000000000000000000ff", Conversation: conv, Direction: "out", From: aliceAddr,
		Text: p.Text, FromName: p.DisplayName, ReplyTo: p.ReplyTo, Status: status, Time: t0, Height: 42}
}

// chatHandlers answer every chat method with the values above.
func chatHandlers() map[string]handlerFunc {
	return map[string]handlerFunc{
		api.MethodChatContactsAdd: strict(func(p api.ChatContactParams) (any, error) {
			c := bobContact
			c.Name = p.Name
			return c, nil
		}),
		api.MethodChatContactsList:   fixed[api.ChatAccountParams]([]api.ChatContact{bobContact, strangerC}),
		api.MethodChatContactsRemove: fixed[api.ChatContactParams](bobContact),
		api.MethodChatSend: strict(func(p api.ChatSendParams) (any, error) {
			return sentMessage("contact:"+bobAddr, p), nil
		}),
		api.MethodChatHistory: fixed[api.ChatHistoryParams](history2),
		api.MethodChatInvite: strict(func(p api.ChatInviteParams) (any, error) {
			if p.Channel != "" {
				return api.ChatInvite{URI: chanURI}, nil
			}
			return api.ChatInvite{URI: "stegos:" + aliceAddr + "?name=" + p.Name}, nil
		}),
		api.MethodChatGroupsCreate: strict(func(p api.ChatGroupCreateParams) (any, error) {
			g := friends
			g.Name, g.Epoch, g.Members = p.Name, 0, g.Members[:1]
			return g, nil
		}),
		api.MethodChatGroupsInvite: fixed[api.ChatGroupMemberParams](friends),
		api.MethodChatGroupsJoin:   fixed[api.ChatGroupParams](friends),
		api.MethodChatGroupsRemove: strict(func(p api.ChatGroupMemberParams) (any, error) {
			g := friends
			g.Epoch, g.Members = 3, g.Members[:1]
			return g, nil
		}),
		api.MethodChatGroupsLeave: strict(func(p api.ChatGroupParams) (any, error) {
			g := friends
			g.State = "left"
			return g, nil
		}),
		api.MethodChatGroupsSend: strict(func(p api.ChatSendParams) (any, error) {
			return sentMessage("group:"+groupID, p), nil
		}),
		api.MethodChatGroupsList:     fixed[api.ChatAccountParams]([]api.ChatGroup{friends, invitedTo}),
		api.MethodChatChannelsCreate: fixed[api.ChatChannelCreateParams](news),
		api.MethodChatChannelsPost: strict(func(p api.ChatSendParams) (any, error) {
			return sentMessage("channel:"+chanAddr, p), nil
		}),
		api.MethodChatChannelsJoin: fixed[api.ChatChannelJoinParams](read),
		api.MethodChatChannelsList: fixed[api.ChatAccountParams]([]api.ChatChannel{news, read}),
	}
}

// TestChatHumanOutput runs every chat command and checks what people see
// and the params each sends.
func TestChatHumanOutput(t *testing.T) {
	t.Parallel()
	f := newFixture(t, chatHandlers())
	pw := opts{env: map[string]string{EnvPassword: "group pw"}}
	tests := []struct {
		o      opts
		args   []string
		want   []string
		method string
		params string
	}{
		{opts{}, []string{"chat", "contacts", "add", bobAddr, "bob"},
			[]string{"Added contact bob (" + bobAddr + ").", "stegos chat send bob TEXT"},
			api.MethodChatContactsAdd, `{"contact":"` + bobAddr + `","name":"bob"}`},
		{opts{}, []string{"--account", "alice", "chat", "contacts", "list"},
			[]string{"NAME             THEIR NAME  ADDED                ADDRESS",
				"bob              Bobby       2026-03-01 12:00:00  " + bobAddr,
				"- (wrote first)  Eve\uFFFD[2J     2026-03-01 12:00:00  " + strangerC.Address},
			api.MethodChatContactsList, `{"account":"alice"}`},
		{opts{}, []string{"chat", "contacts", "remove", "bob"},
			[]string{"Removed contact bob (" + bobAddr + ")."},
			api.MethodChatContactsRemove, `{"contact":"bob"}`},
		{opts{}, []string{"chat", "send", "bob", "hello there", "--name", "Alice", "--reply-to", msgID},
			[]string{"Message 3c0000000000000000000000000000ff to bob is sent."},
			api.MethodChatSend, `{"to":"bob","text":"hello there","displayName":"Alice","replyTo":"` + msgID + `"}`},
		{opts{}, []string{"chat", "send", "bob", "queue me"},
			[]string{"to bob is queued: it goes out once the account can send"},
			api.MethodChatSend, `{"to":"bob","text":"queue me"}`},
		{opts{stdin: "line one\nline two\n"}, []string{"chat", "send", "bob", "-", "--edit", msgID},
			[]string{"to bob is sent."},
			api.MethodChatSend, `{"to":"bob","text":"line one\nline two","edits":"` + msgID + `"}`},
		{opts{}, []string{"chat", "history", "bob", "--limit", "2"},
			[]string{"2026-03-01 12:00:00  you: hi bob  (delivered)\n",
				"2026-03-01 12:01:30  bob: [re 3c000000] hello alice\n    second line\uFFFD[31m  (edited)\n"},
			api.MethodChatHistory, `{"with":"bob","limit":2}`},
		{opts{}, []string{"chat", "invite", "--name", "Alice"},
			[]string{"stegos:" + aliceAddr + "?name=Alice\n"},
			api.MethodChatInvite, `{"name":"Alice"}`},
		{opts{}, []string{"chat", "invite", "--channel", "news"},
			[]string{chanURI + "\n"},
			api.MethodChatInvite, `{"channel":"news"}`},
		{pw, []string{"chat", "groups", "create", "friends"},
			[]string{"Created group friends (id " + groupID + ").", "stegos chat groups invite friends CONTACT"},
			api.MethodChatGroupsCreate, `{"name":"friends","password":"group pw"}`},
		{opts{}, []string{"chat", "groups", "invite", "friends", "bob", "--admin", "--name", "Alice"},
			[]string{"Invited bob to group friends as an admin."},
			api.MethodChatGroupsInvite, `{"group":"friends","member":"bob","role":"admin","displayName":"Alice"}`},
		{opts{}, []string{"chat", "groups", "remove", "friends", "bob"},
			[]string{"Removed bob from group friends: the group is re-keyed (epoch 3, 1 member left)."},
			api.MethodChatGroupsRemove, `{"group":"friends","member":"bob"}`},
		{opts{}, []string{"chat", "groups", "leave", "friends"},
			[]string{"Left group friends."},
			api.MethodChatGroupsLeave, `{"group":"friends"}`},
		{opts{}, []string{"chat", "groups", "send", "friends", "hi all"},
			[]string{"to group friends is sent."},
			api.MethodChatGroupsSend, `{"to":"friends","text":"hi all"}`},
		{opts{}, []string{"chat", "groups", "list"},
			[]string{"NAME     STATE                       ROLE    MEMBERS  EPOCH  ID",
				"friends  member                      owner   2        2      " + groupID,
				"club     invited by stg1qbob000000…  member  1        0      " + invitedTo.ID},
			api.MethodChatGroupsList, `{}`},
		{pw, []string{"chat", "groups", "join", "club"},
			[]string{"Joined group friends (2 members)."},
			api.MethodChatGroupsJoin, `{"group":"club","password":"group pw"}`},
		{pw, []string{"chat", "channels", "create", "news"},
			[]string{"Created channel news (" + chanAddr + ").", "Its invite (anyone with it reads the channel):\n" + chanURI},
			api.MethodChatChannelsCreate, `{"name":"news","password":"group pw"}`},
		{opts{}, []string{"chat", "channels", "post", "news", "big news"},
			[]string{"to channel news is sent."},
			api.MethodChatChannelsPost, `{"to":"news","text":"big news"}`},
		{pw, []string{"chat", "channels", "join", chanURI},
			[]string{"Joined channel weather (" + read.Address + ").", "stegos chat history weather"},
			api.MethodChatChannelsJoin, `{"invite":"` + strings.ReplaceAll(chanURI, "&", `\u0026`) + `","password":"group pw"}`},
		{opts{}, []string{"chat", "channels", "list"},
			[]string{"NAME     ROLE    ADDRESS", "news     owner   " + chanAddr, "weather  reader  " + read.Address + "  stg1qbob000000…"},
			api.MethodChatChannelsList, `{}`},
	}
	for _, tt := range tests {
		n := len(f.params(tt.method))
		r := f.run(t, tt.o, tt.args...)
		r.want(t, ExitOK, tt.want...)
		if strings.Contains(r.stdout, "\x1b") {
			t.Errorf("%v: output holds an escape sequence: %q", tt.args, r.stdout)
		}
		got := f.params(tt.method)
		if len(got) != n+1 || got[n] != tt.params {
			t.Errorf("%v: %s params %q, want %s", tt.args, tt.method, got[n:], tt.params)
		}
	}
}

// TestChatJSON: with --json each command prints its API result as is.
func TestChatJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t, chatHandlers())
	pw := opts{env: map[string]string{EnvPassword: "pw"}}
	decode := func(t *testing.T, r result, v any) {
		t.Helper()
		r.want(t, ExitOK)
		if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
			t.Fatalf("stdout is not JSON (%v): %s", err, r.stdout)
		}
	}
	var contacts []api.ChatContact
	decode(t, f.run(t, opts{}, "chat", "contacts", "list", "--json"), &contacts)
	if !reflect.DeepEqual(contacts, []api.ChatContact{bobContact, strangerC}) {
		t.Errorf("contacts %+v", contacts)
	}
	var ms []api.ChatMessage
	decode(t, f.run(t, opts{}, "chat", "history", "bob", "--json"), &ms)
	if !reflect.DeepEqual(ms, history2) {
		t.Errorf("history %+v", ms)
	}
	var m api.ChatMessage
	decode(t, f.run(t, opts{}, "chat", "send", "bob", "hi", "--json"), &m)
	if m.Text != "hi" || m.Status != api.ChatStatusSent {
		t.Errorf("sent %+v", m)
	}
	var g api.ChatGroup
	decode(t, f.run(t, pw, "chat", "groups", "create", "friends", "--json"), &g)
	if g.ID != groupID || g.Name != "friends" {
		t.Errorf("group %+v", g)
	}
	var gs []api.ChatGroup
	decode(t, f.run(t, opts{}, "chat", "groups", "list", "--json"), &gs)
	if len(gs) != 2 || gs[1].State != "invited" {
		t.Errorf("groups %+v", gs)
	}
	var ch api.ChatChannel
	decode(t, f.run(t, pw, "chat", "channels", "create", "news", "--json"), &ch)
	if ch != news {
		t.Errorf("channel %+v", ch)
	}
	var inv api.ChatInvite
	decode(t, f.run(t, opts{}, "chat", "invite", "--json"), &inv)
	if !strings.HasPrefix(inv.URI, "stegos:"+aliceAddr) {
		t.Errorf("invite %+v", inv)
	}
}

// TestChatErrors: usage mistakes fail before any call; the API's errors
// come through with their code under --json; passwords are asked twice on
// a terminal.
func TestChatErrors(t *testing.T) {
	t.Parallel()
	h := chatHandlers()
	h[api.MethodChatSend] = apiErr(api.CodeInvalidParams, "chat: no contact named \"carol\"", nil)
	f := newFixture(t, h)
	f.run(t, opts{}, "chat", "send", "bob").want(t, ExitUsage, "stegos chat send takes CONTACT TEXT (1 given)")
	f.run(t, opts{}, "chat", "send", "bob", "  ").want(t, ExitUsage, "the message is empty")
	f.run(t, opts{}, "chat", "groups").want(t, ExitOK, "create      Create a group the account owns")
	f.run(t, opts{}, "chat", "grups").want(t, ExitUsage, `unknown command "grups"`, "did you mean groups?")
	f.run(t, opts{}, "chat", "history", "bob", "--limit", "-1").want(t, ExitUsage, "--limit must not be negative")
	if n := f.total(); n != 0 {
		t.Fatalf("%d API calls for usage mistakes", n)
	}

	r := f.run(t, opts{}, "chat", "send", "carol", "hi")
	r.want(t, ExitError, `stegos: chat: no contact named "carol"`)
	r = f.run(t, opts{}, "chat", "send", "carol", "hi", "--json")
	var e jsonError
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil || e.Error.Code != api.CodeInvalidParams || !strings.Contains(e.Error.Message, "carol") {
		t.Errorf("--json error %s (%v)", r.stdout, err)
	}

	// On a terminal a new password is asked twice; a mismatch sends
	// nothing.
	r = f.run(t, opts{terminal: true, typed: []string{"pw1", "pw2"}}, "chat", "channels", "create", "news")
	r.want(t, ExitError, "the passwords do not match")
	r = f.run(t, opts{terminal: true, typed: []string{"pw1", "pw1"}}, "chat", "channels", "create", "news")
	r.want(t, ExitOK, "Created channel news")
	if got := f.params(api.MethodChatChannelsCreate); len(got) != 1 || got[0] != `{"name":"news","password":"pw1"}` {
		t.Errorf("chat.channels.create params %q", got)
	}
	// Without a terminal the password is a line of stdin.
	f.run(t, opts{stdin: "pw3\n"}, "chat", "groups", "join", "club").want(t, ExitOK, "Joined group")
	if got := f.params(api.MethodChatGroupsJoin); len(got) != 1 || got[0] != `{"group":"club","password":"pw3"}` {
		t.Errorf("chat.groups.join params %q", got)
	}
}
