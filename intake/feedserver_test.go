package intake

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// feedServer serves feed files over HTTP as a real site would: with an
// ETag and/or a Last-Modified when told to, answering conditional GETs
// with 304 (http.ServeContent does the HTTP), or failing as told.
type feedServer struct {
	*httptest.Server
	mu          sync.Mutex
	files       map[string]served // by URL path
	hits        map[string]int    // requests, by path
	notModified map[string]int    // 304 answers, by path
}

// served is what the server answers on one path.
type served struct {
	body    []byte
	etag    bool      // send an ETag (a hash of body)
	modTime time.Time // send Last-Modified; zero: none
	status  int       // fail with this status instead; 0: serve body
	hang    bool      // answer nothing until the client gives up
}

func newFeedServer(t *testing.T) *feedServer {
	s := &feedServer{files: map[string]served{}, hits: map[string]int{}, notModified: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// set makes the server answer path with f.
func (s *feedServer) set(path string, f served) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = f
}

// count returns the requests and the 304 answers on path so far.
func (s *feedServer) count(path string) (hits, notModified int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path], s.notModified[path]
}

func (s *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	f, ok := s.files[r.URL.Path]
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, r)
		return
	case f.hang:
		<-r.Context().Done()
		return
	case f.status != 0:
		http.Error(w, http.StatusText(f.status), f.status)
		return
	}
	if f.etag {
		w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(f.body)))
	}
	rec := &statusWriter{ResponseWriter: w}
	http.ServeContent(rec, r, "", f.modTime, bytes.NewReader(f.body))
	if rec.status == http.StatusNotModified {
		s.mu.Lock()
		s.notModified[r.URL.Path]++
		s.mu.Unlock()
	}
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
