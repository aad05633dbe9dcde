// Command stegos-load submits signed 2-in/2-out private transactions to a
// running Stegos dev network and reports tx/s and submit→final latency.
// One payment from a demo account (--account, default 1; never a stake)
// funds a fresh account of the run's own, which carries all the load.
//
//	go run ./cmd/stegos-load --node http://127.0.0.1:26657 --txs 2000 --chains 500
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"

	"github.com/stegos-go/stegos/internal/loadgen"
)

func main() {
	nodes := flag.String("node", "http://127.0.0.1:26657", "comma-separated CometBFT RPC addresses to submit to")
	txs := flag.Int("txs", 2000, "2-in/2-out transactions to measure")
	chains := flag.Int("chains", 500, "parallel transaction chains (each needs 2 funded outputs)")
	account := flag.Uint("account", 1, "demo account that funds the run with one payment (0-3 on a dev chain; 0 is the dev wallet's demo account)")
	workers := flag.Int("workers", 2, "goroutines building transactions")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()

	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := loadgen.Run(ctx, loadgen.Config{
		Nodes: strings.Split(*nodes, ","), Txs: *txs, Chains: *chains,
		Account: uint32(*account), Workers: *workers, Log: log,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "stegos-load:", err)
		os.Exit(1)
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(rep) //nolint:errcheck // stdout
		return
	}
	fmt.Println(rep)
}
