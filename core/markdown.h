// Markdown (CommonMark, via cmark): plain text for indexing and snippets, safe HTML for display.
#pragma once

#include <string>

namespace kb {

struct MarkdownText {
    std::string headings;  // the text of all headings, one per line
    std::string text;      // all readable text (headings included), blocks separated by newlines
};

MarkdownText markdown_to_text(const std::string& markdown);

// HTML with raw HTML omitted and unsafe link schemes (javascript:, data: ...) dropped.
std::string markdown_to_html(const std::string& markdown);

}  // namespace kb
