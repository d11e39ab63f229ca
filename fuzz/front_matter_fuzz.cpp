// Fuzz target: a note file as outside input (front matter + Markdown), through the same
// parsing and rendering the indexer and the server use.
#include <cstddef>
#include <cstdint>
#include <string>

#include "front_matter.h"
#include "language.h"
#include "markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    static const kb::Vocabulary vocab = [] {
        kb::Vocabulary v;
        v.topics = {"videoconference", "extradition"};
        v.regions = kb::default_regions();
        v.concordance = kb::Concordance({{"UNCAC 46", "Mutual legal assistance", {"UNTOC 18"}},
                                         {"UNTOC 18", "Mutual legal assistance", {"UNCAC 46"}}});
        return v;
    }();
    const kb::ParsedNote note = kb::parse_note(bytes, "fuzz.md", "fuzz", vocab);
    for (const auto& p : note.problems) (void)p.to_string();
    const std::string& body = note.document ? note.document->body : bytes;
    (void)kb::markdown_to_text(body);
    (void)kb::markdown_to_html(body);
    (void)kb::split_elisions(bytes);
    return 0;
}
