package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// defaultEndpoint is Telegram's own Bot API.
const defaultEndpoint = "https://api.telegram.org/bot%s/%s"

// checkToken accepts "" or a token of the shape @BotFather gives:
// digits, a colon, then letters, digits, "_" and "-". The value is never
// repeated in the error.
func checkToken(v string) error {
	if v == "" {
		return nil
	}
	id, secret, ok := strings.Cut(v, ":")
	if !ok || id == "" || secret == "" || strings.Trim(id, "0123456789") != "" || !isSecretText(secret) {
		return errors.New("not a bot token (want digits:letters, as @BotFather gives it)")
	}
	return nil
}

// parseEndpoint takes a pattern with two %s (token, method) or a base
// URL, to which "/bot%s/%s" is added.
func parseEndpoint(v string) (string, error) {
	if v == "" {
		return defaultEndpoint, nil
	}
	pattern := v
	switch strings.Count(v, "%s") {
	case 0:
		pattern = strings.TrimRight(v, "/") + "/bot%s/%s"
	case 2:
	default:
		return "", errors.New("want a base URL or a pattern with two %s (token, then method)")
	}
	u, err := url.Parse(strings.ReplaceAll(pattern, "%s", "x"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("want an http:// or https:// address")
	}
	return pattern, nil
}

// parseIDs reads a comma-separated list of Telegram ids (negative for
// groups and channels).
func parseIDs(v string) ([]int64, error) {
	var ids []int64
	for i, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id == 0 {
			return nil, fmt.Errorf("item %d, %q, is not a Telegram id", i+1, f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// parseCount reads a non-negative integer.
func parseCount(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errors.New("want a whole number, 0 or more")
	}
	return n, nil
}

// parseWebhookURL accepts "" or an absolute https URL, which Telegram
// requires.
func parseWebhookURL(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", errors.New("want an https:// address (Telegram posts only to HTTPS)")
	}
	return v, nil
}

// parseListen accepts host:port with a numeric port.
func parseListen(v string) (string, error) {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return "", errors.New("want host:port, such as :8443 or 127.0.0.1:8080")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", errors.New("want a port number from 0 to 65535")
	}
	return v, nil
}

// checkSecret accepts "" or what Telegram allows as a webhook secret.
func checkSecret(v string) error {
	if v == "" || (len(v) <= 256 && isSecretText(v)) {
		return nil
	}
	return errors.New("want 1-256 characters of A-Z, a-z, 0-9, _ and -")
}

func isSecretText(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return s != ""
}

// parseInterval reads a duration of at least a second.
func parseInterval(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second {
		return 0, errors.New("want a duration of 1s or more, such as 30s or 5m")
	}
	return d, nil
}

// parseFeeds reads feeds separated by commas, or by semicolons when the
// value holds one (so that a schedule may hold commas: "0 7,19 * * *"),
// each an http(s) URL optionally followed by its schedule.
func parseFeeds(v string) ([]Feed, error) {
	sep := ","
	if strings.Contains(v, ";") {
		sep = ";"
	}
	var feeds []Feed
	for i, item := range strings.Split(v, sep) {
		fields := strings.Fields(item)
		if len(fields) == 0 {
			continue
		}
		u, err := url.Parse(fields[0])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("item %d, %q, is not an http:// or https:// address", i+1, fields[0])
		}
		f := Feed{URL: fields[0], Schedule: strings.Join(fields[1:], " ")}
		if f.Schedule != "" {
			if err := checkSchedule(f.Schedule); err != nil {
				return nil, fmt.Errorf("item %d, %s: schedule %q: %w", i+1, f.URL, f.Schedule, err)
			}
		}
		feeds = append(feeds, f)
	}
	return feeds, nil
}

// checkDir reports whether path, when given, names a folder that exists: a
// watched folder that is missing would fail every scan while the bot runs.
func checkDir(path string) error {
	if path == "" {
		return nil
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return fmt.Errorf("no such folder: %w", err)
	case !fi.IsDir():
		return fmt.Errorf("%s is a file, not a folder", path)
	}
	return nil
}

// parseBool reads true or false (also 1/0, yes/no, on/off).
func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off", "":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, not %q", v)
}
