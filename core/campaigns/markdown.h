#pragma once
// Campaign bodies: CommonMark (Debian's libcmark) to an HTML fragment and to plain text.
// Raw HTML in the source is never passed through: HTML blocks and inline HTML become text, so
// "<script>" arrives as "&lt;script&gt;" in the HTML part; unsafe link schemes (javascript:,
// vbscript:, file:, most data:) are dropped by cmark's safe mode.
//
// Thread safety: pure functions; cmark keeps no global state between calls.
#include <string>
#include <string_view>

namespace lanyard::campaigns {

struct RenderedBody {
  std::string html;  // an HTML fragment (<p>, <ul>, <a> ...), safe to insert into a mail
  std::string text;  // plain text: paragraphs separated by blank lines, links as "text <url>"
};

RenderedBody RenderMarkdown(std::string_view markdown);

}  // namespace lanyard::campaigns
