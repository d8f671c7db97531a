#include "web/request_head.h"

#include <strings.h>

#include <cctype>

#include "web/errors.h"

namespace lanyard::web {

namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 token characters (method and field names).
bool IsTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// Control characters other than horizontal tab (NUL, CR, LF, ESC, DEL...).
bool HasControl(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

Error Bad(const std::string& why) { return Error::BadRequest(why); }

std::optional<uint64_t> ParseLength(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits fit in int64
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

bool IgnoresRange(std::string_view path) { return path.rfind("/api/", 0) == 0; }

std::optional<Error> CheckHeaderFields(const std::vector<HeaderField>& fields, size_t body_limit) {
  std::optional<uint64_t> length;
  bool has_length = false;
  bool has_transfer_encoding = false;
  int ranges = 0;
  for (const auto& [name, raw_value] : fields) {
    if (HasControl(raw_value) || HasControl(name)) {
      return Bad("A header value contains a control character.");
    }
    const std::string_view value = Trim(raw_value);
    if (EqualsNoCase(name, "Content-Length")) {
      const auto parsed = ParseLength(value);
      if (!parsed) return Bad("Content-Length must be a decimal number of bytes.");
      if (has_length && *length != *parsed) return Bad("Content-Length is sent twice, differently.");
      has_length = true;
      length = parsed;
    } else if (EqualsNoCase(name, "Transfer-Encoding")) {
      if (has_transfer_encoding || !EqualsNoCase(value, "chunked")) {
        return Bad("Only Transfer-Encoding: chunked is understood.");
      }
      has_transfer_encoding = true;
    } else if (EqualsNoCase(name, "Content-Encoding")) {
      if (!value.empty() && !EqualsNoCase(value, "identity")) {
        return Error::Make(codes::kUnsupportedMediaType,
                           "Compressed request bodies are not accepted; send them uncompressed.");
      }
    } else if (EqualsNoCase(name, "Range")) {
      ++ranges;
      if (ranges > 1 || value.find(',') != std::string_view::npos) {
        return Error::Make(codes::kRangeNotSatisfiable, "Only a single byte range may be requested.");
      }
    }
  }
  if (has_length && has_transfer_encoding) {
    return Bad("Content-Length and Transfer-Encoding must not be sent together.");
  }
  if (length && *length > body_limit) {
    return Error::Make(codes::kPayloadTooLarge, "The request body is larger than this route accepts.");
  }
  return std::nullopt;
}

std::optional<Result<RequestHead>> TakeRequestHead(std::string& buffer,
                                                   const BodyLimitFn& body_limit_for) {
  size_t blank = 0;
  while (blank < buffer.size() && (buffer[blank] == '\r' || buffer[blank] == '\n')) ++blank;
  if (blank > 0) buffer.erase(0, blank);
  const size_t end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (buffer.size() <= kMaxHeadBytes) return std::nullopt;
    return Result<RequestHead>(Error::Make(codes::kHeaderFieldsTooLarge, "The request head is too large."));
  }
  auto head = ParseRequestHead(std::string_view(buffer).substr(0, end + 4), body_limit_for);
  if (head) buffer.replace(0, end + 4, head.value().forward);
  return head;
}

Result<RequestHead> ParseRequestHead(std::string_view head, const BodyLimitFn& body_limit_for) {
  if (head.size() > kMaxHeadBytes) {
    return Error::Make(codes::kHeaderFieldsTooLarge, "The request head is too large.");
  }
  RequestHead out;
  std::vector<HeaderField> fields;
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < head.size()) {
    const size_t lf = head.find('\n', pos);
    if (lf == std::string_view::npos) return Bad("The request head is not terminated.");
    if (lf == pos || head[lf - 1] != '\r') return Bad("Header lines must end in CRLF.");
    lines.push_back(head.substr(pos, lf - 1 - pos));
    pos = lf + 1;
  }
  if (lines.size() < 2 || !lines.back().empty()) return Bad("The request head is not terminated.");
  lines.pop_back();

  // Request line: METHOD SP TARGET SP HTTP/1.x
  const std::string_view request_line = lines.front();
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return Bad("The request line is malformed.");
  const std::string_view method = request_line.substr(0, sp1);
  const std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!IsToken(method)) return Bad("The request method is malformed.");
  if (target.size() > kMaxTargetBytes) {
    return Error::Make(codes::kUriTooLong, "The request path is too long.");
  }
  if (target.empty() || HasControl(target) || target.find(' ') != std::string_view::npos) {
    return Bad("The request target is malformed.");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return Bad("Only HTTP/1.0 and 1.1 are served.");
  out.method.assign(method);
  out.target.assign(target);
  out.path.assign(target.substr(0, target.find('?')));

  if (lines.size() - 1 > kMaxHeadFields) {
    return Error::Make(codes::kHeaderFieldsTooLarge, "The request has too many header fields.");
  }
  bool keep_alive_asked = false;
  bool close_asked = false;
  std::vector<size_t> dropped;  // indexes of lines not handed on
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {
      return Bad("Obsolete line folding is not accepted.");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return Bad("A header line is malformed.");
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    fields.emplace_back(name, value);
    const std::string_view trimmed = Trim(value);
    if (EqualsNoCase(name, "Content-Length")) {
      out.content_length = ParseLength(trimmed);
    } else if (EqualsNoCase(name, "Transfer-Encoding")) {
      out.chunked = true;
    } else if (EqualsNoCase(name, "Connection")) {
      close_asked = close_asked || EqualsNoCase(trimmed, "close");
      keep_alive_asked = keep_alive_asked || EqualsNoCase(trimmed, "keep-alive");
    } else if (EqualsNoCase(name, "Range") && IgnoresRange(out.path)) {
      dropped.push_back(i);
    }
  }
  if (auto error = CheckHeaderFields(fields, body_limit_for(out.method, out.path))) return *error;
  out.close = close_asked || (version == "HTTP/1.0" && !keep_alive_asked);

  for (size_t i = 0, next_drop = 0; i < lines.size(); ++i) {
    if (next_drop < dropped.size() && dropped[next_drop] == i) {
      ++next_drop;
      continue;
    }
    out.forward.append(lines[i]);
    out.forward.append("\r\n");
  }
  // Without Content-Length or chunking a request has no body (RFC 9112 §6.3); the library
  // would otherwise read a POST until the client closes.
  const bool body_method = out.method == "POST" || out.method == "PUT" || out.method == "PATCH";
  if (body_method && !out.content_length && !out.chunked) {
    out.forward.append("Content-Length: 0\r\n");
    out.content_length = 0;
  }
  out.forward.append("\r\n");
  return out;
}

}  // namespace lanyard::web
