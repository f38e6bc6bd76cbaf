#pragma once

#include "RazorpaySettings.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/URI.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace molar::payrazorpay {

// Razorpay answered with an error object {"error":{code, description, reason, field, …}}
// (or a status without one). The description is Razorpay's and names no secret.
class RazorpayApiError : public std::runtime_error
{
public:
    RazorpayApiError(int status, std::string code, std::string description, std::string reason,
                     std::string field);
    int status() const { return _status; }
    const std::string& code() const { return _code; }
    const std::string& description() const { return _description; }
    const std::string& reason() const { return _reason; } // "input_validation_failed", "NA", …
    const std::string& field() const { return _field; }
    // Razorpay answers 400 "The id provided does not exist" for an unknown id.
    bool notFound() const;

private:
    int _status;
    std::string _code, _description, _reason, _field;
};

// No answer: Razorpay could not be reached, or the request may have been carried out
// and its answer was lost. Whether anything happened is not known.
class RazorpayUnreachable : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Razorpay's REST API: JSON over HTTP or HTTPS as apiBase's scheme says, HTTP Basic
// auth with key_id:key_secret, one session per call (so threads may share a client),
// the configured timeout on connecting, sending and receiving.
class RazorpayClient
{
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    explicit RazorpayClient(const RazorpaySettings& settings);

    // `path` is from the API's root, "/v1/orders/order_…", with its query if any.
    Poco::JSON::Object::Ptr get(const std::string& path) const;
    Poco::JSON::Object::Ptr post(const std::string& path, const Poco::JSON::Object& body,
                                 const Headers& headers = {}) const;

private:
    Poco::JSON::Object::Ptr call(const std::string& method, const std::string& path, const std::string* body,
                                 const Headers& headers) const;

    Poco::URI _base;
    std::string _keyId;
    std::string _keySecret;
    int _timeoutSeconds;
    // The client context for https://, made on the first request: loading the system's
    // CAs is a noticeable part of the portal's start-up, paid only once it is needed.
    Poco::Net::Context::Ptr tls() const;
    mutable std::once_flag _tlsOnce;
    mutable Poco::Net::Context::Ptr _tls;
};

// Reading Razorpay's JSON without surprises: absent or null fields give the fallback.
std::string text(const Poco::JSON::Object::Ptr& object, const std::string& name);
std::int64_t integer(const Poco::JSON::Object::Ptr& object, const std::string& name);
bool flag(const Poco::JSON::Object::Ptr& object, const std::string& name);
Poco::JSON::Object::Ptr child(const Poco::JSON::Object::Ptr& object, const std::string& name);
// The items of a collection {"entity":"collection","items":[…]}.
std::vector<Poco::JSON::Object::Ptr> items(const Poco::JSON::Object::Ptr& collection);

} // namespace molar::payrazorpay
