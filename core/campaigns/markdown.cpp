#include "core/campaigns/markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace lanyard::campaigns {

namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

std::string Literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? s : "";
}

// Turns every raw HTML node into a text node with the same characters, so the renderer escapes
// them. Blocks become a paragraph holding the text.
void EscapeRawHtml(cmark_node* root) {
  std::vector<cmark_node*> raw;
  {
    IterPtr it(cmark_iter_new(root));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(it.get());
      const cmark_node_type t = cmark_node_get_type(n);
      if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE)) {
        raw.push_back(n);
      }
    }
  }
  for (cmark_node* n : raw) {
    const std::string text = Literal(n);
    cmark_node* replacement = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(replacement, text.c_str());
    if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
      cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
      cmark_node_append_child(para, replacement);
      replacement = para;
    }
    cmark_node_replace(n, replacement);
    cmark_node_free(n);
  }
}

// Plain text of the tree: block elements end with a blank line, list items start with "- " or
// "1. ", links are followed by their address in angle brackets.
void PlainText(cmark_node* root, std::string* out) {
  IterPtr it(cmark_iter_new(root));
  cmark_event_type ev;
  std::vector<int> ordinals;  // per open list: next number, 0 for bullet lists
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it.get());
    const bool enter = ev == CMARK_EVENT_ENTER;
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        *out += Literal(n);
        break;
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK:
        *out += Literal(n) + "\n";
        break;
      case CMARK_NODE_SOFTBREAK:  // rendered as <br> too (CMARK_OPT_HARDBREAKS)
      case CMARK_NODE_LINEBREAK:
        *out += "\n";
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        if (!enter) *out += cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_ITEM ? "\n" : "\n\n";
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        *out += "----------\n\n";
        break;
      case CMARK_NODE_LIST:
        if (enter) {
          ordinals.push_back(cmark_node_get_list_type(n) == CMARK_ORDERED_LIST
                                 ? cmark_node_get_list_start(n)
                                 : 0);
        } else {
          ordinals.pop_back();
          *out += "\n";
        }
        break;
      case CMARK_NODE_ITEM:
        if (enter && !ordinals.empty()) {
          if (ordinals.back() == 0) {
            *out += "- ";
          } else {
            *out += std::to_string(ordinals.back()++) + ". ";
          }
        }
        break;
      case CMARK_NODE_LINK:
        if (!enter) {
          const char* url = cmark_node_get_url(n);
          if (url && *url) *out += std::string(" <") + url + ">";
        }
        break;
      default:
        break;
    }
  }
  while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) out->pop_back();
  *out += "\n";
}

}  // namespace

RenderedBody RenderMarkdown(std::string_view markdown) {
  const int options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS;
  NodePtr doc(cmark_parse_document(markdown.data(), markdown.size(), options));
  EscapeRawHtml(doc.get());
  RenderedBody out;
  char* html = cmark_render_html(doc.get(), options);
  out.html = html ? html : "";
  std::free(html);
  PlainText(doc.get(), &out.text);
  return out;
}

}  // namespace lanyard::campaigns
