package telegram

import (
	"errors"
	"fmt"
	"strings"
)

// MaxCallbackData is Telegram's limit for an inline button's callback_data,
// in bytes.
const MaxCallbackData = 64

// ErrCallbackData reports callback data that Telegram would refuse or that
// could not be read back.
var ErrCallbackData = errors.New("telegram: invalid callback data")

// CallbackData joins an action and its arguments as "action:arg1:arg2" for
// an inline button. It fails, wrapping ErrCallbackData, when the action is
// empty, when a part contains ':' (it could not be split back), or when the
// result is longer than MaxCallbackData bytes; a button must then carry a
// shorter key (an id, not a title).
func CallbackData(action string, args ...string) (string, error) {
	if action == "" {
		return "", fmt.Errorf("%w: empty action", ErrCallbackData)
	}
	parts := append([]string{action}, args...)
	for i, p := range parts {
		if strings.Contains(p, ":") {
			return "", fmt.Errorf("%w: part %d %q contains ':'", ErrCallbackData, i, p)
		}
	}
	data := strings.Join(parts, ":")
	if len(data) > MaxCallbackData {
		return "", fmt.Errorf("%w: %q is %d bytes, limit %d", ErrCallbackData, data, len(data), MaxCallbackData)
	}
	return data, nil
}

// ParseCallbackData splits data made by CallbackData into its action and
// arguments.
func ParseCallbackData(data string) (action string, args []string) {
	parts := strings.Split(data, ":")
	return parts[0], parts[1:]
}
