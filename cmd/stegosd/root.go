package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/stegos-go/stegos/internal/config"
)

// env is what the commands take from the process: output streams and the
// environment. Tests substitute their own.
type env struct {
	stdout, stderr io.Writer
	lookupEnv      func(string) (string, bool)
	environ        func() []string
	userHome       func() (string, error)
}

// osEnv returns the real process environment.
func osEnv() env {
	return env{
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		lookupEnv: os.LookupEnv,
		environ:   os.Environ,
		userHome:  os.UserHomeDir,
	}
}

// usageError marks a command-line mistake (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run executes the command line and returns the exit status: 0 on success
// (including a stop by signal), 1 on failure, 2 on a usage error.
func run(args []string, e env) int {
	ctx, stop := signalContext()
	defer stop()
	return execute(ctx, args, e)
}

// execute runs the command line under ctx.
func execute(ctx context.Context, args []string, e env) int {
	root := newRootCommand(e)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintf(e.stderr, "stegosd: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(e.stderr, "Run 'stegosd --help' for usage.")
		return 2
	}
	return 1
}

// signalContext returns a context cancelled by the first SIGINT or SIGTERM,
// with the signal as its cause. After the first signal the default handling
// comes back, so a second Ctrl-C kills a node that hangs while stopping.
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-ch:
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			cancel(fmt.Errorf("received %v", sig))
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// newRootCommand builds the command tree.
func newRootCommand(e env) *cobra.Command {
	root := &cobra.Command{
		Use:   "stegosd",
		Short: "Stegos node daemon",
		Long: `stegosd runs a Stegos node: the ledger application with CometBFT consensus
in one process. Start a local development chain with 'stegosd dev'.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().String("home", "", "home directory (default $"+config.EnvHome+", else $XDG_DATA_HOME/stegos, else ~/.local/share/stegos)")
	root.AddCommand(
		newDevCommand(e),
		newInitCommand(e),
		newStartCommand(e),
		newLocalnetCommand(e),
		newVersionCommand(e),
		newAuditCommand(e),
		newValidatorInfoCommand(e),
		newWalletCommand(e),
	)
	return root
}

// homeDir returns --home if given, else the default home joined with sub
// (sub is "" for the plain default home). The result is absolute.
func homeDir(cmd *cobra.Command, e env, sub string) (string, error) {
	var h string
	if f := cmd.Flag("home"); f != nil {
		h = f.Value.String()
	}
	var err error
	if h == "" {
		h, err = config.DefaultHome(e.lookupEnv, e.userHome)
		if err != nil {
			return "", err
		}
		h = filepath.Join(h, sub)
	}
	abs, err := filepath.Abs(h)
	if err != nil {
		return "", fmt.Errorf("home %s: %w", h, err)
	}
	return abs, nil
}
