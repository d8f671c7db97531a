// The template language of mails: {{name}}, {{#name}}...{{/name}}, {{^name}}...{{/name}}.
#include "core/mail/mail_template_engine.h"

#include <map>
#include <vector>

namespace lanyard {

namespace {

using nlohmann::json;

struct Node {
  enum class Type { kText, kVar, kSection, kInverted };
  Type type = Type::kText;
  std::string text;  // literal text, or the placeholder name
  std::vector<Node> children;
};

struct Parsed {
  std::vector<Node> nodes;
  std::string error;               // empty when the template parsed
  std::vector<std::string> names;  // every placeholder used, in order of appearance
};

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Parsed Parse(std::string_view tmpl) {
  Parsed out;
  // A stack of open sections; the bottom holds the top-level nodes.
  std::vector<std::vector<Node>*> stack{&out.nodes};
  std::vector<std::string> open_names;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    const size_t open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) {
      stack.back()->push_back({Node::Type::kText, std::string(tmpl.substr(pos)), {}});
      break;
    }
    if (open > pos) {
      stack.back()->push_back({Node::Type::kText, std::string(tmpl.substr(pos, open - pos)), {}});
    }
    const size_t close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out.error = "unclosed {{";
      return out;
    }
    const std::string_view raw = tmpl.substr(open, close + 2 - open);
    std::string_view inner = Trim(tmpl.substr(open + 2, close - open - 2));
    char sigil = 0;
    if (!inner.empty() && (inner[0] == '#' || inner[0] == '^' || inner[0] == '/')) {
      sigil = inner[0];
      inner = Trim(inner.substr(1));
    }
    bool valid = !inner.empty();
    for (char c : inner) valid = valid && IsNameChar(c);
    if (!valid) {
      out.error = "malformed placeholder " + std::string(raw);
      return out;
    }
    const std::string name(inner);
    out.names.push_back(name);
    if (sigil == 0) {
      stack.back()->push_back({Node::Type::kVar, name, {}});
    } else if (sigil == '/') {
      if (open_names.empty() || open_names.back() != name) {
        out.error = "unexpected {{/" + name + "}}";
        return out;
      }
      open_names.pop_back();
      stack.pop_back();
    } else {
      stack.back()->push_back(
          {sigil == '#' ? Node::Type::kSection : Node::Type::kInverted, name, {}});
      // The vector may not grow while we point into it: we only append to the new top.
      stack.push_back(&stack.back()->back().children);
      open_names.push_back(name);
    }
    pos = close + 2;
  }
  if (!open_names.empty()) out.error = "unclosed {{#" + open_names.back() + "}}";
  return out;
}

bool Truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return false;
}

std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return "";
}

const json& Lookup(const json& values, const std::string& name) {
  static const json kNull;
  if (!values.is_object()) return kNull;
  auto it = values.find(name);
  return it == values.end() ? kNull : *it;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void RenderNodes(const std::vector<Node>& nodes, const json& values, bool html, std::string* out) {
  for (const Node& node : nodes) {
    switch (node.type) {
      case Node::Type::kText:
        *out += node.text;
        break;
      case Node::Type::kVar: {
        const std::string text = ValueText(Lookup(values, node.text));
        if (!html || EndsWith(node.text, "_html")) {
          *out += text;
        } else {
          // Escaped, and line breaks kept visible (bank instructions, campaign bodies).
          const std::string escaped = MailHtmlEscape(text);
          for (char c : escaped) {
            if (c == '\n') {
              *out += "<br>\n";
            } else if (c != '\r') {
              *out += c;
            }
          }
        }
        break;
      }
      case Node::Type::kSection:
        if (Truthy(Lookup(values, node.text))) RenderNodes(node.children, values, html, out);
        break;
      case Node::Type::kInverted:
        if (!Truthy(Lookup(values, node.text))) RenderNodes(node.children, values, html, out);
        break;
    }
  }
}

}  // namespace

MailTemplateSyntax CheckMailTemplateSyntax(std::string_view tmpl) {
  Parsed parsed = Parse(tmpl);
  return MailTemplateSyntax{std::move(parsed.error), std::move(parsed.names)};
}

std::string RenderMailString(std::string_view tmpl, const json& values, bool html) {
  const Parsed parsed = Parse(tmpl);
  if (!parsed.error.empty()) return std::string(tmpl);
  std::string out;
  RenderNodes(parsed.nodes, values, html, &out);
  return out;
}

std::string MailHtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace lanyard
