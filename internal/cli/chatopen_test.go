package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/stegos-go/stegos/api"
)

// syncBuffer is a bytes.Buffer the test reads while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// eventually waits until cond holds, failing after 10 s with what().
func eventually(t *testing.T, what func() string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// bobConv is the conversation with the contact bob.
var bobConv = chatConv{kind: "contact", to: bobAddr, key: "contact:" + bobAddr, title: "bob"}

// incoming is a message bob sends in the conversation conv.
func incoming(conv, id, text string) api.ChatMessage {
	return api.ChatMessage{ID: id, Conversation: conv, Direction: "in", From: bobAddr, Contact: "bob", Text: text,
		Status: api.ChatStatusReceived, Time: t0.Add(time.Hour), Height: 50}
}

// fakeSend records what the model sends and answers with the message
// sent, or err.
type fakeSend struct {
	texts []string
	err   error
}

func (f *fakeSend) send(text string) tea.Cmd {
	f.texts = append(f.texts, text)
	return func() tea.Msg {
		if f.err != nil {
			return chatSentMsg{err: f.err, text: text}
		}
		m := sentMessage(bobConv.key, api.ChatSendParams{Text: text})
		m.ID = "sent-" + text
		return chatSentMsg{msg: &m, text: text}
	}
}

func typeText(m tea.Model, s string) tea.Model {
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	return m
}

// TestChatModel drives the chat view's model without a terminal: the
// history, typing and sending (the message shows with its status),
// events of this conversation and not of others, a status change in
// place, a failed send (its text back in the input), quitting.
func TestChatModel(t *testing.T) {
	t.Parallel()
	events := make(chan api.ChatEvent, 4)
	fs := &fakeSend{}
	m := newChatModel(bobConv, history2, time.UTC, events, fs.send, func(err error) string { return "EXPLAINED " + err.Error() })
	var model tea.Model = m
	model, _ = model.Update(tea.WindowSizeMsg{Width: 100, Height: 12})
	view := model.View()
	for _, want := range []string{"Chat with bob", "Mar 1 12:00  you: hi bob  (delivered)", "Mar 1 12:01  bob: [re 3c000000] hello alice", "second line\uFFFD[31m  (edited)"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "\x1b[31m") {
		t.Errorf("the view passes on an escape sequence from a message:\n%q", view)
	}

	// Enter with nothing typed sends nothing.
	if _, cmd := model.Update(tea.KeyMsg{Type: tea.KeyEnter}); cmd != nil || len(fs.texts) != 0 {
		t.Fatalf("an empty line was sent: %q", fs.texts)
	}
	model = typeText(model, "how are you?")
	model, cmd := model.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil || len(fs.texts) != 1 || fs.texts[0] != "how are you?" {
		t.Fatalf("sent %q", fs.texts)
	}
	if m.input.Value() != "" || !strings.Contains(model.View(), "sending…") {
		t.Errorf("after Enter: input %q, view:\n%s", m.input.Value(), model.View())
	}
	model, _ = model.Update(cmd())
	if view := model.View(); !strings.Contains(view, "you: how are you?  (sent)") || strings.Contains(view, "sending…") {
		t.Errorf("the sent message is not shown:\n%s", view)
	}

	// Events: another conversation's message is not shown; this one's is,
	// and the subscription is read on.
	other := incoming("contact:stg1qcarol", "o1", "not for this view")
	model, cmd = model.Update(chatEventMsg{Account: aliceID, Kind: "message", Message: &other})
	if cmd == nil || strings.Contains(model.View(), "not for this view") {
		t.Errorf("another conversation's message shows:\n%s", model.View())
	}
	in := incoming(bobConv.key, "i1", "fine, thanks")
	events <- api.ChatEvent{Account: aliceID, Kind: "message", Message: &in}
	model, _ = model.Update(cmd()) // the command waits for the next event
	if !strings.Contains(model.View(), "bob: fine, thanks") {
		t.Errorf("the new message does not show:\n%s", model.View())
	}
	// A status change replaces the message in place.
	delivered := sentMessage(bobConv.key, api.ChatSendParams{Text: "how are you?"})
	delivered.ID, delivered.Status = "sent-how are you?", api.ChatStatusDelivered
	model, _ = model.Update(chatEventMsg{Account: aliceID, Kind: "status", Message: &delivered})
	view = model.View()
	if strings.Count(view, "how are you?") != 1 || !strings.Contains(view, "you: how are you?  (delivered)") ||
		strings.Index(view, "how are you?") > strings.Index(view, "fine, thanks") {
		t.Errorf("the status change is not in place:\n%s", view)
	}

	// A failed send: the reason in the status line, the text back in the
	// input to try again.
	fs.err = errors.New("insufficient funds")
	model = typeText(model, "again")
	model, cmd = model.Update(tea.KeyMsg{Type: tea.KeyEnter})
	model, _ = model.Update(cmd())
	if view := model.View(); !strings.Contains(view, "not sent: EXPLAINED insufficient funds") || m.input.Value() != "again" {
		t.Errorf("failed send: input %q, view:\n%s", m.input.Value(), view)
	}

	// The subscription's end is reported.
	close(events)
	model, _ = model.Update(waitEvent(events)())
	if !strings.Contains(model.View(), "live updates stopped") {
		t.Errorf("the end of the events is not shown:\n%s", model.View())
	}
	if _, cmd := model.Update(tea.KeyMsg{Type: tea.KeyEsc}); cmd == nil {
		t.Fatal("Esc does not quit")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("Esc does not quit")
	}
}

// TestChatModelReadOnly: a channel one reads sends nothing; a small
// window still lays out; the view follows new messages unless scrolled
// up.
func TestChatModelReadOnly(t *testing.T) {
	t.Parallel()
	conv := chatConv{kind: "channel", to: chanAddr, key: "channel:" + chanAddr, title: "channel weather", readOnly: "only the channel's owner posts"}
	fs := &fakeSend{}
	var model tea.Model = newChatModel(conv, nil, time.UTC, nil, fs.send, func(err error) string { return err.Error() })
	model, _ = model.Update(tea.WindowSizeMsg{Width: 40, Height: 8})
	if view := model.View(); !strings.Contains(view, "No messages yet.") || !strings.Contains(view, "only the channel's owner posts") {
		t.Errorf("view:\n%s", view)
	}
	model = typeText(model, "hello")
	model, cmd := model.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd != nil || len(fs.texts) != 0 || !strings.Contains(model.View(), "not sent: only the channel's owner posts") {
		t.Fatalf("a read-only conversation sent %q:\n%s", fs.texts, model.View())
	}
	// Twenty posts in a 5-line viewport: the newest shows.
	for i := range 20 {
		p := incoming(conv.key, string(rune('a'+i)), "post "+string(rune('a'+i)))
		model, _ = model.Update(chatEventMsg{Kind: "message", Message: &p})
	}
	if view := model.View(); !strings.Contains(view, "post t") || strings.Contains(view, "post a") {
		t.Errorf("the view does not follow the newest post:\n%s", view)
	}
	// Scrolled up, a new post does not move the view.
	for range 5 {
		model, _ = model.Update(tea.KeyMsg{Type: tea.KeyPgUp})
	}
	p := incoming(conv.key, "z", "post z")
	model, _ = model.Update(chatEventMsg{Kind: "message", Message: &p})
	if view := model.View(); !strings.Contains(view, "post a") || strings.Contains(view, "post z") {
		t.Errorf("a new post moved the scrolled view:\n%s", view)
	}
}

// openFixture is the fake node of 'chat open': alice's contact bob and
// the history above.
func openFixture(t *testing.T) *fixture {
	return newFixture(t, chatHandlers())
}

// publishIncoming publishes bob's message in the conversation with bob,
// and another account's, which 'chat open' must not show.
func publishIncoming(f *fixture, text string) {
	other := incoming("contact:"+bobAddr, "x-"+text, "to someone else: "+text)
	f.srv.Publish(api.TopicChatMessage, api.ChatEvent{Account: "b0b0000000000002", Kind: "message", Message: &other})
	m := incoming("contact:"+bobAddr, "i-"+text, text)
	f.srv.Publish(api.TopicChatMessage, api.ChatEvent{Account: aliceID, Kind: "message", Message: &m})
}

// TestChatOpenLines: without a terminal, 'chat open' prints the history,
// sends each line of stdin (a fake input stream), prints the messages
// that arrive for the account in this conversation, and ends with the
// input.
func TestChatOpenLines(t *testing.T) {
	t.Parallel()
	f := openFixture(t)
	inR, inW := io.Pipe()
	out := &syncBuffer{}
	done := make(chan result, 1)
	go func() {
		done <- f.run(t, opts{stdinReader: inR, stdoutCopy: out}, "chat", "open", "bob", "--name", "Alice")
	}()

	eventually(t, out.String, func() bool { return strings.Contains(out.String(), "you: hi bob  (delivered)") })
	if _, err := io.WriteString(inW, "hello bob\n\n"); err != nil {
		t.Fatal(err)
	}
	eventually(t, out.String, func() bool { return strings.Contains(out.String(), "you: hello bob  (sent)") })
	publishIncoming(f, "hello alice, live")
	eventually(t, out.String, func() bool { return strings.Contains(out.String(), "bob: hello alice, live") })
	inW.Close()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("chat open did not end with its input")
	}
	r.want(t, ExitOK, "Chat with bob (stg1qbob000000…): each line typed is sent")
	if strings.Contains(r.stdout, "someone else") {
		t.Errorf("another account's message shows:\n%s", r.stdout)
	}
	if got := f.params(api.MethodChatSend); len(got) != 1 || got[0] != `{"to":"`+bobAddr+`","text":"hello bob","displayName":"Alice"}` {
		t.Errorf("chat.send params %q", got)
	}
	if got := f.params(api.MethodChatHistory); len(got) != 1 || got[0] != `{"with":"`+bobAddr+`","limit":50}` {
		t.Errorf("chat.history params %q", got)
	}
}

// TestChatOpenJSON: --json prints each message as one JSON line, and a
// read-only channel sends nothing.
func TestChatOpenJSON(t *testing.T) {
	t.Parallel()
	f := openFixture(t)
	r := f.run(t, opts{stdin: "post this\n"}, "chat", "open", "weather", "--json")
	r.want(t, ExitOK, "not sent: only the channel's owner posts")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"id":"`+msgID+`"`) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if n := len(f.params(api.MethodChatChannelsPost)); n != 0 {
		t.Errorf("%d posts to a channel alice reads", n)
	}
	f.run(t, opts{}, "chat", "open", "carol").want(t, ExitUsage, `no contact, group or channel "carol"`)
	f.run(t, opts{}, "--account", "nobody", "chat", "open", "bob").want(t, ExitError, `no account "nobody"`)
}

// TestChatOpenTerminal: on a terminal 'chat open' is the bubbletea view,
// driven here by a fake input stream of key presses: the typed line is
// sent on Enter, a message that arrives shows, Ctrl-C quits.
func TestChatOpenTerminal(t *testing.T) {
	t.Parallel()
	f := openFixture(t)
	inR, inW := io.Pipe()
	out := &syncBuffer{}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		env := map[string]string{EnvAPI: f.url, EnvTokenFile: f.tokenFile}
		done <- runCLIContext(ctx, t, env, opts{terminal: true, stdinReader: inR, stdoutCopy: out}, "chat", "open", "friends")
	}()
	eventually(t, out.String, func() bool { return strings.Contains(out.String(), "Chat with group friends (2 members)") })
	if _, err := io.WriteString(inW, "hello group\r"); err != nil {
		t.Fatal(err)
	}
	eventually(t, out.String, func() bool { return len(f.params(api.MethodChatGroupsSend)) == 1 })
	m := incoming("group:"+groupID, "g1", "welcome to the group")
	f.srv.Publish(api.TopicChatMessage, api.ChatEvent{Account: aliceID, Kind: "message", Message: &m})
	eventually(t, out.String, func() bool { return strings.Contains(out.String(), "welcome to the group") })
	if _, err := io.WriteString(inW, "\x03"); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("chat open did not quit on Ctrl-C")
	}
	inW.Close()
	r.want(t, ExitOK, "you: hello group", "\x1b[?1049h") // the alternate screen: the full-screen view
	if got := f.params(api.MethodChatGroupsSend); got[0] != `{"to":"`+groupID+`","text":"hello group"}` {
		t.Errorf("chat.groups.send params %q", got)
	}
}
