package bot

import (
	"bytes"
	"context"
	"fmt"
	"github.com/newsdesk/newsdesk/fetch"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/newsdesk/newsdesk/intake"
	"github.com/newsdesk/newsdesk/telegram"
)

// fileServer is a Bot API on loopback: file downloads
// (/file/botTOKEN/PATH) are served from files, every other call is
// answered by the MockTransport, which records it.
type fileServer struct {
	mock  *telegram.MockTransport
	mu    sync.Mutex
	files map[string][]byte // by file_path
	gets  int               // downloads asked for
}

func (f *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+testToken+"/"); ok {
		f.mu.Lock()
		data, found := f.files[p]
		f.gets++
		f.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
		return
	}
	out := r.Clone(r.Context())
	out.URL.Scheme, out.URL.Host = "http", "bot-api.mock"
	resp, err := f.mock.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// documentFrom is an Update with a document sent by user in their private
// chat (or in a group, when chat is not the user).
func documentFrom(updateID int, user, chat int64, fileID, name string, size int) string {
	kind := "private"
	if chat != user {
		kind = "group"
	}
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1746262800,`+
		`"from":{"id":%d,"is_bot":false,"first_name":"U"},"chat":{"id":%d,"type":%q},`+
		`"document":{"file_id":%q,"file_unique_id":"u%s","file_name":%q,"file_size":%d}}}`,
		updateID, updateID, user, chat, kind, fileID, fileID, name, size)
}

func TestAdminUpload(t *testing.T) {
	var log bytes.Buffer
	var logMu sync.Mutex
	h := newHarness(t, nil, nil)
	article := "---\ntitle: Lighthouse keepers strike\noutlet: Coast Courier\n---\n\n" +
		"The lighthouse keepers of the northern coast went on strike on Monday over unpaid night shifts.\n\n" +
		"Their union said the strike would last until the shifts were paid.\n"
	fs := &fileServer{mock: h.mock, files: map[string][]byte{
		"files/F1": []byte(article),
		"files/F2": {0x00, 0x01, 0x02, 0xff, 0xfe, 0x00},
	}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	h.client = h.newClient(srv.Client(), srv.URL+"/bot%s/%s")
	h.opts.Admins = []int64{admin}
	h.opts.Ingester = intake.NewLibrary(h.store, h.index, testLogger(t))
	h.opts.Files = HTTPFiles{Client: srv.Client(), Endpoint: srv.URL + "/file/bot%s/%s", Token: testToken}
	h.opts.MaxUpload = 1 << 20
	h.opts.Logger = slog.New(slog.NewTextHandler(lockedWriter{&logMu, &log}, nil))
	h.bot = h.newBot()

	h.handle(documentFrom(1, admin, admin, "F1", "lighthouse.md", len(article)))
	h.handle(privateText(2, 2, ann, "Why did the lighthouse keepers go on strike?"))
	h.handle(documentFrom(3, ann, ann, "F1", "lighthouse.md", len(article)))
	h.handle(documentFrom(4, admin, admin, "F9", "big.txt", 2<<20))
	h.handle(documentFrom(5, admin, admin, "F2", "blob.txt", 6))
	h.handle(documentFrom(6, admin, admin, "F404", "gone.txt", 10))
	h.handle(documentFrom(7, admin, groupChat, "F1", "lighthouse.md", len(article)))
	h.handle(documentFrom(8, admin, admin, "F1", "lighthouse.md", len(article)))

	for _, c := range []struct {
		chat int64
		id   int
		want string
	}{
		{admin, 1, "lighthouse.md: 1 article added."},
		{ann, 2, "went on strike on Monday over unpaid night shifts"},
		{ann, 3, "only the bot's administrators can add documents"},
		{admin, 4, "That file is 2.0 MB; I take files of up to 1.0 MB."},
		{admin, 5, "I could not add blob.txt: "},
		{admin, 6, "Sorry, I could not download gone.txt from Telegram."},
		{admin, 8, "lighthouse.md: 1 article already held."},
	} {
		got := h.repliesTo(c.chat, c.id)
		if len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), c.want) {
			t.Errorf("message %d: want one reply with %q, got %q", c.id, c.want, got)
		}
	}
	if got := h.repliesTo(groupChat, 7); len(got) != 0 {
		t.Errorf("a document sent in a group got %q, want silence", got)
	}
	if n := len(h.calls("getFile")); n != 4 {
		t.Errorf("getFile called %d times, want 4: only for admins' documents within the limit", n)
	}
	if fs.gets != 4 {
		t.Errorf("%d downloads, want 4", fs.gets)
	}
	logMu.Lock()
	defer logMu.Unlock()
	if strings.Contains(log.String(), testToken) || !strings.Contains(log.String(), "document download failed") {
		t.Errorf("the log should name the failed download without the token:\n%s", log.String())
	}
}

func TestHTTPFilesKeepsTokenOutOfErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 100))
	}))
	f := HTTPFiles{Client: srv.Client(), Endpoint: srv.URL + "/file/bot%s/%s", Token: testToken}
	ctx := context.Background()
	if data, err := f.Download(ctx, "files/a", 100); err != nil || len(data) != 100 {
		t.Fatalf("download of 100 bytes with limit 100: %d bytes, %v", len(data), err)
	}
	if _, err := f.Download(ctx, "files/a", 99); err == nil || !strings.Contains(err.Error(), "longer than 99 bytes") {
		t.Errorf("download over the limit: %v", err)
	}
	srv.Close()
	_, err := f.Download(ctx, "files/a", 100)
	if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("download from a closed server: error %q, want one with the token replaced", err)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestAdminLink sends links to the bot: an administrator's link is fetched
// and its article added and answerable; anyone else's is refused without a
// request; a link to a private address is refused with the setting that
// allows it; and a question that holds a link is answered as a question.
// The link's query (which may carry a token) is never logged nor echoed in
// the replies about the link; the article's citation links to the page
// as fetched.
func TestAdminLink(t *testing.T) {
	page := `<html><head><title>Lighthouse keepers strike | Coast Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Lighthouse keepers strike</h1>
<p>The lighthouse keepers of the northern coast went on strike on Monday over unpaid night shifts.</p>
<p>Their union said the strike would last until the shifts were paid.</p></article></body></html>`
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	link := srv.URL + "/news/lighthouse-strike?utm_source=secret-token"

	var log bytes.Buffer
	var logMu sync.Mutex
	h := newHarness(t, nil, nil)
	h.opts.Admins = []int64{admin}
	h.opts.Logger = slog.New(slog.NewTextHandler(lockedWriter{&logMu, &log}, nil))
	// The test server is on loopback: this bot is configured for an
	// intranet (FETCH_ALLOW_PRIVATE=true); the second one is not.
	h.opts.Ingester = intake.NewLibrary(h.store, h.index, testLogger(t)).WithFetcher(fetch.New(fetch.Options{AllowPrivate: true}))
	h.bot = h.newBot()
	h.handle(privateText(1, 1, ann, link))
	if hits.Load() != 0 {
		t.Fatalf("a non-administrator's link was fetched")
	}
	h.handle(privateText(2, 2, admin, link))
	h.handle(privateText(3, 3, ann, "Why did the lighthouse keepers strike, see "+link+" ?"))
	h.handle(privateText(4, 4, admin, "/add "+link))

	public := newHarness(t, nil, nil)
	public.opts.Admins = []int64{admin}
	public.opts.Ingester = intake.NewLibrary(public.store, public.index, testLogger(t)).WithFetcher(fetch.New(fetch.Options{}))
	public.bot = public.newBot()
	public.handle(privateText(5, 5, admin, link))

	for _, c := range []struct {
		h    *harness
		chat int64
		id   int
		want string
	}{
		{h, ann, 1, "only the bot's administrators can add articles"},
		{h, admin, 2, "1 article added"},
		{h, ann, 3, "went on strike on Monday over unpaid night shifts"},
		{h, admin, 4, "1 article already held"},
		{public, admin, 5, "loopback address"},
		{public, admin, 5, "FETCH_ALLOW_PRIVATE=true"},
	} {
		got := c.h.repliesTo(c.chat, c.id)
		if len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), c.want) {
			t.Errorf("message %d: want one reply with %q, got %q", c.id, c.want, got)
		}
		if c.chat == admin && len(got) == 1 && strings.Contains(got[0], "secret-token") {
			t.Errorf("message %d: reply shows the link's query: %q", c.id, got[0])
		}
	}
	logMu.Lock()
	defer logMu.Unlock()
	if strings.Contains(log.String(), "secret-token") || !strings.Contains(log.String(), "link added") {
		t.Errorf("the log should name the link added without its query:\n%s", log.String())
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests reached the server, want 2: the administrator's two on the intranet bot", n)
	}
}
