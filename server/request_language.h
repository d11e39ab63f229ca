// The language of the page being answered, chosen once per request (the URL's `lang`, else
// Accept-Language) before routing, and read where the page's words are made (views and
// the renderer). httplib answers a request on one worker thread from start to end, so the
// choice is kept per thread rather than passed through every handler and view.
#pragma once

#include <string>

#include <httplib.h>

#include "messages.h"

namespace kb::server {

struct RequestLanguage {
    std::string code = "en";  // the language of the page
    bool from_url = false;    // chosen by lang= in the URL: links keep carrying it
    std::string path;         // the request's path and its other parameters, for the
    std::string query;        // language switcher's links (query without lang, may be "")
    const Messages* messages = nullptr;
};

// Chooses the language of `req` (called before routing, for every request).
void begin_request_language(const Messages& messages, const httplib::Request& req);
// The language of the request this thread is answering (English outside a request).
const RequestLanguage& request_language();

// The UI text `key` in the request's language; `english` outside a request (or when the
// message files lack the key everywhere).
std::string ui_text(const std::string& key, const std::string& english);

}  // namespace kb::server
