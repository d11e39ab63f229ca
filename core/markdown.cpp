#include "markdown.h"

#include <cstdlib>
#include <memory>

#include <cmark.h>

namespace kb {

namespace {

struct NodeFree {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterFree {
    void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;

NodePtr parse(const std::string& md) {
    return NodePtr(cmark_parse_document(md.data(), md.size(), CMARK_OPT_DEFAULT));
}

bool is_block(cmark_node_type t) {
    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
           t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_BLOCK_QUOTE;
}

}  // namespace

MarkdownText markdown_to_text(const std::string& markdown) {
    MarkdownText out;
    NodePtr doc = parse(markdown);
    IterPtr it(cmark_iter_new(doc.get()));
    int heading_depth = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(it.get());
        const cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_HEADING) heading_depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
        if (ev == CMARK_EVENT_EXIT) {
            if (is_block(type) && !out.text.empty() && out.text.back() != '\n') out.text += '\n';
            if (type == CMARK_NODE_HEADING) out.headings += '\n';
            continue;
        }
        std::string piece;
        switch (type) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
            case CMARK_NODE_CODE_BLOCK:
                if (const char* lit = cmark_node_get_literal(node)) piece = lit;
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                piece = " ";
                break;
            default:
                break;
        }
        if (piece.empty()) continue;
        out.text += piece;
        if (heading_depth > 0) out.headings += piece;
    }
    return out;
}

std::string markdown_to_html(const std::string& markdown) {
    NodePtr doc = parse(markdown);
    // CMARK_OPT_DEFAULT is safe in cmark 0.30: raw HTML and dangerous URLs are dropped.
    char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
    std::string out(html ? html : "");
    std::free(html);
    return out;
}

}  // namespace kb
