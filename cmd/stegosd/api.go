package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/apiserver"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/internal/webui"
	"github.com/stegos-go/stegos/params"
)

// This file runs the wallet and the JSON-RPC API beside a node (in-process,
// over its local client) or against a remote node (stegosd wallet).

// walletDir is where the wallet lives in a home.
func walletDir(home string) string { return filepath.Join(home, "wallet") }

// demoAccount is the dev chain's funded demo account, recovered from the
// public genesis.DemoPhrase with this password and unlocked on every start.
const (
	demoAccount  = "demo"
	demoPassword = "demo"
)

// apiService is the wallet and the API server around one chain source.
type apiService struct {
	wallet *wallet.Service
	done   chan error
	cancel context.CancelFunc
}

// startAPI opens the wallet in home and serves the API on listen (no API
// when listen is empty). dev makes sure the demo account exists and is
// unlocked.
func startAPI(ctx context.Context, home, listen string, src *chainsrc.Comet, logger *slog.Logger, dev bool) (*apiService, error) {
	p, err := params.ByChainID(src.ChainID())
	if err != nil {
		return nil, err
	}
	token, err := rpcserver.LoadOrCreateToken(home)
	if err != nil {
		return nil, err
	}
	srv, err := rpcserver.New(rpcserver.Config{
		Token: token, Logger: logger.With("module", "api"), Title: apiserver.Title, Version: api.Version,
		Pages: webui.Handler(webui.Config{Hosts: listenHosts(listen), Logger: logger.With("module", "webui")}),
	})
	if err != nil {
		return nil, err
	}
	w, err := wallet.Open(wallet.Config{
		Dir: walletDir(home), Source: src, Params: &p,
		Logger: logger.With("module", "wallet"), Notify: srv.Publish,
	})
	if err != nil {
		return nil, fmt.Errorf("%w (is another stegosd using %s?)", err, walletDir(home))
	}
	if dev {
		if err := ensureDemoAccount(ctx, w, logger); err != nil {
			return nil, errors.Join(err, w.Close())
		}
	}
	apiserver.RegisterChain(srv, src, &p, moduleVersion())
	apiserver.RegisterWallet(srv, w)
	ctx, cancel := context.WithCancel(ctx)
	s := &apiService{wallet: w, done: make(chan error, 1), cancel: cancel}
	go apiserver.WatchBlocks(ctx, src, 200*time.Millisecond, srv.Publish, logger.With("module", "api"))
	if listen == "" {
		logger.Info("API disabled (api.listen is empty)")
		go func() { <-ctx.Done(); s.done <- nil }()
		return s, nil
	}
	ln, err := rpcserver.Listen(listen)
	if err != nil {
		cancel()
		return nil, errors.Join(fmt.Errorf("API: %w", err), w.Close())
	}
	logger.Info("API listening", "url", "http://"+ln.Addr().String(), "token_file", filepath.Join(home, rpcserver.TokenFile))
	if dev {
		// The dev token guards a chain of public demo keys; the link lets a
		// newcomer open the web wallet in one click.
		logger.Info("web wallet: open this link to log in", "url", webui.LoginURL(ln.Addr().String(), token))
	} else {
		logger.Info("web wallet", "url", "http://"+ln.Addr().String()+"/", "login", "paste the token of "+filepath.Join(home, rpcserver.TokenFile))
	}
	go func() { s.done <- srv.Serve(ctx, ln) }()
	return s, nil
}

// listenHosts returns the host of a listen address for the pages' Host
// check, unless it is a wildcard.
func listenHosts(listen string) []string {
	h, _, err := net.SplitHostPort(listen)
	if err != nil || h == "" || h == "0.0.0.0" || h == "::" {
		return nil
	}
	return []string{h}
}

// stop shuts the API down and closes the wallet.
func (s *apiService) stop() error {
	s.cancel()
	err := <-s.done
	return errors.Join(err, s.wallet.Close())
}

// ensureDemoAccount recovers the demo account on a new dev chain and
// unlocks it.
func ensureDemoAccount(ctx context.Context, w *wallet.Service, logger *slog.Logger) error {
	if _, err := w.Account(demoAccount); errors.Is(err, wallet.ErrAccountNotFound) {
		if _, err := w.RecoverAccount(ctx, demoAccount, genesis.DemoPhrase, demoPassword); err != nil {
			return fmt.Errorf("dev: demo account: %w", err)
		}
		logger.Info("wallet: demo account added; its password is in the README", "name", demoAccount)
		return nil
	} else if err != nil {
		return err
	}
	if _, err := w.Unlock(demoAccount, demoPassword); err != nil {
		return fmt.Errorf("dev: unlock the demo account: %w", err)
	}
	return nil
}
