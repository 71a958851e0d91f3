// Command server is a small HTTP service on the Go standard library.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	healthcheck := flag.Bool("healthcheck", false,
		"probe GET /healthz on the local port and exit 0 when healthy")
	flag.Parse()
	config, err := LoadConfig(os.Getenv)
	if err != nil {
		logLine("error", "cannot start", map[string]any{"error": err.Error()})
		os.Exit(1)
	}
	if *healthcheck {
		os.Exit(probe(config.Port))
	}
	if err := run(config); err != nil {
		logLine("error", "stopped with an error", map[string]any{"error": err.Error()})
		os.Exit(1)
	}
}

// probe is the container HEALTHCHECK for the distroless image, which has no shell or curl.
func probe(port int) int {
	client := http.Client{Timeout: 2 * time.Second}
	res, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", port))
	if err != nil {
		return 1
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

// run serves until SIGTERM or SIGINT, then stops reporting ready and lets in-flight
// requests finish within the shutdown timeout.
func run(config Config) error {
	var ready atomic.Bool
	ready.Store(true)
	server := &http.Server{
		Handler:           NewHandler(&ready),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	listener, err := net.Listen("tcp", net.JoinHostPort(config.Host, strconv.Itoa(config.Port)))
	if err != nil {
		return err
	}
	logLine("info", "listening", map[string]any{"port": listener.Addr().(*net.TCPAddr).Port})

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	ready.Store(false)
	logLine("info", "shutting down", nil)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), config.ShutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logLine("info", "stopped", nil)
	return nil
}
