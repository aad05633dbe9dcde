// Command send-and-watch is the Go SDK example: it connects to a running
// stegosd, prints an account's balance, sends a payment and prints balance
// changes as they arrive.
//
//	go run ./cmd/stegosd dev                      # in another terminal
//	go run ./examples/go/send-and-watch -to dev1... -amount 1500000 -memo "hi"
//
// Without -to it only watches. The account (default "demo") must be
// unlocked; stegosd dev unlocks the demo account itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
)

func main() {
	home, _ := os.UserHomeDir()
	url := flag.String("api", client.DefaultURL, "Stegos API URL")
	tokenFile := flag.String("token-file", filepath.Join(home, ".local/share/stegos/dev/api.token"), "API token file")
	account := flag.String("account", "demo", "account to pay from and watch")
	to := flag.String("to", "", "address to pay (empty: only watch)")
	amount := flag.Uint64("amount", 1_000_000, "µSTG to pay")
	memo := flag.String("memo", "", "memo for the recipient")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c, err := client.Dial(ctx, *url, *tokenFile)
	if err != nil {
		log.Fatal(err)
	}

	// Subscribe first, so no change is missed between the send and the watch.
	sub, err := c.SubscribeBalance(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer sub.Close()

	bal, err := c.Balance(ctx, *account)
	var apiErr *api.Error
	if errors.As(err, &apiErr) && apiErr.Code == api.CodeSyncing {
		log.Fatalf("%s is still scanning the chain: try again in a moment", *account)
	} else if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d µSTG available, %d pending, %d locked\n", *account, bal.Available, bal.Pending, bal.Locked)

	if *to != "" {
		res, err := c.Send(ctx, api.SendParams{Account: *account, To: *to, Amount: *amount, Memo: *memo})
		if err != nil {
			var funds api.InsufficientFundsData
			if client.IsCode(err, api.CodeInsufficientFunds) && client.DecodeErrorData(err, &funds) == nil {
				log.Fatalf("not enough funds: %d µSTG available, %d needed", funds.Available, funds.Needed)
			}
			log.Fatal(err)
		}
		fmt.Printf("sent %d µSTG (fee %d) in %s, %s\n", res.Amount, res.Fee, res.TxID, res.Status)
	}

	fmt.Println("watching balance changes (Ctrl-C to stop)")
	for {
		select {
		case ev := <-sub.Events():
			fmt.Printf("%s (%s): %d available, %d pending, %d locked at block %d\n",
				ev.Name, ev.Account, ev.Available, ev.Pending, ev.Locked, ev.ScannedHeight)
		case <-sub.Done():
			if err := sub.Err(); err != nil && ctx.Err() == nil {
				log.Fatal(err)
			}
			return
		}
	}
}
