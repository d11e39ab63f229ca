#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kb::server {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Waits for `events` on `sock` for at most `timeout`; false on timeout or error.
bool wait_for(socket_t sock, short events, milliseconds timeout) {
    pollfd p{sock, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, timeout.count())));
        if (n < 0 && errno == EINTR) continue;
        return n > 0;
    }
}

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                        : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    if (rc != 0) return;
    char text[INET6_ADDRSTRLEN] = "";
    if (addr.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
        port = ntohs(a->sin6_port);
    }
    ip = text;
}

// httplib's SocketStream (buffered reads, per-read and per-write timeouts) with two more
// limits on each request: its size and the time it takes to arrive. A request begins
// with the first byte httplib reads for it and ends when its response is written.
class LimitedSocketStream : public httplib::Stream {
public:
    LimitedSocketStream(socket_t sock, milliseconds read_timeout, milliseconds write_timeout, std::size_t max_bytes,
                        milliseconds request_timeout)
        : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout), max_bytes_(max_bytes),
          request_timeout_(request_timeout) {}

    // Whether the connection went over a limit (it must then be closed).
    bool failed() const { return failed_; }

    // Waits for the first byte of the next request, while the server runs.
    bool wait_for_request(milliseconds timeout, const std::atomic<socket_t>& server_socket) const {
        if (pos_ < len_) return true;
        const auto deadline = Clock::now() + timeout;
        while (server_socket != INVALID_SOCKET) {
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return false;
            // In slices, so a stopping server is noticed soon.
            if (wait_for(sock_, POLLIN, std::min(left, milliseconds(100)))) return true;
        }
        return false;
    }

    bool is_readable() const override { return pos_ < len_ || wait_for(sock_, POLLIN, read_wait()); }
    bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_); }

    ssize_t read(char* ptr, std::size_t size) override {
        if (failed_) return -1;
        if (!in_request_) {
            in_request_ = true;
            request_start_ = Clock::now();
            request_bytes_ = 0;
        }
        if (pos_ == len_) {
            if (!wait_for(sock_, POLLIN, read_wait())) {
                // The per-read timeout (httplib's own behaviour), or the request's.
                if (Clock::now() - request_start_ >= request_timeout_) failed_ = true;
                return -1;
            }
            ssize_t n;
            do n = ::recv(sock_, buffer_, sizeof buffer_, 0);
            while (n < 0 && errno == EINTR);
            if (n <= 0) return n;
            pos_ = 0;
            len_ = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, len_ - pos_);
        if (request_bytes_ + n > max_bytes_) {
            failed_ = true;
            return -1;
        }
        std::memcpy(ptr, buffer_ + pos_, n);
        pos_ += n;
        request_bytes_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, std::size_t size) override {
        in_request_ = false;  // the response has begun
        if (!is_writable()) return -1;
        ssize_t n;
        do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    // The per-read timeout, cut short by the request's deadline.
    milliseconds read_wait() const {
        if (!in_request_) return read_timeout_;
        const auto left = std::chrono::duration_cast<milliseconds>(request_start_ + request_timeout_ - Clock::now());
        return std::max(milliseconds(0), std::min(read_timeout_, left));
    }

    socket_t sock_;
    milliseconds read_timeout_, write_timeout_;
    std::size_t max_bytes_;
    milliseconds request_timeout_;
    char buffer_[4096];
    std::size_t pos_ = 0, len_ = 0;
    bool in_request_ = false, failed_ = false;
    Clock::time_point request_start_;
    std::size_t request_bytes_ = 0;
};

thread_local bool close_requested = false;

milliseconds to_ms(time_t sec, time_t usec) { return milliseconds(sec * 1000 + usec / 1000); }

}  // namespace

// ---- HttpServer -----------------------------------------------------------------------

void close_connection_after_response() { close_requested = true; }

HttpServer& HttpServer::set_request_limits(std::size_t max_request_bytes, milliseconds request_timeout) {
    max_request_bytes_ = max_request_bytes;
    request_timeout_ = request_timeout;
    return *this;
}

bool HttpServer::bind_to_port(const std::string& host, int port, int socket_flags) {
    if (!httplib::Server::bind_to_port(host, port, socket_flags)) return false;
    ::listen(svr_sock_, SOMAXCONN);  // on a listening socket, only changes the backlog
    return true;
}

int HttpServer::bind_to_any_port(const std::string& host, int socket_flags) {
    const int port = httplib::Server::bind_to_any_port(host, socket_flags);
    if (port >= 0) ::listen(svr_sock_, SOMAXCONN);
    return port;
}

bool HttpServer::process_and_close_socket(socket_t sock) {
    LimitedSocketStream stream(sock, to_ms(read_timeout_sec_, read_timeout_usec_),
                               to_ms(write_timeout_sec_, write_timeout_usec_), max_request_bytes_, request_timeout_);
    bool ok = false;
    for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
        if (!stream.wait_for_request(std::chrono::seconds(keep_alive_timeout_sec_), svr_sock_)) break;
        bool closed = false;
        close_requested = false;
        ok = process_request(stream, left == 1, closed, nullptr);
        if (!ok || closed || stream.failed() || close_requested) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
}

// ---- ElasticThreadPool ----------------------------------------------------------------

ElasticThreadPool::ElasticThreadPool(std::size_t min, std::size_t max, milliseconds idle_exit)
    : min_(std::max<std::size_t>(1, min)), max_(std::max(std::max<std::size_t>(1, min), max)), idle_exit_(idle_exit) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (threads_.size() < min_) start_worker();
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::enqueue(std::function<void()> fn) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        reap();
        jobs_.push_back(std::move(fn));
        if (jobs_.size() > idle_ && threads_.size() < max_) start_worker();
    }
    cond_.notify_one();
}

void ElasticThreadPool::shutdown() {
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        shutdown_ = true;
        threads.swap(threads_);
        ended_.clear();
    }
    cond_.notify_all();
    for (auto& t : threads)
        if (t.joinable()) t.join();
}

std::size_t ElasticThreadPool::threads() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return threads_.size() - ended_.size();
}

void ElasticThreadPool::start_worker() { threads_.emplace_back([this] { work(); }); }

void ElasticThreadPool::reap() {
    for (const auto id : ended_) {
        auto it = std::find_if(threads_.begin(), threads_.end(), [id](const std::thread& t) { return t.get_id() == id; });
        if (it == threads_.end()) continue;
        it->join();  // it has left work(): only its return is left
        threads_.erase(it);
    }
    ended_.clear();
}

void ElasticThreadPool::work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        ++idle_;
        const bool woken = cond_.wait_for(lock, idle_exit_, [this] { return shutdown_ || !jobs_.empty(); });
        --idle_;
        if (!jobs_.empty()) {
            std::function<void()> fn = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            fn();
            fn = nullptr;
            lock.lock();
            continue;
        }
        if (shutdown_) return;
        // Idle for a while, and more workers than the minimum: this one ends.
        if (!woken && threads_.size() - ended_.size() > min_) {
            ended_.push_back(std::this_thread::get_id());
            return;
        }
    }
}

}  // namespace kb::server
