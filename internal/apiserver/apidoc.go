package apiserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/stegos-go/stegos/api"
)

// Markdown renders an OpenRPC document (Document, api/openrpc.json) as
// docs/api.md: the hand-written introduction below, then a reference of
// every method, one section per namespace, in the document's order. The
// output depends only on doc, so TestAPIDocCommitted keeps docs/api.md in
// step with the API.
func Markdown(doc []byte) ([]byte, error) {
	var d orDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("apidoc: decoding the OpenRPC document: %w", err)
	}
	if len(d.Methods) == 0 {
		return nil, errors.New("apidoc: the OpenRPC document has no methods")
	}
	if !slices.ContainsFunc(d.Methods, func(m orMethod) bool { return m.Name == api.MethodDiscover }) {
		// OpenRPC leaves rpc.discover out of its own document.
		d.Methods = append(d.Methods, discoverMethod)
	}
	topics, err := topicTable()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	strings.NewReplacer(
		"´", "`",
		"{{version}}", d.Info.Version,
		"{{openrpc}}", d.OpenRPC,
		"{{topics}}", topics,
		"{{errors}}", errorTable(),
	).WriteString(&b, preamble)

	groups := groupMethods(d.Methods)
	b.WriteString("\n## Method index\n\n| Method | Summary |\n|---|---|\n")
	for _, g := range groups {
		for _, m := range g.methods {
			fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", m.Name, anchor(m.Name), cell(m.Summary))
		}
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", g.title, g.intro)
		for _, m := range g.methods {
			writeMethod(&b, m)
		}
	}
	return []byte(b.String()), nil
}

// The parts of an OpenRPC 1.2 document that Markdown renders.
type (
	orDoc struct {
		OpenRPC string `json:"openrpc"`
		Info    struct {
			Title   string `json:"title"`
			Version string `json:"version"`
		} `json:"info"`
		Methods []orMethod `json:"methods"`
	}
	orMethod struct {
		Name        string    `json:"name"`
		Summary     string    `json:"summary"`
		Description string    `json:"description"`
		Params      []orParam `json:"params"`
		Result      *orParam  `json:"result"`
		Errors      []orError `json:"errors"`
		schemaNote  string    // for discoverMethod: the result in words
	}
	orParam struct {
		Name        string    `json:"name"`
		Description string    `json:"description"`
		Required    bool      `json:"required"`
		Schema      *orSchema `json:"schema"`
	}
	orError struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	orSchema struct {
		Type        json.RawMessage   `json:"type"` // a name or a list of names
		Format      string            `json:"format"`
		Description string            `json:"description"`
		Enum        []json.RawMessage `json:"enum"`
		Minimum     *float64          `json:"minimum"`
		Maximum     *float64          `json:"maximum"`
		Items       *orSchema         `json:"items"`
		Properties  orProps           `json:"properties"`
		Required    []string          `json:"required"`
	}
)

// orProps are an object schema's properties in the document's order.
type orProps struct {
	names   []string
	schemas map[string]*orSchema
}

func (p *orProps) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("properties: not an object")
	}
	p.schemas = map[string]*orSchema{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := t.(string)
		var s orSchema
		if err := dec.Decode(&s); err != nil {
			return err
		}
		p.names = append(p.names, name)
		p.schemas[name] = &s
	}
	return nil
}

// discoverMethod stands for rpc.discover, which the document leaves out.
var discoverMethod = orMethod{
	Name:        api.MethodDiscover,
	Summary:     "Returns the OpenRPC document of this API",
	Description: "The same document as api/openrpc.json; by the OpenRPC convention it does not list rpc.discover itself. Takes no params.",
	Result:      &orParam{Name: "document", Schema: &orSchema{Type: json.RawMessage(`"object"`)}},
	schemaNote:  "the OpenRPC document",
}

// A group is one namespace's section.
type group struct {
	title, intro string
	methods      []orMethod
}

// namespaces are the known namespaces, in the order of their sections,
// with their introductions.
var namespaces = []struct{ name, title, intro string }{
	{"node", "node methods", "The node itself: its network, its latest block, its peers."},
	{"chain", "chain methods", "Committed blocks and transactions, as anyone can see them: amounts of confidential outputs stay hidden. " +
		"A transaction still in the mempool is not in the chain yet; a wallet's own transactions are in `wallet.history`."},
	{"wallet", "wallet methods", "The accounts of the node's wallet: creating, recovering, unlocking, balances, payments, history and payment proofs. " +
		"A method's `account` param takes an account's name or id; when it is omitted the method uses the first account (the oldest). " +
		"Read [Accounts, syncing and balances](#accounts-syncing-and-balances) and [Transactions](#transactions) first: " +
		"they explain the balance figures, the transaction statuses and the history's `direction` (`in`, `out` or `self`)."},
	{"bus", "bus methods", "The message bus (docs/adr/0022-message-bus.md): packets of up to 64 KiB sent to addresses in zero-value outputs that look exactly like payments; " +
		"the app name, the optional sender and the fragmentation are sealed inside, so the chain shows none of them. " +
		"An account receives packets while it is unlocked; they arrive on the `bus.packet` topic (every app's and every account's: filter by `app` and `account` yourself) " +
		"and stay listed by `bus.messages` for the retention window. `data` is base64 in JSON."},
	{"chat", "chat methods", "The anonymous chat (docs/chat.md) on the bus: an identity is an account (its address), contacts are addresses or `stegos:` URIs with a local name, and a display name travels inside messages, never on chain. " +
		"1:1 texts have receipts and statuses (`sent`, `delivered`, `not delivered` after the retention window, `received`); groups are accounts their members share, re-keyed on every removal; channels are read by anyone with their invite, and readers send nothing. " +
		"Contacts, histories, groups and channels are records of the identity account, sealed in the wallet. New messages and status changes arrive on the `chat.message` topic."},
}

// builtinGroup holds the methods without a namespace, which the transport
// serves (auth, subscribe, unsubscribe) and rpc.discover.
var builtinGroup = group{title: "Built-in methods", intro: "Served by the transport on every connection. " +
	"`subscribe` and `unsubscribe` need a WebSocket (see [Subscriptions](#subscriptions)); `auth` is only for a WebSocket opened without an Authorization header."}

// groupMethods sorts methods into sections: the known namespaces, then
// any other namespace, then the built-ins; each keeps the document's order.
func groupMethods(methods []orMethod) []group {
	var groups []group
	index := map[string]int{}
	for _, ns := range namespaces {
		index[ns.name] = len(groups)
		groups = append(groups, group{title: ns.title, intro: ns.intro})
	}
	builtins := builtinGroup
	for _, m := range methods {
		ns, _, dotted := strings.Cut(m.Name, ".")
		if !dotted || ns == "rpc" {
			builtins.methods = append(builtins.methods, m)
			continue
		}
		i, ok := index[ns]
		if !ok {
			i = len(groups)
			index[ns] = i
			groups = append(groups, group{title: ns + " methods", intro: "The `" + ns + ".*` methods."})
		}
		groups[i].methods = append(groups[i].methods, m)
	}
	groups = append(groups, builtins)
	return slices.DeleteFunc(groups, func(g group) bool { return len(g.methods) == 0 })
}

func writeMethod(b *strings.Builder, m orMethod) {
	fmt.Fprintf(b, "\n### %s\n\n", m.Name)
	if m.Summary != "" {
		b.WriteString(sentence(m.Summary) + "\n\n")
	}
	if m.Description != "" {
		b.WriteString(m.Description + "\n\n")
	}
	if len(m.Params) == 0 {
		b.WriteString("**Params:** none.\n\n")
	} else {
		b.WriteString("**Params:**\n\n")
		rows := [][]string{{"Name", "Type", "Required", "Description"}}
		for _, p := range m.Params {
			req := "no"
			if p.Required {
				req = "yes"
			}
			rows = append(rows, []string{"`" + p.Name + "`", typeText(p.Schema, true), req, describe(p.Description, p.Schema)})
		}
		writeTable(b, rows)
	}
	writeResult(b, m)
	if len(m.Errors) > 0 {
		b.WriteString("**Errors:**\n\n")
		rows := [][]string{{"Code", "Message"}}
		for _, e := range m.Errors {
			rows = append(rows, []string{strconv.Itoa(e.Code), e.Message})
		}
		writeTable(b, rows)
	}
	trimBlank(b)
}

// writeResult renders a result: a scalar in one line, an object (or an
// array of objects) as a table of its fields.
func writeResult(b *strings.Builder, m orMethod) {
	r := m.Result
	if r == nil {
		b.WriteString("**Result:** none.\n\n")
		return
	}
	s := r.Schema
	item := s
	if s != nil && len(schemaTypes(s)) == 1 && schemaTypes(s)[0] == "array" && s.Items != nil {
		item = s.Items
	}
	desc := describe(r.Description, s)
	if item == nil || len(item.Properties.names) == 0 {
		what := typeText(s, true) + " (`" + r.Name + "`)"
		if m.schemaNote != "" {
			what += ", " + m.schemaNote
		}
		if desc != "" {
			what += ": " + desc
		}
		fmt.Fprintf(b, "**Result:** %s.\n\n", what)
		return
	}
	head := "an object"
	if item != s {
		head = "an array of objects"
	}
	if desc != "" {
		head += " (" + desc + ")"
	}
	fmt.Fprintf(b, "**Result:** %s with these fields:\n\n", head)
	rows := [][]string{{"Field", "Type", "Description"}}
	for _, f := range fieldRows("", item, 0) {
		rows = append(rows, []string{"`" + f.name + "`", f.typ, f.desc})
	}
	writeTable(b, rows)
}

// writeTable writes a Markdown table whose first row is the header,
// leaving out the columns that are empty in every other row.
func writeTable(b *strings.Builder, rows [][]string) {
	var keep []int
	for c := range rows[0] {
		for _, r := range rows[1:] {
			if r[c] != "" {
				keep = append(keep, c)
				break
			}
		}
	}
	for i, r := range rows {
		for _, c := range keep {
			b.WriteString("| " + cell(r[c]) + " ")
		}
		b.WriteString("|\n")
		if i == 0 {
			b.WriteString(strings.Repeat("|---", len(keep)) + "|\n")
		}
	}
	b.WriteString("\n")
}

type fieldRow struct{ name, typ, desc string }

// fieldRows lists an object's fields: the required ones in the order the
// document lists them (the Go struct's order), then the optional ones.
// Objects and arrays of objects are expanded one level deep; deeper ones
// are summarised by their field names.
func fieldRows(prefix string, s *orSchema, depth int) []fieldRow {
	var rows []fieldRow
	for _, name := range fieldOrder(s) {
		f := s.Properties.schemas[name]
		typ := typeText(f, depth > 0)
		if !slices.Contains(s.Required, name) {
			typ += ", optional"
		}
		rows = append(rows, fieldRow{prefix + name, typ, f.Description})
		if depth > 0 {
			continue
		}
		switch {
		case len(f.Properties.names) > 0:
			rows = append(rows, fieldRows(prefix+name+".", f, depth+1)...)
		case f.Items != nil && len(f.Items.Properties.names) > 0:
			rows = append(rows, fieldRows(prefix+name+"[].", f.Items, depth+1)...)
		}
	}
	return rows
}

func fieldOrder(s *orSchema) []string {
	var names []string
	for _, n := range s.Required {
		if _, ok := s.Properties.schemas[n]; ok && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range s.Properties.names {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// typeText renders a schema's type compactly: "integer ≥ 0", "string
// (date-time)", "array of object". With inline, an object's fields are
// named: "object {id, kind, amount}".
func typeText(s *orSchema, inline bool) string {
	if s == nil {
		return "any"
	}
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = "`" + string(v) + "`"
		}
		if len(vals) == 1 {
			return vals[0]
		}
		return "one of " + strings.Join(vals, ", ")
	}
	types := schemaTypes(s)
	if len(types) == 0 && len(s.Properties.names) > 0 {
		types = []string{"object"}
	}
	if len(types) == 0 {
		return "any"
	}
	out := make([]string, len(types))
	for i, t := range types {
		switch t {
		case "array":
			t = "array"
			if s.Items != nil {
				t += " of " + typeText(s.Items, inline)
			}
		case "object":
			if inline && len(s.Properties.names) > 0 {
				t += " {" + strings.Join(fieldOrder(s), ", ") + "}"
			}
		case "string":
			if s.Format != "" {
				t += " (" + s.Format + ")"
			}
		case "integer", "number":
			t += bounds(s.Minimum, s.Maximum)
		}
		out[i] = t
	}
	return strings.Join(out, " or ")
}

func schemaTypes(s *orSchema) []string {
	var one string
	if json.Unmarshal(s.Type, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(s.Type, &many)
	return many
}

func bounds(lo, hi *float64) string {
	f := func(v *float64) string { return strconv.FormatFloat(*v, 'f', -1, 64) }
	switch {
	case lo != nil && hi != nil:
		return " " + f(lo) + "…" + f(hi)
	case lo != nil:
		return " ≥ " + f(lo)
	case hi != nil:
		return " ≤ " + f(hi)
	}
	return ""
}

// describe prefers a content descriptor's description to its schema's.
func describe(desc string, s *orSchema) string {
	if desc == "" && s != nil {
		return s.Description
	}
	return desc
}

// cell makes text safe in a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// sentence ends s with a full stop.
func sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// anchor is the fragment GitHub gives a heading: lower case, spaces to
// hyphens, punctuation other than - and _ dropped.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trimBlank leaves b ending with exactly one newline.
func trimBlank(b *strings.Builder) {
	s := strings.TrimRight(b.String(), "\n") + "\n"
	b.Reset()
	b.WriteString(s)
}

// topicDocs describes the payload of each subscription topic.
var topicDocs = map[string]struct {
	payload any
	when    string
}{
	api.TopicNewBlock:    {api.NewBlockEvent{}, "every committed block; `txs` counts its accepted transactions"},
	api.TopicBalance:     {api.BalanceEvent{}, "an account's balance changes: a block paid or spent it, a payment to it entered the mempool, it sent, a transaction failed. The fields are `wallet.balance`'s plus the account's `name`"},
	api.TopicTxStatus:    {api.TxStatusEvent{}, "one of the wallet's own transactions changes status: pending, retrying, confirmed (with `height`) or failed (with `reason`)"},
	api.TopicSync:        {api.SyncStatus{}, "an account scans the chain (at most about once a second, and when it reaches the tip); the same as `wallet.syncStatus`"},
	api.TopicBusPacket:   {api.BusPacket{}, "an account received a whole packet, or (`complete: false`, once) one whose fragments stopped arriving; packets of every app and account, as `bus.messages` lists them: subscribers filter by `app`"},
	api.TopicChatMessage: {api.ChatEvent{}, "a chat message arrived (`message`), a sent message changed status (`status`: delivered, not delivered, sent after waiting in the queue), a group invitation arrived (`invite`) or a group's roster or epoch changed (`group`); for every account: filter by `account`"},
}

// topicTable renders the topics of api.Topics, with their payloads' JSON
// fields read from the Go types.
func topicTable() (string, error) {
	var b strings.Builder
	b.WriteString("| Topic | Payload | Fields | Sent when |\n|---|---|---|---|\n")
	for _, t := range api.Topics {
		d, ok := topicDocs[t]
		if !ok {
			return "", fmt.Errorf("apidoc: topic %s is not described in topicDocs", t)
		}
		typ := reflect.TypeOf(d.payload)
		fmt.Fprintf(&b, "| `%s` | `api.%s` | `%s` | %s |\n", t, typ.Name(), strings.Join(payloadFields(typ), ", "), d.when)
	}
	return b.String(), nil
}

// payloadFields lists the JSON members of a struct type (embedded structs
// flattened), marking with ? the ones omitted when empty.
func payloadFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, payloadFields(f.Type)...)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.Contains(opts, "omitempty") {
			name += "?"
		}
		out = append(out, name)
	}
	return out
}

// apiErrors documents every code of api/errors.go; TestAPIDocCommitted
// fails when one is missing.
var apiErrors = []struct {
	code          int
	name          string
	meaning, todo string
}{
	{api.CodeParseError, "CodeParseError", "The body is not JSON.", "Fix the encoding of the request."},
	{api.CodeInvalidRequest, "CodeInvalidRequest", "Not a JSON-RPC 2.0 request: no `\"jsonrpc\":\"2.0\"`, a method that is not a string, params neither object nor array, an empty batch or one over 32 calls, or an HTTP method other than POST.", "Fix the request's shape; split big batches."},
	{api.CodeMethodNotFound, "CodeMethodNotFound", "No such method; the message names it.", "Check the spelling (names are case-sensitive: `wallet.listAccounts`) against the [index](#method-index)."},
	{api.CodeInvalidParams, "CodeInvalidParams", "A param is missing, unknown or of the wrong type; the message names it.", "Send params by name, as an object, with the types listed under the method."},
	{api.CodeInternal, "CodeInternal", "The node failed; the details are in its log, never in the answer.", "Retry; if it persists, read the stegosd log."},
	{api.CodeUnauthorized, "CodeUnauthorized", "Missing or wrong API token (HTTP 401).", "Send `Authorization: Bearer` with the content of `<home>/api.token` of the node you call (the dev chain's is under `dev/`)."},
	{api.CodeTransport, "CodeTransport", "The method needs another transport: `subscribe` or `unsubscribe` over HTTP.", "Use a WebSocket."},
	{api.CodeTooManyConnections, "CodeTooManyConnections", "Over 64 authenticated WebSocket connections, or 64 waiting for their auth message (HTTP 503). A WebSocket that authenticates by message while the 64 are taken is closed with status 1013.", "Close idle connections or share one; retry later."},
	{api.CodeTooLarge, "CodeTooLarge", "The body is over 1 MiB (HTTP 413).", "Send smaller requests or batches."},
	{api.CodeRateLimited, "CodeRateLimited", "Over 50 calls a second from this client: the token used from one address, over all its connections (bursts of 100 pass); each call of a batch counts. With HTTP 429: over 1 unauthenticated request a second from this address (bursts of 10), that is a missing or wrong token, or a WebSocket opened without the header.", "Slow down and retry that call; reconnecting does not reset the budget."},
	{api.CodeTooManySubscriptions, "CodeTooManySubscriptions", "Over 16 subscriptions on this WebSocket.", "Unsubscribe, or open another WebSocket."},
	{api.CodeBusy, "CodeBusy", "The node is already checking 2 passwords (argon2id, 64 MiB each), the most it runs at once: a call that creates, recovers, imports, unlocks, re-encrypts, deletes an account or exports its view key was refused, and nothing was done.", "Retry in a moment."},
	{api.CodeWrongPassword, "CodeWrongPassword", "The password does not unlock the account. Nothing changed.", "Retry with the right password."},
	{api.CodeLocked, "CodeLocked", "The account is locked: after a node restart (no scanning, no balance), or after `wallet.lock` (no spending).", "Call `wallet.unlock`."},
	{api.CodeAccountNotFound, "CodeAccountNotFound", "No account has this name or id.", "List them with `wallet.listAccounts`."},
	{api.CodeAccountExists, "CodeAccountExists", "An account has this name, or these keys under another name.", "Pick another name, or use the existing account."},
	{api.CodeInsufficientFunds, "CodeInsufficientFunds", "Available funds do not cover amount plus fee. `data`: `{available, needed, pending}` in µSTG.", "Send less, or wait for pending funds to confirm if `available + pending` is enough."},
	{api.CodeInvalidAddress, "CodeInvalidAddress", "The address does not parse or is for another network; the message says why.", "Check it was copied whole and has this network's prefix (`stg1`, `stt1`, `dev1`)."},
	{api.CodeSyncing, "CodeSyncing", "The account has not scanned up to the chain tip, so its balance is not final yet. `data`: its `SyncStatus`.", "Wait for `synced: true` on the `wallet.sync` topic, or poll `wallet.syncStatus`, then retry."},
	{api.CodeViewOnly, "CodeViewOnly", "A view-only account cannot spend.", "Send from the account that holds the recovery phrase."},
	{api.CodeNotFound, "CodeNotFound", "No such block, transaction or output.", "Check the id or height; a transaction still pending is not in the chain yet: retry after a block."},
	{api.CodeTxRejected, "CodeTxRejected", "The node rejected the transaction; the message has the ledger's reason. Its inputs were released.", "Act on the reason, then send again."},
	{api.CodeInvalidPhrase, "CodeInvalidPhrase", "The recovery phrase is wrong (unknown word, bad checksum); the message names the problem.", "Check the 24 words and their order."},
	{api.CodeInvalidProof, "CodeInvalidProof", "A payment proof does not decode or does not verify.", "Ask the payer for the proof again, copied whole."},
	{api.CodeNodeUnavailable, "CodeNodeUnavailable", "The wallet cannot reach the node it uses.", "Check that stegosd runs and has caught up; retry."},
	{api.CodeStaking, "CodeStaking", "A staking operation is not possible now: stake still locked, not the validator's owner, no rewards, not jailed, jail time not served.", "The message says which and, for a lock or a jail, from which block it will work."},
	{api.CodePacketTooLarge, "CodePacketTooLarge", "A bus packet's data is over 65 536 bytes. Nothing was sent.", "Split the data into several packets."},
	{api.CodeInvalidApp, "CodeInvalidApp", "A bus app name is not 1 to 32 bytes of `a-z`, `0-9`, `.`, `_` and `-`. Nothing was sent.", "Use a short lowercase name such as `chat` or `myapp.v1`."},
	{api.CodeNotAllowed, "CodeNotAllowed", "The account's role does not allow this chat operation: only a group's owner and admins invite and remove (only the owner makes or removes admins), the owner cannot leave, only a channel's owner posts and hands out its invite, and an account no longer a member cannot post. Nothing was sent.", "Ask the group's owner or an admin, or the channel's owner."},
}

func errorTable() string {
	var b strings.Builder
	b.WriteString("| Code | Constant | Meaning | What to do |\n|---|---|---|---|\n")
	for _, e := range apiErrors {
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s |\n", e.code, e.name, e.meaning, e.todo)
	}
	return b.String()
}

// preamble is the hand-written top of docs/api.md. ´ stands for a
// backquote, which a Go raw string cannot hold; {{version}}, {{openrpc}},
// {{topics}} and {{errors}} are filled in by Markdown.
const preamble = `<!-- Generated by internal/apiserver (apidoc.go) from the OpenRPC document. Do not edit:
     change apidoc.go or the method specs, then run
     go test ./internal/apiserver -run 'OpenRPCCommitted|APIDocCommitted' -update -->

# Stegos JSON-RPC API

´stegosd´ serves a JSON-RPC 2.0 API for wallets, scripts and apps: the
node's status, the chain's blocks and transactions, and a wallet whose
accounts send and receive private payments. The ´stegos´ CLI, the Go client
and the TypeScript SDK are built on it.

This is version {{version}} of the API. Its contract is the OpenRPC
{{openrpc}} document [´api/openrpc.json´](../api/openrpc.json), which
´rpc.discover´ also returns, and the Go types of package [´api´](../api);
the method reference below is generated from them.

- [Quick start](#quick-start)
- [Connecting](#connecting)
- [Requests and responses](#requests-and-responses)
- [Amounts, addresses and ids](#amounts-addresses-and-ids)
- [Accounts, syncing and balances](#accounts-syncing-and-balances)
- [Transactions](#transactions)
- [Subscriptions](#subscriptions)
- [Errors](#errors)
- [Limits](#limits)
- [Clients: Go, TypeScript, CLI](#clients-go-typescript-cli)
- [Method index](#method-index) and the methods: [node](#node-methods),
  [chain](#chain-methods), [wallet](#wallet-methods), [bus](#bus-methods), [built-in](#built-in-methods)

## Quick start

Start a development chain; its account ´demo´ (password ´demo´) is funded
and unlocked:

´´´sh
stegosd dev
´´´

In another terminal, ask for the balance of ´demo´:

´´´sh
curl -s -H "Authorization: Bearer $(cat ~/.local/share/stegos/dev/api.token)" \
  -d '{"jsonrpc":"2.0","id":1,"method":"wallet.balance","params":{"account":"demo"}}' \
  http://127.0.0.1:3145
´´´

´´´json
{"jsonrpc":"2.0","result":{"account":"0e2e90cf70f5e0f6","available":1000000000000,"pending":0,"locked":0,"scannedHeight":10},"id":1}
´´´

That is 1,000,000 STG: amounts are integers in µSTG. The token path is the
dev chain's in the default home; see below if you set ´STEGOS_HOME´ or
´XDG_DATA_HOME´.

## Connecting

- **Address.** HTTP POST to ´http://127.0.0.1:3145´, WebSocket at
  ´ws://127.0.0.1:3145´: one listener serves both. ´api.listen´ in
  ´<home>/stegos.toml´ (flag ´--api-listen´, env ´STEGOS_API_LISTEN´)
  moves it; empty turns the API off. Keep it on loopback: the connection
  is plain HTTP and the token is its only protection.
- **Token.** On its first start the node writes a random token (64 hex
  digits) to ´<home>/api.token´, mode 0600, and keeps it. It refuses to
  start when group or others can read the file (´chmod 600´ it). Delete the
  file and restart to get a new token.
- **Home.** ´--home´, else ´$STEGOS_HOME´, else ´$XDG_DATA_HOME/stegos´
  (when absolute), else ´~/.local/share/stegos´. ´stegosd dev´ without
  ´--home´ uses ´<that>/dev´, so the dev chain's token is usually
  ´~/.local/share/stegos/dev/api.token´.
- **HTTP.** Send ´Authorization: Bearer <token>´ with every POST. A missing
  or wrong token gets HTTP 401 with error -32001. The answer is HTTP 200
  with the JSON-RPC response (errors included), or 204 when the body held
  only notifications.
- **WebSocket.** Send the same header with the upgrade request, then
  requests as text messages; responses and subscription notifications come
  back on the same connection. Calls on one WebSocket run one after
  another, in order.
- **Browsers** cannot set headers on a WebSocket: open it without one and
  send ´{"jsonrpc":"2.0","id":1,"method":"auth","params":{"token":"…"}}´ as
  the first message (answer: ´true´). Any other first message, a wrong
  token, or no message within 5 seconds closes the connection with status
  1008. The node accepts a
  WebSocket from a web page only when the page's origin is the API's own
  host and port (cross-origin pages get HTTP 403), and HTTP POST from a page
  fails (no CORS).

## Requests and responses

A request is a JSON-RPC 2.0 object; params go by name, as an object:

´´´json
{"jsonrpc":"2.0","id":1,"method":"wallet.send","params":{"account":"demo","to":"dev1…","amount":1500000,"memo":"thanks"}}
´´´

- Unknown param names are refused (-32602). Params that are not required
  may be left out; a method without required params also takes no
  ´params´ member at all.
- ´id´ is a string, a number or null. A request without ´id´ is a
  notification: it runs, and gets no answer, even when it fails.
- A batch is an array of up to 32 requests; the answer is an array of
  responses, in the order of the requests. Match them by ´id´.
- A failure is ´{"jsonrpc":"2.0","error":{"code":-32014,"message":"…","data":{…}},"id":1}´.
  Branch on ´code´ (see [Errors](#errors)); ´message´ is written for people
  and may change; ´data´, when present, has the type the code documents.

## Amounts, addresses and ids

- **Amounts** are unsigned integers in µSTG: 1 STG = 1,000,000 µSTG. They
  stay below 2^53, so JavaScript numbers hold them exactly.
- **Addresses** are bech32m strings whose prefix names the network:
  ´stg1…´ (mainnet), ´stt1…´ (testnet), ´dev1…´ (dev chains).
- **Ids** of blocks, transactions and outputs are 64 lowercase hex digits.
  An account has a name and an id (16 hex digits, derived from its
  address); the ´account´ param takes either. Events carry the id.
- **Times** are RFC 3339 strings, in UTC.

## Accounts, syncing and balances

- **One account, one recovery phrase.** ´wallet.createAccount´ returns a
  24-word phrase once and never again. ´wallet.recoverAccount´ restores an
  account from it and ´wallet.importViewOnly´ adds one that sees incoming
  payments but cannot spend; both rescan the chain from block 1.
- **Locked after a restart.** When the node starts, every account is
  locked: it keeps its records but has no keys in memory and does not scan
  new blocks. ´wallet.balance´ answers -32011 and ´wallet.syncStatus´ shows
  ´"state":"locked"´ until you call ´wallet.unlock´ with the password
  (´stegos account unlock´ reads ´STEGOS_PASSWORD´ in scripts).
  ´stegosd dev´ unlocks ´demo´ itself.
- **´wallet.lock´** forgets the spend key only: the account goes on
  scanning and showing its balance, but ´wallet.send´ and
  ´wallet.paymentProof´ answer -32011 until it is unlocked again.
- **Syncing.** After an unlock, a recovery or an import, the account scans
  from the block after the last one it saw up to the chain tip. Until it
  has scanned the tip, ´wallet.balance´ and ´wallet.send´ answer -32016
  "wallet still syncing", with its ´SyncStatus´ as ´data´: a balance is
  never shown as final when it is not. Follow the progress on the
  ´wallet.sync´ topic, poll ´wallet.syncStatus´, or run ´stegos wait-sync´.
  The ´state´ there is ´synced´, ´scanning´, ´locked´ or
  ´waiting for node´: the node is behind the account (say, restored from
  an older snapshot) and the account waits for it to catch up, or the node
  follows another chain and scanning stopped; ´reason´ says which.
- **Balance.** Three figures, none counted twice:
  - ´available´: confirmed and spendable now;
  - ´pending´: on its way in, not in a block yet: payments to the account
    seen in the node's mempool, and the change of its own pending
    transactions;
  - ´locked´: confirmed but reserved as inputs of its pending
    transactions; released if they fail.

  For example, just after ´demo´ (1,000,000 STG) pays 1.5 STG with an
  output of 125,000 STG, ´wallet.balance´ shows ´available´ 875000000000,
  ´locked´ 125000000000 (the output being spent) and ´pending´
  124998495898 (the change: 125,000 STG less 1.5 STG and a 0.004102 STG
  fee). A block later the transaction is confirmed: ´available´ is
  999998495898, the other two 0.

## Transactions

´wallet.send´ answers as soon as the node has accepted the transaction into
its mempool: ´{"txId":"…","amount":1500000,"fee":4102,"status":"pending"}´.
A fee of 0 (or none) pays the minimum for the transaction's size; the answer
has the fee paid. Its inputs are reserved and it is recorded before it is
submitted, so a crash loses nothing. From then on its ´status´, in
´wallet.history´ and on the ´wallet.txStatus´ topic, is one of:

| Status | Meaning |
|---|---|
| ´pending´ | Broadcast, not in a block yet. |
| ´retrying´ | The node dropped it (a restart, an eviction); the wallet resubmits it after 3 blocks, up to 5 times. ´attempts´ counts the submissions, ´reason´ says why. |
| ´confirmed´ | In a block (´height´). Final: the chain has BFT finality, nothing is rolled back. |
| ´failed´ | Rejected, one of its inputs was spent elsewhere, or out of attempts; ´reason´ says why. Its inputs are available again. |

A ´wallet.history´ entry is one transaction that touched the account,
pending ones first, then newest first (´limit´ 100 unless given). Its
´direction´ is ´in´ (received), ´out´ (sent) or ´self´ (sent to itself);
´received´ is what came in (change excluded), ´sent´ what went to others
and ´fee´ what the account paid; ´payments´ lists the outputs received, or
for ´out´ the ones paid, with the recipient's address and memo. An account
recovered from its phrase shows where its money went too: the change output
carries an encrypted note of the payments.

´chain.tx´ finds only transactions in blocks (-32018 before that). A payer
proves a payment with ´wallet.paymentProof´; the payee, or anyone, checks
the proof with ´wallet.verifyPaymentProof´, which needs no account.

## Subscriptions

Over a WebSocket, ´subscribe´ with a topic answers a subscription id;
notifications then arrive as

´´´json
{"jsonrpc":"2.0","method":"subscription","params":{"subscription":"1","result":{"height":17,"hash":"6e860f16…","time":"2026-01-05T10:51:29.996932749Z","txs":0}}}
´´´

until ´unsubscribe´ with that id, or the connection closes.

{{topics}}
Fields marked ? are left out when empty. Wallet topics deliver the events
of every account: filter on ´account´ (the account's id). An unknown topic
is refused with -32602, whose message lists the topics. A subscriber that
reads too slowly is disconnected (close status 1013, try again later).
Subscriptions do not survive a reconnection, and events sent meanwhile are
lost: subscribe again, then re-read the state (´wallet.balance´,
´wallet.history´).

With [websocat](https://github.com/vi/websocat), type the ´subscribe´ line
after connecting:

´´´sh
websocat -H "Authorization: Bearer $(cat ~/.local/share/stegos/dev/api.token)" ws://127.0.0.1:3145
{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"topic":"chain.newBlock"}}
´´´

With the Go client (one WebSocket per subscription):

´´´go
// tokenFile is <home>/api.token, such as ~/.local/share/stegos/dev/api.token.
c, err := client.Dial(ctx, client.DefaultURL, tokenFile)
if err != nil {
	return err
}
sub, err := c.SubscribeBalance(ctx)
if err != nil {
	return err
}
defer sub.Close()
for e := range sub.Events() { // until ctx ends or the connection fails
	fmt.Println(e.Name, e.Available, e.Pending, e.Locked)
}
return sub.Err()
´´´

With the TypeScript SDK:

´´´ts
import { StegosClient } from "@stegos/sdk";

const client = await StegosClient.connect(); // finds the token in the default home
const stop = await client.onTxStatus((e) => console.log(e.txId, e.status));
´´´

## Errors

Every error has a ´code´ to branch on. Any call can meet the protocol and
transport codes (-32700 to -32600, -32001 to -32006); each method below
lists the other codes it answers. The Go constants are in package ´api´; the
TypeScript SDK exports the same names and ´is…´ helpers.

{{errors}}
## Limits

| Limit | Default | Over it |
|---|---|---|
| Request body or WebSocket message | 1 MiB | -32004 and HTTP 413; a WebSocket is closed (status 1009) |
| Calls in a batch | 32 | -32600 for the whole batch |
| Call rate of a client (the token used from one address: an IPv4 address or an IPv6 /64), over all its HTTP requests and WebSockets | 50 a second, bursts of 100; each call of a batch counts | -32005 for that call |
| Unauthenticated requests from one address (missing or wrong token, WebSocket opened without the header) | 1 a second, bursts of 10 | -32005 and HTTP 429 instead of 401 (the right token is still served) |
| Authenticated WebSocket connections | 64 | -32003 and HTTP 503 |
| WebSockets opened without the header, waiting for their ´auth´ message | 64, apart from the above | -32003 and HTTP 503 |
| Time to send ´auth´ on a WebSocket opened without the header | 5 s | the connection is closed (status 1008) |
| Subscriptions per WebSocket | 16 | -32006 |
| Messages queued for a WebSocket | 128 | the connection is closed (status 1013) |

## Clients: Go, TypeScript, CLI

- **Go:** package [´client´](../client) (´github.com/stegos-go/stegos/client´)
  has a typed method for every call (´Balance´, ´Send´, ´History´…) and
  typed subscriptions; errors from the node are ´*api.Error´ and
  ´client.DecodeErrorData´ decodes their ´data´. Example:
  [´examples/go/send-and-watch´](../examples/go/send-and-watch).
- **TypeScript:** ´@stegos/sdk´ in [´sdk/ts´](../sdk/ts/README.md):
  ´StegosClient´ (WebSocket: calls and subscriptions) and ´HttpClient´.
  Example: [´examples/ts/send-and-watch.ts´](../examples/ts/send-and-watch.ts).
- **CLI:** ´stegos´ (´cmd/stegos´) does everything through this API:
  ´stegos balance´, ´stegos pay ADDRESS AMOUNT´, ´stegos history´,
  ´stegos account unlock´, ´stegos wait-sync´… With ´--json´ it prints the
  API's results and errors. ´--api´ (´STEGOS_API´) and ´--token-file´
  (´STEGOS_TOKEN_FILE´) choose the node; the default is the local dev chain.
- **Design:** [ADR 0013](adr/0013-json-rpc-api.md) (the transport) and
  [ADR 0014](adr/0014-wallet.md) (the wallet).
`
