#include "server_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>

extern char** environ;

namespace fs = std::filesystem;

namespace kb::test {

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// posix_spawn with stdout and stderr sent to `output` (appending).
pid_t spawn(const std::vector<std::string>& args, const fs::path& output) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) FAIL("cannot start " << args[0] << ": " << std::strerror(rc));
    return pid;
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

std::string kb_serve_path() { return std::string(KB_BIN_DIR) + "/server/kb-serve"; }
std::string kb_index_path() { return std::string(KB_BIN_DIR) + "/indexer/kb-index"; }

// ---- Corpus ---------------------------------------------------------------------------

Corpus::Corpus(Source source) : content_(tmp_ / "content"), db_(tmp_ / "db") {
    if (source == Source::fixture) copy_fixture_corpus(content_);
    else fs::copy(KB_CONTENT_DIR, content_, fs::copy_options::recursive);
}

void Corpus::write_note(const std::string& relative, const std::string& text) const {
    write_file(content_ / relative, text);
}

kb::IndexSummary Corpus::index(bool full) const {
    kb::IndexOptions opt;
    opt.content_dir = content_;
    opt.db_dir = db_;
    opt.full = full;
    kb::IndexSummary s = kb::index_content(opt);
    for (const auto& p : s.problems) UNSCOPED_INFO(p.to_string());
    REQUIRE(s.problems.empty());
    return s;
}

// ---- TestServer -----------------------------------------------------------------------

TestServer::TestServer(const fs::path& db, std::size_t threads)
    : pool_(db), assets_(kb::server::find_web_dir("")), pages_(assets_), log_(std::tmpfile()), cache_(8 << 20) {
    REQUIRE(log_ != nullptr);
    kb::server::ServerLimits limits;
    limits.threads = threads;
    kb::server::install(server_, kb::server::ServerContext{pool_, assets_, pages_, log_, &cache_}, limits);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
}

TestServer::~TestServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
    std::fclose(log_);
}

std::unique_ptr<httplib::Client> TestServer::client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5);
    c->set_read_timeout(20);
    c->set_url_encode(false);  // paths in the tests are sent exactly as written
    return c;
}

std::string TestServer::log() const {
    std::fflush(log_);
    std::string out;
    const long end = std::ftell(log_);
    std::rewind(log_);
    out.resize(static_cast<std::size_t>(end));
    const std::size_t n = std::fread(out.data(), 1, out.size(), log_);
    out.resize(n);
    std::fseek(log_, 0, SEEK_END);
    return out;
}

// ---- ServeProcess ---------------------------------------------------------------------

ServeProcess::ServeProcess(const std::vector<std::string>& args) : stderr_path_(tmp_ / "stderr.txt") {
    std::vector<std::string> argv{kb_serve_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = spawn(argv, stderr_path_);
}

ServeProcess::~ServeProcess() {
    // A server that died under a test: say how, and what it printed.
    if (pid_ > 0 && !exited_ && !terminated_ && ::waitpid(pid_, &status_, WNOHANG) == pid_) {
        exited_ = true;
        std::fprintf(stderr, "kb-serve ended unexpectedly (%s %d); its output:\n%s\n",
                     WIFSIGNALED(status_) ? "signal" : "exit status",
                     WIFSIGNALED(status_) ? WTERMSIG(status_) : WEXITSTATUS(status_), stderr_text().c_str());
    }
    if (pid_ > 0 && !exited_) {
        terminate();
        if (wait_for_exit(std::chrono::seconds(5)) == -1 && !exited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status_, 0);
        }
    }
}

bool ServeProcess::wait_until_serving(std::chrono::milliseconds timeout) {
    static const std::regex serving(R"(at http://[^ ]+:([0-9]+)/)");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch m;
        const std::string text = stderr_text();
        if (std::regex_search(text, m, serving)) {
            port_ = std::stoi(m[1]);
            return true;
        }
        if (!exited_ && ::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
        if (exited_) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

int ServeProcess::wait_for_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exited_) {
        if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
            exited_ = true;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_code(status_);
}

void ServeProcess::terminate() {
    terminated_ = true;
    if (pid_ > 0 && !exited_) ::kill(pid_, SIGTERM);
}

std::string ServeProcess::stderr_text() const { return read_text(stderr_path_); }

std::unique_ptr<httplib::Client> ServeProcess::client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5);
    c->set_read_timeout(20);
    c->set_url_encode(false);  // paths in the tests are sent exactly as written
    return c;
}

// ---- programs and requests ------------------------------------------------------------

int run_program(const std::vector<std::string>& args, std::string* output) {
    TempDir tmp;
    const fs::path out = tmp / "output.txt";
    const pid_t pid = spawn(args, out);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output) *output = read_text(out);
    return exit_code(status);
}

nlohmann::json get_json(httplib::Client& client, const std::string& path, int* status) {
    auto res = client.Get(path.c_str());
    INFO("GET " << path.substr(0, 200));
    if (!res) FAIL("no response: " << httplib::to_string(res.error()));
    if (status) *status = res->status;
    INFO("status " << res->status << ", body: " << res->body.substr(0, 300));
    CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    auto j = nlohmann::json::parse(res->body, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

}  // namespace kb::test
