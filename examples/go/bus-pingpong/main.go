// Command bus-pingpong is the message bus example of the Go SDK: two
// accounts of a running stegosd exchange a 10 KiB packet each way over the
// bus ("ping", then "pong"), printing what arrives.
//
//	go run ./cmd/stegosd dev                     # in another terminal
//	go run ./examples/go/bus-pingpong
//
// The ping account (-ping, default "demo") must be unlocked and funded;
// stegosd dev unlocks its demo account itself. The pong account (-pong,
// default "pong") is created with -password if the wallet has none of that
// name, and ping pays it 1 STG for its fees when it has less. Each packet
// is 10 KiB, signed by its sender: 23 outputs in two transactions, the
// second sent once the change of the first confirms.
//
// It finds the API and its token as the stegos CLI does: -api, else
// $STEGOS_API, else 127.0.0.1:3145; -token-file, else $STEGOS_TOKEN_FILE,
// else the dev chain's token in the default home ($STEGOS_HOME/dev, else
// $XDG_DATA_HOME/stegos/dev, else ~/.local/share/stegos/dev).
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

// app is the bus app name of the example's packets.
const app = "pingpong"

// packetSize is the size of each packet.
const packetSize = 10 << 10

// pongFunds is what ping pays a pong account that has less, in µSTG.
const pongFunds = 1_000_000

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.LookupEnv, os.UserHomeDir, os.Stdout, os.Stderr))
}

// run is the program: it returns the exit status (0 done, 1 failed, 2 bad
// usage).
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), userHome func() (string, error), stdout, stderr io.Writer) int {
	env := func(name, def string) string {
		if v, ok := lookupEnv(name); ok && v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("bus-pingpong", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("api", env("STEGOS_API", client.DefaultURL), "Stegos API URL (env STEGOS_API)")
	tokenFile := fs.String("token-file", env("STEGOS_TOKEN_FILE", devTokenFile(lookupEnv, userHome)), "API token file (env STEGOS_TOKEN_FILE)")
	ping := fs.String("ping", "demo", "the account that sends the ping (funded, unlocked)")
	pong := fs.String("pong", "pong", "the account that answers (created if missing)")
	password := fs.String("password", "pong", "password of the pong account if it is created")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *tokenFile == "" {
		fmt.Fprintln(stderr, "no home directory to find the API token in: pass -token-file")
		return 2
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := pingPong(ctx, stdout, *url, *tokenFile, *ping, *pong, *password); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// devTokenFile is the dev chain's API token in the default home.
func devTokenFile(lookupEnv func(string) (string, bool), userHome func() (string, error)) string {
	if h, ok := lookupEnv("STEGOS_HOME"); ok && h != "" {
		return filepath.Join(h, "dev", api.TokenFile)
	}
	if x, ok := lookupEnv("XDG_DATA_HOME"); ok && filepath.IsAbs(x) {
		return filepath.Join(x, "stegos", "dev", api.TokenFile)
	}
	u, err := userHome()
	if err != nil || u == "" {
		return ""
	}
	return filepath.Join(u, ".local", "share", "stegos", "dev", api.TokenFile)
}

// pingPong sends a ping from ping to pong and pong's answer back.
func pingPong(ctx context.Context, out io.Writer, url, tokenFile, ping, pong, password string) error {
	c, err := client.Dial(ctx, url, tokenFile)
	if err != nil {
		return err
	}
	// Subscribe first, so no packet is missed.
	packets, err := c.SubscribeBus(ctx, app)
	if err != nil {
		return err
	}
	defer packets.Close()

	pingAcct, err := c.Address(ctx, ping)
	if err != nil {
		return fmt.Errorf("account %q: %w", ping, err)
	}
	pongAcct, err := ensurePong(ctx, out, c, ping, pong, password)
	if err != nil {
		return err
	}

	sent, err := send(ctx, out, c, ping, pongAcct.Address, "ping")
	if err != nil {
		return err
	}
	got, err := receive(ctx, out, packets, pong, pongAcct.Account, sent)
	if err != nil {
		return err
	}
	if got.From != pingAcct.Address {
		return fmt.Errorf("the ping names %q as its sender, not %s", got.From, pingAcct.Address)
	}
	// Pong answers the address the ping was signed by.
	sent, err = send(ctx, out, c, pong, got.From, "pong")
	if err != nil {
		return err
	}
	if _, err := receive(ctx, out, packets, ping, pingAcct.Account, sent); err != nil {
		return err
	}
	fmt.Fprintln(out, "ping-pong done")
	return nil
}

// ensurePong returns the pong account, created and funded if needed.
func ensurePong(ctx context.Context, out io.Writer, c *client.Client, ping, pong, password string) (*api.AddressResult, error) {
	addr, err := c.Address(ctx, pong)
	if client.IsCode(err, api.CodeAccountNotFound) {
		if _, err := c.CreateAccount(ctx, api.CreateAccountParams{Name: pong, Password: password}); err != nil {
			return nil, fmt.Errorf("creating %q: %w", pong, err)
		}
		fmt.Fprintf(out, "created the account %s\n", pong)
		addr, err = c.Address(ctx, pong)
	}
	if err != nil {
		return nil, err
	}
	bal, err := waitBalance(ctx, c, pong, func(api.Balance) bool { return true })
	if err != nil {
		return nil, err
	}
	if bal.Available+bal.Pending >= pongFunds/2 {
		return addr, nil
	}
	res, err := c.Send(ctx, api.SendParams{Account: ping, To: addr.Address, Amount: pongFunds, Memo: "fees for bus-pingpong"})
	if err != nil {
		return nil, fmt.Errorf("funding %s: %w", pong, err)
	}
	fmt.Fprintf(out, "%s paid %s 1 STG for its fees (tx %s); waiting for it to confirm\n", ping, pong, res.TxID)
	if _, err := waitBalance(ctx, c, pong, func(b api.Balance) bool { return b.Available >= pongFunds }); err != nil {
		return nil, err
	}
	return addr, nil
}

// waitBalance polls an account's balance until ok holds (and the account
// has scanned the chain).
func waitBalance(ctx context.Context, c *client.Client, account string, ok func(api.Balance) bool) (*api.Balance, error) {
	for {
		b, err := c.Balance(ctx, account)
		switch {
		case client.IsCode(err, api.CodeSyncing):
		case err != nil:
			return nil, err
		case ok(*b):
			return b, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the balance of %s: %w", account, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// sentPacket is a packet sent and what it held.
type sentPacket struct {
	id   string
	data []byte
	at   time.Time
}

// send sends a signed packetSize packet starting with word from account to
// the address to.
func send(ctx context.Context, out io.Writer, c *client.Client, account, to, word string) (sentPacket, error) {
	data := make([]byte, packetSize)
	copy(data, word+" ")
	if _, err := rand.Read(data[len(word)+1:]); err != nil {
		return sentPacket{}, err
	}
	at := time.Now()
	res, err := c.BusSend(ctx, api.BusSendParams{Account: account, To: to, App: app, Data: data, Sign: true})
	if err != nil {
		return sentPacket{}, fmt.Errorf("%s: sending the %s: %w", account, word, err)
	}
	more := ""
	if res.Pending {
		more = " (the rest follows as the change comes back)"
	}
	fmt.Fprintf(out, "%s sent a %d-byte %s: packet %s, %d outputs, %d transaction(s) so far%s\n",
		account, len(data), word, res.PacketID, res.Fragments, len(res.TxIDs), more)
	return sentPacket{id: res.PacketID, data: data, at: at}, nil
}

// receive waits for the packet sent to the account name (whose id is id).
func receive(ctx context.Context, out io.Writer, packets *client.Subscription[api.BusPacket], name, id string, sent sentPacket) (api.BusPacket, error) {
	for {
		select {
		case p := <-packets.Events():
			if p.PacketID != sent.id || p.Account != id {
				continue
			}
			if !p.Complete {
				return p, fmt.Errorf("packet %s is incomplete: %d of %d fragments arrived", p.PacketID, p.Received, p.Count)
			}
			if !bytes.Equal(p.Data, sent.data) {
				return p, fmt.Errorf("packet %s arrived altered", p.PacketID)
			}
			word, _, _ := bytes.Cut(p.Data[:16], []byte(" "))
			fmt.Fprintf(out, "%s received %q (%d bytes) from %s at block %d, %d transaction(s), %v after sending\n",
				name, word, len(p.Data), p.From, p.Height, len(p.TxIDs), time.Since(sent.at).Round(time.Millisecond))
			return p, nil
		case <-packets.Done():
			if err := packets.Err(); err != nil {
				return api.BusPacket{}, err
			}
			return api.BusPacket{}, fmt.Errorf("waiting for packet %s: %w", sent.id, ctx.Err())
		}
	}
}
