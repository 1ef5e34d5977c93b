package telegram

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// The MockTransport keeps files as the Bot API does for a bot: getFile
// takes a file_id and answers with the file's size and a file_path, and a
// GET on the file endpoint with that path (MockFileEndpoint, the mock's
// counterpart of tgbotapi.FileEndpoint) returns the file's bytes. The
// files come from MockTransport.Files, the file_id being the path inside
// it; the file_path is "files/" and the file_id, each segment escaped for
// a URL.
//
// A download is recorded among the calls as MockDownloadMethod, with the
// file_path as its one parameter, though the Bot API has no such method:
// it is a plain GET on a file URL, which tgbotapi leaves to the caller.

// MockFileEndpoint is the file endpoint of a MockTransport, a pattern with
// two %s, for the token and the file_path getFile returned.
const MockFileEndpoint = "http://bot-api.mock/file/bot%s/%s"

// MockDownloadMethod is the method name a MockTransport records a file
// download under. It is not a Bot API method.
const MockDownloadMethod = "downloadFile"

// maxDownload is the largest file the Bot API lets a bot download; getFile
// refuses larger ones.
const maxDownload = 20 << 20

// mockFilePrefix starts every file_path the mock gives out.
const mockFilePrefix = "files/"

// fileInfo answers getFile for id.
func (m *MockTransport) fileInfo(id string) *tgbotapi.APIResponse {
	if m.Files == nil { // the mock's answer before it kept files
		return ok(map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_path": mockFilePrefix + id})
	}
	fi, err := m.stat(id)
	switch {
	case err != nil:
		return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: invalid file_id"}
	case fi.Size() > maxDownload:
		return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: file is too big"}
	}
	return ok(map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_size": fi.Size(),
		"file_path": mockFilePrefix + escapeSegments(id)})
}

// stat finds the regular file id names in m.Files.
func (m *MockTransport) stat(id string) (fs.FileInfo, error) {
	if !fs.ValidPath(id) {
		return nil, fs.ErrInvalid
	}
	fi, err := fs.Stat(m.Files, id)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}
	return fi, nil
}

// downloadPath returns the file_path a request for the file endpoint asks
// for (as escaped in the URL), or false for a Bot API method call.
func downloadPath(u *url.URL) (string, bool) {
	rest, ok := strings.CutPrefix(u.EscapedPath(), "/file/bot")
	if !ok {
		return "", false
	}
	_, filePath, ok := strings.Cut(rest, "/") // after the token
	return filePath, ok && filePath != ""
}

// download records and answers a GET on the file endpoint: the file's
// bytes, or 404 Not Found as Telegram answers for a path it does not know.
// Hook sees it first, as it sees calls.
func (m *MockTransport) download(req *http.Request, filePath string) *http.Response {
	call := Call{Method: MockDownloadMethod, Params: map[string]any{"file_path": filePath}}
	if m.Hook != nil {
		if r := m.Hook(call); r != nil {
			if !r.Ok {
				call.Error = r.Description
			}
			m.record(req.Context(), call)
			return reply(req, r)
		}
	}
	data, err := m.readFile(filePath)
	if err != nil {
		r := &tgbotapi.APIResponse{ErrorCode: http.StatusNotFound, Description: "Not Found"}
		call.Error = r.Description
		m.record(req.Context(), call)
		return reply(req, r)
	}
	m.record(req.Context(), call)
	return &http.Response{
		Status:     "200 OK",
		StatusCode: http.StatusOK,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/octet-stream"},
			"Content-Length": {strconv.Itoa(len(data))}},
		Body:          io.NopCloser(bytes.NewReader(data)),
		ContentLength: int64(len(data)),
		Request:       req,
	}
}

// readFile reads the file a file_path given out by fileInfo points to.
func (m *MockTransport) readFile(filePath string) ([]byte, error) {
	escaped, ok := strings.CutPrefix(filePath, mockFilePrefix)
	if !ok || m.Files == nil {
		return nil, fs.ErrNotExist
	}
	id, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, err
	}
	if _, err := m.stat(id); err != nil {
		return nil, err
	}
	return fs.ReadFile(m.Files, id)
}

// escapeSegments escapes each /-separated segment of p for a URL path.
func escapeSegments(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
