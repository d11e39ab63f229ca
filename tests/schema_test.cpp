// The schema table: unique prefixes and slots, and the encodings of facet values.
#include <catch2/catch.hpp>

#include <set>

#include "schema.h"

TEST_CASE("every facet has its own prefix and value slot") {
    std::set<std::string> prefixes{kb::PREFIX_ID, kb::PREFIX_TITLE};
    std::set<unsigned> slots{kb::SLOT_DATE, kb::SLOT_PATH, kb::SLOT_HASH, kb::SLOT_ID};
    for (const auto& f : kb::facets()) {
        CHECK(prefixes.insert(f.prefix).second);
        CHECK(slots.insert(f.slot).second);
        CHECK(kb::find_facet(f.name) == &f);
    }
    CHECK(kb::find_facet("nonsense") == nullptr);
}

TEST_CASE("facet values are normalised for terms") {
    CHECK(kb::facet_term_value("UNCAC 46") == "uncac-46");
    CHECK(kb::facet_term_value("  Latin American and Caribbean Group ") == "latin-american-and-caribbean-group");
    CHECK(kb::facet_term_value("Côte d'Ivoire") == "côte-d-ivoire");
    CHECK(kb::facet_term(*kb::find_facet("article"), "UNTOC 18") == "XAuntoc-18");
}

TEST_CASE("packed multi-values round-trip") {
    const std::vector<std::string> v{"UNCAC 46", "UNTOC 18", "x"};
    CHECK(kb::unpack_values(kb::pack_values(v)) == v);
    CHECK(kb::unpack_values("").empty());
}

#include "language.h"

TEST_CASE("elisions are split from the word they precede, other apostrophes kept") {
    CHECK(kb::split_elisions("l'entraide d’extradition qu'il") == "l entraide d extradition qu il");
    CHECK(kb::split_elisions("the State's law") == "the State's law");
    CHECK(kb::split_elisions("l'") == "l'");
}
