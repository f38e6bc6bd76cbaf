#pragma once

#include "FormBody.h"
#include "StripeAnswer.h"
#include "StripeSettings.h"

#include <Poco/Net/Context.h>
#include <Poco/URI.h>

#include <mutex>
#include <string>

namespace molar::paystripe {

// Stripe's REST API over HTTP or HTTPS, as the apiBase's scheme says, one session per
// call (so any number of threads may share a client). Every call carries the secret
// key as a bearer token and the pinned Stripe-Version; every POST an Idempotency-Key.
// Network failures come back as StripeAnswer::Kind::Unknown, never as exceptions.
class StripeClient
{
public:
    explicit StripeClient(const StripeSettings& settings);

    // GET <apiBase><path>?<query>.
    StripeAnswer get(const std::string& path, const FormBody& query = {}) const;
    // POST <apiBase><path> with the form body. Stripe replays the first answer to a
    // repeated key, so a retry never acts twice; a 409 (the same key still in flight
    // from another thread) is retried here a few times, with the same key.
    StripeAnswer post(const std::string& path, const FormBody& body, const std::string& idempotencyKey) const;

private:
    StripeAnswer send(const std::string& method, const std::string& pathAndQuery, const std::string& body,
                      const std::string& idempotencyKey) const;

    Poco::URI _base;
    std::string _basePath; // the apiBase's own path, without a trailing slash
    std::string _secretKey;
    std::string _apiVersion;
    int _timeoutSeconds;
    // The client context for https://, made on the first request: loading the system's
    // CAs is a noticeable part of the portal's start-up, paid only once it is needed.
    Poco::Net::Context::Ptr tls() const;
    mutable std::once_flag _tlsOnce;
    mutable Poco::Net::Context::Ptr _tls;
};

} // namespace molar::paystripe
