package attack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// callTimeout bounds one API call of an attack.
const callTimeout = 10 * time.Second

// describe names an API call's outcome: "ok" or "error <code>: <message>".
func describe(err error) string {
	if err == nil {
		return "ok"
	}
	var e *api.Error
	if errors.As(err, &e) {
		return fmt.Sprintf("error %d: %s", e.Code, e.Message)
	}
	return "error: " + err.Error()
}

// refusedCleanly reports whether err is an API error other than an
// internal one: the server understood the input and said why it refuses.
func refusedCleanly(err error) bool {
	code := client.ErrorCode(err)
	return code != 0 && code != api.CodeInternal
}

// apiInputs replays the black-box findings of issue 9 item 9 on the API's
// inputs.
func (r *runner) apiInputs(ctx context.Context) []Result {
	return []Result{r.apiAmounts(ctx), r.apiMemo(ctx), r.apiTopic(ctx), r.apiNames(ctx)}
}

// ownAddress returns the address of the wallet account the attacks use.
func (r *runner) ownAddress(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	a, err := r.api.Address(ctx, r.cfg.WalletAccount)
	if err != nil {
		return "", fmt.Errorf("attack: address of wallet account %q: %w", r.cfg.WalletAccount, err)
	}
	return a.Address, nil
}

// apiAmounts sends amount and fee 2^64−1: before, -32603 (a uint64
// overflow) from wallet.send and a fee estimate from wallet.estimateFee.
func (r *runner) apiAmounts(ctx context.Context) Result {
	res := Result{Item: 9, Name: "api-amount-max", Test: "internal/wallet TestAmountLimits"}
	to, err := r.ownAddress(ctx)
	if err != nil {
		return errorResult(res, err)
	}
	const maxU = uint64(math.MaxUint64)
	acc := r.cfg.WalletAccount
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, e1 := r.api.EstimateFee(cctx, api.EstimateFeeParams{Account: acc, Amount: maxU})
	_, e2 := r.api.Send(cctx, api.SendParams{Account: acc, To: to, Amount: maxU})
	_, e3 := r.api.Send(cctx, api.SendParams{Account: acc, To: to, Amount: 1, Fee: maxU})
	res.Did = "called wallet.estimateFee with amount 2^64-1, wallet.send to the account's own address with amount 2^64-1, and with amount 1 and fee 2^64-1"
	res.Answer = fmt.Sprintf("estimateFee: %s; send amount: %s; send fee: %s", describe(e1), describe(e2), describe(e3))
	res.Verdict = judge(refusedCleanly(e1) && refusedCleanly(e2) && refusedCleanly(e3))
	return res
}

// apiMemo sends a memo over the payload's size: before, the error began
// with "invalid amount:". The defence names the memo and not an amount.
func (r *runner) apiMemo(ctx context.Context) Result {
	res := Result{Item: 9, Name: "api-memo-too-long", Test: "internal/wallet TestAmountLimits"}
	to, err := r.ownAddress(ctx)
	if err != nil {
		return errorResult(res, err)
	}
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err = r.api.Send(cctx, api.SendParams{Account: r.cfg.WalletAccount, To: to, Amount: 1, Memo: strings.Repeat("m", 4096)})
	res.Did = "called wallet.send with a 4096-byte memo (a payload holds far less)"
	res.Answer = describe(err)
	var e *api.Error
	res.Verdict = judge(refusedCleanly(err) && errors.As(err, &e) &&
		!strings.Contains(e.Message, "invalid amount") && strings.Contains(strings.ToLower(e.Message), "memo"))
	return res
}

// apiTopic subscribes to a topic that does not exist: before, accepted
// silently.
func (r *runner) apiTopic(ctx context.Context) Result {
	res := Result{Item: 9, Name: "api-unknown-topic", Test: "internal/rpcserver TestSubscribeUnknownTopic"}
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	sub, err := r.api.Subscribe(cctx, "chain.noSuchTopic")
	if err == nil {
		_ = sub.Close()
	}
	res.Did = `subscribed to the topic "chain.noSuchTopic" over an authenticated WebSocket`
	res.Answer = describe(err)
	res.Verdict = judge(refusedCleanly(err))
	return res
}

// apiNames creates accounts named ".", "..", a case variant and a
// look-alike of an existing name: before, all accepted. An account the
// wallet accepts is deleted again at once.
func (r *runner) apiNames(ctx context.Context) Result {
	res := Result{Item: 9, Name: "api-account-names", Test: "internal/wallet TestAccountNames, TestCreateAccountRefusesConfusableNames"}
	cctx, cancel := context.WithTimeout(ctx, 4*callTimeout)
	defer cancel()
	accs, err := r.api.ListAccounts(cctx)
	if err != nil {
		return errorResult(res, fmt.Errorf("attack: listing accounts: %w", err))
	}
	names := []string{".", ".."}
	if len(accs) > 0 {
		existing := accs[0].Name
		names = append(names, caseVariant(existing))
		if l, ok := lookAlike(existing); ok {
			names = append(names, l)
		}
	}
	pw := randomHex(16)
	var parts []string
	defended := true
	for _, n := range names {
		got, err := r.api.CreateAccount(cctx, api.CreateAccountParams{Name: n, Password: pw})
		parts = append(parts, fmt.Sprintf("%q: %s", n, describe(err)))
		if err == nil {
			defended = false
			if _, derr := r.api.DeleteAccount(cctx, api.DeleteAccountParams{Account: got.Account.ID, Password: pw}); derr != nil {
				parts = append(parts, fmt.Sprintf("(could not delete the account %s it made: %s)", got.Account.ID, describe(derr)))
			}
		} else if !refusedCleanly(err) {
			defended = false
		}
	}
	res.Did = fmt.Sprintf("called wallet.createAccount with the names %s (the last two next to the existing %q)", quoteAll(names), firstName(accs))
	res.Answer = strings.Join(parts, "; ")
	res.Verdict = judge(defended)
	return res
}

func firstName(accs []api.Account) string {
	if len(accs) == 0 {
		return ""
	}
	return accs[0].Name
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// caseVariant returns name with its letters' case swapped.
func caseVariant(name string) string {
	if up := strings.ToUpper(name); up != name {
		return up
	}
	return strings.ToLower(name)
}

// homoglyphs maps Latin letters to Cyrillic letters drawn the same.
var homoglyphs = map[rune]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у'}

// lookAlike returns name with its first letter that has a Cyrillic twin
// replaced by it.
func lookAlike(name string) (string, bool) {
	rs := []rune(name)
	for i, c := range rs {
		if t, ok := homoglyphs[c]; ok {
			rs[i] = t
			return string(rs), true
		}
	}
	return "", false
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// apiUnlock fires concurrent wallet.unlock calls (with a wrong password,
// so the wallet's state does not change; each still costs an argon2id
// derivation of 64 MiB): before, nothing capped them. The defence answers
// some with a "busy" error.
func (r *runner) apiUnlock(ctx context.Context) Result {
	res := Result{Item: 6, Name: "api-unlock-busy", Test: "internal/apiserver TestKeyDerivationsCapped"}
	n := r.cfg.UnlockCalls
	pw := randomHex(16)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := time.Now()
	cctx, cancel := context.WithTimeout(ctx, 6*callTimeout)
	defer cancel()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = r.api.Unlock(cctx, api.UnlockParams{Account: r.cfg.WalletAccount, Password: pw})
		}()
	}
	// A cheap call from the same client while they run.
	time.Sleep(50 * time.Millisecond)
	t := time.Now()
	_, statusErr := r.api.NodeStatus(cctx)
	statusTook := time.Since(t)
	wg.Wait()
	took := time.Since(start)
	busy, wrong := 0, 0
	var other codeTally
	for _, err := range errs {
		var e *api.Error
		switch {
		case errors.As(err, &e) && strings.Contains(strings.ToLower(e.Message), "busy"):
			busy++
		case client.IsCode(err, api.CodeWrongPassword):
			wrong++
		default:
			other.add(describe(err))
		}
	}
	res.Did = fmt.Sprintf("called wallet.unlock %d times at once with a wrong password (each answer costs the node an argon2id derivation, 64 MiB)", n)
	res.Answer = fmt.Sprintf("%d busy, %d wrong password, %d other%s, all answered in %s; node.status during them: %s in %s",
		busy, wrong, other.total(), other.suffix(), took.Round(time.Millisecond), describe(statusErr), statusTook.Round(time.Millisecond))
	res.Verdict = judge(busy > 0)
	return res
}

// codeTally counts strings.
type codeTally map[string]int

func (c *codeTally) add(s string) {
	if *c == nil {
		*c = codeTally{}
	}
	(*c)[s]++
}

func (c codeTally) total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// suffix lists the counts as " (a ×2, b ×1)", or "" when empty.
func (c codeTally) suffix() string {
	if len(c) == 0 {
		return ""
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, c[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// wsURL returns the WebSocket URL of the API.
func wsURL(apiURL string) (*url.URL, error) {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		if u, err = url.Parse("http://" + apiURL); err != nil {
			return nil, fmt.Errorf("attack: API URL %q: %w", apiURL, err)
		}
	}
	switch u.Scheme {
	case "https", "wss":
		u.Scheme = "wss"
	default:
		u.Scheme = "ws"
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

// sourceClient returns an HTTP client whose connections come from the
// loopback address 127.0.0.k when the API listens on IPv4 loopback (every
// 127/8 address reaches it on Linux, and the server counts each as its own
// source, as it would distinct hosts), or a plain client otherwise.
func sourceClient(u *url.URL, k int) *http.Client {
	host := u.Hostname()
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() == nil || !ip.IsLoopback() {
		return &http.Client{}
	}
	src := net.IPv4(127, 0, byte(k/250), byte(2+k%250))
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: src}, Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

// idlePerSource is how many idle WebSockets api-ws opens from one source
// address, under the default unauthenticated burst of 10.
const idlePerSource = 8

// apiIdleWS replays "64 idle connections lock every client out": it opens
// IdleConns WebSockets without a token from several loopback source
// addresses and never sends the auth message, then checks that a client
// with the token is served over HTTP and over a WebSocket, and that the
// server closes the idle ones at its auth deadline.
func (r *runner) apiIdleWS(ctx context.Context) Result {
	res := Result{Item: 6, Name: "api-idle-ws", Test: "internal/rpcserver TestWSIdleUnauthenticatedDoNotLockOut, TestWSAuthTimeout"}
	u, err := wsURL(r.api.URL())
	if err != nil {
		return errorResult(res, err)
	}
	var idle []*websocket.Conn
	refused := codeTally{}
	sources := map[int]bool{}
	for i := range r.cfg.IdleConns {
		k := i / idlePerSource
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		c, resp, err := websocket.Dial(dctx, u.String(), &websocket.DialOptions{HTTPClient: sourceClient(u, k)})
		cancel()
		switch {
		case err == nil:
			idle = append(idle, c)
			sources[k] = true
		case resp != nil:
			refused.add(fmt.Sprintf("HTTP %d", resp.StatusCode))
		default:
			refused.add("dial error")
		}
	}
	defer func() {
		for _, c := range idle {
			_ = c.CloseNow()
		}
	}()
	// With every idle connection open: an authenticated client.
	cctx, cancel := context.WithTimeout(ctx, 2*callTimeout)
	defer cancel()
	_, httpErr := r.api.NodeStatus(cctx)
	wsErr := firstBlockEvent(cctx, r.api)
	// Then the auth deadline: the server should close every idle one.
	closed, status := waitClosed(ctx, idle, 30*time.Second)
	res.Did = fmt.Sprintf("opened %d WebSockets without a token from %d loopback source addresses and left them idle (%d accepted%s), then called as a client with the token",
		r.cfg.IdleConns, (r.cfg.IdleConns+idlePerSource-1)/idlePerSource, len(idle), refusedSuffix(refused))
	res.Answer = fmt.Sprintf("authenticated HTTP node.status: %s; authenticated WebSocket chain.newBlock: %s; the server closed %d of %d idle connections within 30 s%s",
		describe(httpErr), describe(wsErr), closed, len(idle), status)
	res.Verdict = judge(httpErr == nil && wsErr == nil && closed == len(idle))
	return res
}

func refusedSuffix(t codeTally) string {
	if len(t) == 0 {
		return ""
	}
	return ", refused: " + strings.TrimSuffix(strings.TrimPrefix(t.suffix(), " ("), ")")
}

// firstBlockEvent subscribes to new blocks over an authenticated
// WebSocket and waits for one notification.
func firstBlockEvent(ctx context.Context, c *client.Client) error {
	sub, err := c.SubscribeNewBlocks(ctx)
	if err != nil {
		return err
	}
	defer sub.Close()
	select {
	case _, ok := <-sub.Events():
		if !ok {
			return fmt.Errorf("attack: subscription ended: %w", sub.Err())
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("attack: no block notification: %w", ctx.Err())
	}
}

// waitClosed reads from every connection until the server closes it or
// limit passes, and returns how many were closed and with what status.
func waitClosed(ctx context.Context, conns []*websocket.Conn, limit time.Duration) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var mu sync.Mutex
	closed := 0
	statuses := codeTally{}
	start := time.Now()
	var last time.Duration
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, _, err := c.Read(ctx)
				if err == nil {
					continue
				}
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				closed++
				last = max(last, time.Since(start))
				if s := websocket.CloseStatus(err); s != -1 {
					statuses.add(fmt.Sprintf("status %d", int(s)))
				} else {
					statuses.add("connection dropped")
				}
				mu.Unlock()
				return
			}
		}()
	}
	wg.Wait()
	if closed == 0 {
		return 0, ""
	}
	return closed, fmt.Sprintf(", the last after %s%s", last.Round(100*time.Millisecond), statuses.suffix())
}

// rateBurstRefill is how long api-rate waits after its flood so that the
// calls of later attacks are not refused (the default budget is 50/s with
// a burst of 100).
const rateBurstRefill = 3 * time.Second

// apiRate replays "the rate limit is per connection (reconnect to
// bypass)": RateCalls calls over HTTP, each on a fresh TCP connection,
// and the same number over fresh WebSockets of 40 calls each. A limit
// counted per client refuses some of both; one per connection refuses
// none.
func (r *runner) apiRate(ctx context.Context) Result {
	res := Result{Item: 6, Name: "api-rate-reconnect", Test: "internal/rpcserver TestRateLimitSurvivesReconnect"}
	tok, err := client.TokenFromFile(r.cfg.TokenFile)
	if err != nil {
		return errorResult(res, err)
	}
	n := r.cfg.RateCalls
	fresh, err := client.New(r.api.URL(), tok, client.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
	if err != nil {
		return errorResult(res, err)
	}
	httpTally, httpLimited, httpTook := fireHTTP(ctx, fresh, n)
	time.Sleep(rateBurstRefill)
	u, err := wsURL(r.api.URL())
	if err != nil {
		return errorResult(res, err)
	}
	wsTally, wsLimited, wsConns, wsTook := fireWS(ctx, u, tok, n)
	time.Sleep(rateBurstRefill)
	res.Did = fmt.Sprintf("made %d node.status calls over HTTP, each on a new TCP connection (%s), then %d over %d new WebSockets (%s)",
		n, httpTook.Round(time.Millisecond), n, wsConns, wsTook.Round(time.Millisecond))
	res.Answer = fmt.Sprintf("HTTP: %d rate limited%s; WebSocket: %d rate limited%s", httpLimited, httpTally.suffix(), wsLimited, wsTally.suffix())
	res.Verdict = judge(httpLimited > 0 && wsLimited > 0)
	return res
}

// rateWorkers is how many calls fireHTTP keeps in flight.
const rateWorkers = 8

// fireHTTP makes n node.status calls with c as fast as they are answered.
func fireHTTP(ctx context.Context, c *client.Client, n int) (codeTally, int, time.Duration) {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range rateWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				cctx, cancel := context.WithTimeout(ctx, callTimeout)
				_, errs[i] = c.NodeStatus(cctx)
				cancel()
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	took := time.Since(start)
	t := codeTally{}
	limited := 0
	for _, err := range errs {
		if client.IsCode(err, api.CodeRateLimited) {
			limited++
		}
		t.add(describe(err))
	}
	return t, limited, took
}

// wsBatch is how many calls fireWS sends on one WebSocket.
const wsBatch = 40

// fireWS makes n node.status calls over fresh authenticated WebSockets,
// wsBatch each, sent at once.
func fireWS(ctx context.Context, u *url.URL, token string, n int) (codeTally, int, int, time.Duration) {
	t := codeTally{}
	limited, conns := 0, 0
	start := time.Now()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	for sent := 0; sent < n; sent += wsBatch {
		batch := min(wsBatch, n-sent)
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		c, _, err := websocket.Dial(cctx, u.String(), &websocket.DialOptions{HTTPHeader: h})
		if err != nil {
			t.add("dial: " + describe(err))
			cancel()
			continue
		}
		conns++
		for i := range batch {
			req := fmt.Sprintf(`{"jsonrpc":"2.0","method":%q,"params":{},"id":%d}`, api.MethodNodeStatus, i+1)
			if err := c.Write(cctx, websocket.MessageText, []byte(req)); err != nil {
				t.add("write: " + err.Error())
				break
			}
		}
		for range batch {
			_, data, err := c.Read(cctx)
			if err != nil {
				t.add("read: " + err.Error())
				break
			}
			var resp struct {
				Error *api.Error `json:"error"`
			}
			if json.Unmarshal(data, &resp) != nil {
				t.add("not JSON-RPC")
				continue
			}
			if resp.Error == nil {
				t.add("ok")
				continue
			}
			if resp.Error.Code == api.CodeRateLimited {
				limited++
			}
			t.add(describe(resp.Error))
		}
		_ = c.Close(websocket.StatusNormalClosure, "")
		cancel()
	}
	return t, limited, conns, time.Since(start)
}
