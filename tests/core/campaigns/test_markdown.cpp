// Campaign bodies: CommonMark to HTML and text, raw HTML never passed through.
#include <doctest/doctest.h>

#include "core/campaigns/markdown.h"

using lanyard::campaigns::RenderMarkdown;

TEST_CASE("markdown: paragraphs, emphasis, lists and links render to HTML and text") {
  const auto r = RenderMarkdown(
      "# Doors open at 08:00\n\nHello **{{name}}**,\nbring your *ticket*.\n\n- Badge\n- Water\n\n"
      "1. First\n2. Second\n\nSee [the programme](https://example.org/p).\n");
  CHECK(r.html.find("<h1>Doors open at 08:00</h1>") != std::string::npos);
  CHECK(r.html.find("<strong>{{name}}</strong>") != std::string::npos);
  CHECK(r.html.find("<em>ticket</em>") != std::string::npos);
  CHECK(r.html.find("<li>Badge</li>") != std::string::npos);
  CHECK(r.html.find("<a href=\"https://example.org/p\">the programme</a>") != std::string::npos);
  CHECK(r.text.find("Doors open at 08:00\n\nHello {{name}},\nbring your ticket.") != std::string::npos);
  CHECK(r.text.find("- Badge\n- Water\n") != std::string::npos);
  CHECK(r.text.find("1. First\n2. Second\n") != std::string::npos);
  CHECK(r.text.find("the programme <https://example.org/p>") != std::string::npos);
  CHECK(r.text.find("**") == std::string::npos);
}

TEST_CASE("markdown: raw HTML arrives escaped, never as markup") {
  const auto r = RenderMarkdown(
      "<script>alert(1)</script>\n\nInline <img src=x onerror=alert(2)> here.\n\n"
      "<div onclick=\"x()\">block</div>\n");
  CHECK(r.html.find("<script") == std::string::npos);
  CHECK(r.html.find("<img") == std::string::npos);
  CHECK(r.html.find("<div") == std::string::npos);
  CHECK(r.html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(r.html.find("&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
  CHECK(r.text.find("<script>alert(1)</script>") != std::string::npos);
}

TEST_CASE("markdown: unsafe link schemes are dropped") {
  const auto r = RenderMarkdown("[click](javascript:alert(1)) and ![x](vbscript:y)\n");
  CHECK(r.html.find("javascript:") == std::string::npos);
  CHECK(r.html.find("vbscript:") == std::string::npos);
  CHECK(r.html.find(">click</a>") != std::string::npos);
}
