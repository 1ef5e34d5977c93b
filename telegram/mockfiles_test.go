package telegram

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// getFile asks the mock, through the Client, where the file id is.
func getFile(t *testing.T, c *Client, id string) (tgbotapi.File, error) {
	t.Helper()
	resp, err := c.Request(t.Context(), tgbotapi.FileConfig{FileID: id})
	if err != nil {
		return tgbotapi.File{}, err
	}
	var f tgbotapi.File
	if err := json.Unmarshal(resp.Result, &f); err != nil {
		t.Fatalf("getFile %q: result %s: %v", id, resp.Result, err)
	}
	return f, nil
}

// download GETs a file_path from the mock's file endpoint as a bot does
// (bot.HTTPFiles): the status and the body.
func download(t *testing.T, m *MockTransport, filePath string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, fmt.Sprintf(MockFileEndpoint, "mock", filePath), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: m}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestMockServesFiles: getFile gives each file's size and a path, and a
// GET on that path returns the file's bytes, whatever its id looks like.
func TestMockServesFiles(t *testing.T) {
	files := fstest.MapFS{
		"BQACAgIAAxkBAAIBNmZ": {Data: []byte("---\ntitle: Note\n---\n\nA sentence.\n")},
		"desk/note.md":        {Data: []byte("# Note\n\nAnother sentence.\n")},
		"odd name?#%.txt":     {Data: []byte("odd")},
		"empty.txt":           {Data: nil},
	}
	var out bytes.Buffer
	c, m := mockClient(t, &out)
	m.Files = files
	for id, file := range files {
		t.Run(id, func(t *testing.T) {
			f, err := getFile(t, c, id)
			if err != nil {
				t.Fatalf("getFile: %v", err)
			}
			if f.FileID != id || f.FileSize != len(file.Data) || f.FilePath == "" {
				t.Errorf("getFile = %+v, want id %q, size %d and a path", f, id, len(file.Data))
			}
			status, body := download(t, m, f.FilePath)
			if status != http.StatusOK || !bytes.Equal(body, file.Data) {
				t.Errorf("GET %s = %d %q, want 200 %q", f.FilePath, status, body, file.Data)
			}
			calls := m.Calls()
			last := calls[len(calls)-1]
			if last.Method != MockDownloadMethod || last.Params["file_path"] != f.FilePath || last.Error != "" {
				t.Errorf("download recorded as %+v", last)
			}
		})
	}
	if n := strings.Count(out.String(), `"method":"downloadFile"`); n != len(files) {
		t.Errorf("output shows %d downloads, want %d:\n%s", n, len(files), out.String())
	}
}

// TestMockRefusesUnknownFiles: Telegram's answers for a file it does not
// hold: 400 invalid file_id from getFile, 404 from the file endpoint.
func TestMockRefusesUnknownFiles(t *testing.T) {
	c, m := mockClient(t, nil)
	m.Files = fstest.MapFS{
		"desk/note.md": {Data: []byte("note")},
		"big.jsonl":    {Data: make([]byte, maxDownload+1)},
	}
	for _, tc := range []struct{ id, want string }{
		{"missing", "Bad Request: invalid file_id"},
		{"", "Bad Request: invalid file_id"},
		{"desk", "Bad Request: invalid file_id"}, // a directory
		{"../desk/note.md", "Bad Request: invalid file_id"},
		{"/desk/note.md", "Bad Request: invalid file_id"},
		{"big.jsonl", "Bad Request: file is too big"},
	} {
		_, err := getFile(t, c, tc.id)
		if e := APIError(err); e == nil || e.Code != 400 || e.Message != tc.want {
			t.Errorf("getFile %q: err %v, want 400 %q", tc.id, err, tc.want)
		}
		if last := m.Calls()[len(m.Calls())-1]; last.Method != "getFile" || last.Error != tc.want {
			t.Errorf("getFile %q recorded as %+v", tc.id, last)
		}
	}
	for _, p := range []string{"files/missing", "files/desk", "files/..%2fdesk/note.md", "desk/note.md", "files/"} {
		status, body := download(t, m, p)
		var r tgbotapi.APIResponse
		if status != http.StatusNotFound || json.Unmarshal(body, &r) != nil || r.Ok || r.Description != "Not Found" {
			t.Errorf("GET %s = %d %s, want 404 Not Found", p, status, body)
		}
	}
}

// TestMockWithoutFiles keeps the mock's former answers when it holds no
// files: any file_id gets a path, and nothing is there to download.
func TestMockWithoutFiles(t *testing.T) {
	c, m := mockClient(t, nil)
	f, err := getFile(t, c, "F1")
	if err != nil || f.FilePath != "files/F1" || f.FileSize != 0 {
		t.Fatalf("getFile = %+v, %v; want path files/F1 and no size", f, err)
	}
	if status, _ := download(t, m, f.FilePath); status != http.StatusNotFound {
		t.Errorf("GET %s = %d, want 404", f.FilePath, status)
	}
	// Bot API calls are not taken for downloads.
	if _, err := c.Send(t.Context(), htmlMessage(42, "still <b>here</b>")); err != nil {
		t.Errorf("sendMessage after a download: %v", err)
	}
}

// TestMockFilesWithTgbotapi: the tgbotapi client's own GetFile and the
// link it makes (on Telegram's file host) reach the mock's files.
func TestMockFilesWithTgbotapi(t *testing.T) {
	m := NewMockTransport(nil)
	m.Files = fstest.MapFS{"AgAD-doc": {Data: []byte("bytes of a document")}}
	hc := &http.Client{Transport: m}
	api, err := tgbotapi.NewBotAPIWithClient("mock", MockEndpoint, hc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := api.GetFile(tgbotapi.FileConfig{FileID: "AgAD-doc"})
	if err != nil || f.FileSize != 19 {
		t.Fatalf("GetFile = %+v, %v", f, err)
	}
	resp, err := hc.Get(f.Link(api.Token))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != "bytes of a document" {
		t.Errorf("GET %s = %d %q", f.Link(api.Token), resp.StatusCode, body)
	}
	if _, err := api.GetFile(tgbotapi.FileConfig{FileID: "nope"}); err == nil || !strings.Contains(err.Error(), "invalid file_id") {
		t.Errorf("GetFile of an unknown id: %v, want invalid file_id", err)
	}
}

// TestMockHookSeesDownloads: a Hook can fail a download as it fails calls.
func TestMockHookSeesDownloads(t *testing.T) {
	c, m := mockClient(t, nil)
	m.Files = fstest.MapFS{"F1": {Data: []byte("x")}}
	m.Hook = func(call Call) *tgbotapi.APIResponse {
		if call.Method == MockDownloadMethod {
			return &tgbotapi.APIResponse{ErrorCode: 502, Description: "Bad Gateway"}
		}
		return nil
	}
	f, err := getFile(t, c, "F1")
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := download(t, m, f.FilePath); status != http.StatusBadGateway {
		t.Errorf("GET = %d, want the hook's 502", status)
	}
	if last := m.Calls()[len(m.Calls())-1]; last.Method != MockDownloadMethod || last.Error != "Bad Gateway" {
		t.Errorf("recorded %+v", last)
	}
}
