// Markdown: plain text for the index, safe HTML for display.
#include <catch2/catch.hpp>

#include "markdown.h"

TEST_CASE("plain text keeps headings, paragraphs, list items and code, without markup") {
    const auto t = kb::markdown_to_text("# Central authority\n\nA *trained* team.\n\n- first item\n- `code` item\n");
    CHECK(t.headings == "Central authority\n");
    CHECK(t.text.find("Central authority\n") == 0);
    CHECK(t.text.find("A trained team.") != std::string::npos);
    CHECK(t.text.find("first item") != std::string::npos);
    CHECK(t.text.find("code item") != std::string::npos);
    CHECK(t.text.find('*') == std::string::npos);
}

TEST_CASE("rendered HTML drops raw HTML and javascript links") {
    const std::string html =
        kb::markdown_to_html("Hi <script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<div onclick=x>y</div>\n");
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(html.find("onclick") == std::string::npos);
    CHECK(html.find("<p>Hi") != std::string::npos);
}

TEST_CASE("rendered HTML escapes text") {
    CHECK(kb::markdown_to_html("a < b & c") == "<p>a &lt; b &amp; c</p>\n");
}
