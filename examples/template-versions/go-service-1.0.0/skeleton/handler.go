package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync/atomic"
)

// SecurityHeaders are sent with every response. The service only answers JSON, so the
// policy is strict.
var SecurityHeaders = map[string]string{
	"Content-Security-Policy":      "default-src 'none'; frame-ancestors 'none'",
	"Cross-Origin-Resource-Policy": "same-origin",
	"Referrer-Policy":              "no-referrer",
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Cache-Control":                "no-store",
}

// Letters, digits, space, dot, dash, underscore; 1 to 64 characters.
var namePattern = regexp.MustCompile(`^[\p{L}\p{N} ._-]{1,64}$`)

func writeJSON(w http.ResponseWriter, status int, body any) {
	payload, err := json.Marshal(body)
	if err != nil {
		status, payload = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	header := w.Header()
	for name, value := range SecurityHeaders {
		header.Set(name, value)
	}
	header.Set("Content-Type", "application/json; charset=utf-8")
	header.Set("Content-Length", strconv.Itoa(len(payload)))
	w.WriteHeader(status)
	_, _ = w.Write(payload)
}

// NewHandler builds the HTTP handler; ready reports readiness and is cleared on shutdown.
func NewHandler(ready *atomic.Bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if ready.Load() {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		} else {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
		}
	})
	mux.HandleFunc("/api/hello", func(w http.ResponseWriter, r *http.Request) {
		name := "world"
		if values, ok := r.URL.Query()["name"]; ok {
			name = values[0]
		}
		if !namePattern.MatchString(name) {
			writeJSON(w, http.StatusBadRequest, map[string]string{
				"error": "name must be 1-64 letters, digits, spaces, dots, dashes or underscores",
			})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"message": fmt.Sprintf("Hello, %s!", name)})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
	})
	return recoverer(methods(mux))
}

// methods allows GET and HEAD only.
func methods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a bare 500: details go to the log, never to the client.
func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recovered := recover(); recovered != nil {
				if recovered == http.ErrAbortHandler {
					panic(recovered)
				}
				logLine("error", "request failed", map[string]any{"error": fmt.Sprint(recovered)})
				writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
