// Command stegos is the command-line wallet of Stegos: it creates and
// recovers accounts, shows balances and history, sends payments and
// proves them, all through the JSON-RPC API of a running stegosd.
//
//	stegos account create alice
//	stegos address
//	stegos pay stg1... 1.5 --memo "lunch" --wait
//
// Run 'stegos --help' for the commands; the implementation is in
// internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/stegos-go/stegos/internal/cli"
)

func main() {
	// The first Ctrl-C cancels the command, which then stops cleanly (and
	// restores the terminal if it was reading a password); a second one
	// kills the process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Run(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
