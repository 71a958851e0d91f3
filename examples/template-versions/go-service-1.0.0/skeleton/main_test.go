package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestServerProcess re-runs the test binary as the real server (see TestMain) on a free
// port, probes it, and checks that SIGTERM stops it cleanly.
func TestServerProcess(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = []string{"GO_SERVICE_TEST_RUN_SERVER=1", "PORT=0", "HOST=127.0.0.1"}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()

	port := 0
	scanner := bufio.NewScanner(stdout)
	for port == 0 && scanner.Scan() {
		var entry struct {
			Msg  string `json:"msg"`
			Port int    `json:"port"`
		}
		if json.Unmarshal(scanner.Bytes(), &entry) == nil && entry.Msg == "listening" {
			port = entry.Port
		}
	}
	if port == 0 {
		t.Fatal("the server did not log its port")
	}
	if code := probe(port); code != 0 {
		t.Fatalf("healthcheck probe: exit %d", code)
	}
	res, err := http.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() {
		for scanner.Scan() {
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop within 10s of SIGTERM")
	}
}

func TestProbeFailsWithoutAServer(t *testing.T) {
	if code := probe(1); code != 1 {
		t.Fatalf("probe of a closed port: exit %d", code)
	}
}

func TestMain(m *testing.M) {
	if os.Getenv("GO_SERVICE_TEST_RUN_SERVER") == "1" {
		config, err := LoadConfig(os.Getenv)
		if err != nil {
			os.Exit(1)
		}
		if err := run(config); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
