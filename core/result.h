// Expected failures travel as values: Result<T> holds a T or an Error with a message.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace kb {

struct Error {
    std::string message;
    int http_status = 400;  // what a server maps this to; 400 unless a caller says otherwise
};

template <class T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    const Error& error() const { return std::get<Error>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, Error> v_;
};

}  // namespace kb
