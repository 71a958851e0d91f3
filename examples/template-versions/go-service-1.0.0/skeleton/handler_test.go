package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func newTestServer(t *testing.T) (*httptest.Server, *atomic.Bool) {
	t.Helper()
	var ready atomic.Bool
	ready.Store(true)
	server := httptest.NewServer(NewHandler(&ready))
	t.Cleanup(server.Close)
	return server, &ready
}

func get(t *testing.T, target string) (*http.Response, map[string]string) {
	t.Helper()
	res, err := http.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]string{}
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("body is not a JSON object: %q", raw)
	}
	return res, body
}

func TestHealthzAnswersOKWithSecurityHeaders(t *testing.T) {
	server, _ := newTestServer(t)
	res, body := get(t, server.URL+"/healthz")
	if res.StatusCode != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("got %d %v", res.StatusCode, body)
	}
	for name, value := range SecurityHeaders {
		if got := res.Header.Get(name); got != value {
			t.Errorf("header %s = %q, want %q", name, got, value)
		}
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("content type %q", res.Header.Get("Content-Type"))
	}
}

func TestHelloGreetsByName(t *testing.T) {
	server, _ := newTestServer(t)
	res, body := get(t, server.URL+"/api/hello?name="+url.QueryEscape("Ada Lovelace"))
	if res.StatusCode != http.StatusOK || body["message"] != "Hello, Ada Lovelace!" {
		t.Fatalf("got %d %v", res.StatusCode, body)
	}
	_, body = get(t, server.URL+"/api/hello")
	if body["message"] != "Hello, world!" {
		t.Fatalf("default greeting %v", body)
	}
}

func TestHelloRejectsMarkupAndLongNames(t *testing.T) {
	server, _ := newTestServer(t)
	for _, name := range []string{"<script>", strings.Repeat("a", 65), ""} {
		res, body := get(t, server.URL+"/api/hello?name="+url.QueryEscape(name))
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("name %q: status %d", name, res.StatusCode)
		}
		if strings.Contains(body["error"], "<script>") {
			t.Errorf("name %q echoed in the error", name)
		}
	}
}

func TestUnknownPathIsAJSON404(t *testing.T) {
	server, _ := newTestServer(t)
	res, body := get(t, server.URL+"/nope")
	if res.StatusCode != http.StatusNotFound || body["error"] != "not found" {
		t.Fatalf("got %d %v", res.StatusCode, body)
	}
}

func TestOtherMethodsGet405WithAllow(t *testing.T) {
	server, _ := newTestServer(t)
	res, err := http.Post(server.URL+"/healthz", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("got %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}

func TestReadyzFollowsTheReadyState(t *testing.T) {
	server, ready := newTestServer(t)
	if res, _ := get(t, server.URL+"/readyz"); res.StatusCode != http.StatusOK {
		t.Fatalf("ready: %d", res.StatusCode)
	}
	ready.Store(false)
	if res, _ := get(t, server.URL+"/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("shutting down: %d", res.StatusCode)
	}
}

func TestPanicBecomesABare500(t *testing.T) {
	handler := recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret detail")
	}))
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/", nil))
	if recorder.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", recorder.Code)
	}
	if strings.Contains(recorder.Body.String(), "secret detail") {
		t.Fatal("panic detail reached the client")
	}
}
