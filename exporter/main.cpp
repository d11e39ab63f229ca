// kb-export: writes a handout (chosen notes, in order) as one Markdown or self-contained
// HTML file, with a cover, contents, each note's metadata and a references list.
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "handout.h"
#include "index_store.h"
#include "version.h"

int main(int argc, char** argv) {
    CLI::App app{"kb-export: exports notes as one handout for a training (Markdown or self-contained HTML).\n"
                 "Ids not found in the index are reported on standard error and in the handout."};
    std::string db, ids, format = "md", title, out_path, date;
    app.add_option("--db", db, "Index directory (as given to kb-index --db)")->required();
    app.add_option("--ids", ids, "Comma-separated note ids, in handout order")->required();
    app.add_option("--format", format, "md (Markdown) or html (one file, styles inline, opens offline)")
        ->check(CLI::IsMember({"md", "html"}));
    app.add_option("--title", title, "Title on the cover (default: Handout)");
    app.add_option("-o,--output", out_path, "File to write (default: standard output)");
    app.add_option("--date", date, "Date on the cover, YYYY-MM-DD (default: today)");
    app.set_version_flag("--version", std::string("kb-export ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    if (date.empty()) date = kb::today_local_date();
    // The same limits and messages as the web UI's handouts.
    const auto id_list = kb::parse_handout_ids(ids);
    if (!id_list) {
        std::cerr << "kb-export: --ids: " << id_list.error().message << "\n";
        return 1;
    }
    if (const auto checked = kb::check_handout_title(title); !checked) {
        std::cerr << "kb-export: --title: " << checked.error().message << "\n";
        return 1;
    }
    try {
        const Xapian::Database database = kb::open_index(db);
        const kb::Handout handout = kb::load_handout(database, id_list.value(), title, date);
        for (const auto& id : handout.missing) std::cerr << "kb-export: no note with id '" << id << "'\n";
        if (handout.notes.empty()) {
            std::cerr << "kb-export: none of the ids is in the index\n";
            return 1;
        }
        const std::string text = format == "html" ? kb::handout_html(handout) : kb::handout_markdown(handout);
        if (out_path.empty()) {
            std::cout << text;
        } else {
            std::ofstream out(out_path, std::ios::binary);
            out << text;
            if (!out) {
                std::cerr << "kb-export: cannot write " << out_path << "\n";
                return 1;
            }
        }
        return handout.missing.empty() ? 0 : 1;
    } catch (const Xapian::Error& e) {
        std::cerr << "kb-export: " << e.get_msg() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kb-export: " << e.what() << "\n";
    }
    return 1;
}
