#pragma once

#include "molar/sdk/Money.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

// Stands in for a card gateway's API, in the process: what a real provider reaches
// over HTTPS. Like a real one it keeps payments by id, makes every call idempotent
// by the caller's key, and may lose an answer after doing the work (a timeout).
// Thread-safe.

// The call reached the gateway and did its work, but the answer was lost.
class GatewayTimeout : public std::runtime_error
{
public:
    GatewayTimeout() : std::runtime_error("the gateway did not answer in time") {}
};

struct GatewayPayment
{
    std::string id;  // "pay_7"; "seti_8" for a method being saved
    std::string key; // the idempotency key that created it
    molar::sdk::Money amount;
    std::string status = "open"; // open, authorized, succeeded, failed, canceled
    std::int64_t capturedMinor = 0;
    std::int64_t refundedMinor = 0;
    std::string declineCode; // failed: why
    std::string savedMethod; // a completed setup: the method it saved
};

struct GatewayRefund
{
    std::string id; // "re_9"
    std::int64_t amountMinor = 0;
    std::string declineCode; // empty when the refund went through
};

class SimulatedGateway
{
public:
    // A method the sandbox always charges, and one it always declines.
    static constexpr const char* goodMethod = "pm_card_ok";
    static constexpr const char* declinedMethod = "pm_card_declined";

    // A payment the payer completes on the gateway's page.
    GatewayPayment openCheckout(const std::string& key, const molar::sdk::Money& amount);
    // Charges a method now; with captureLater the money is only reserved.
    GatewayPayment charge(const std::string& key, const molar::sdk::Money& amount, const std::string& method,
                          bool captureLater);
    // Captures part or all of an authorization, once per key; a larger amount is declined.
    GatewayPayment capture(const std::string& key, const std::string& id, std::int64_t amountMinor);
    GatewayPayment cancel(const std::string& id);
    // Gives back part of a capture, once per key; beyond the capture it is declined.
    std::pair<GatewayRefund, GatewayPayment> refund(const std::string& key, const std::string& id,
                                                    std::int64_t amountMinor);
    std::optional<GatewayPayment> payment(const std::string& id);
    std::optional<GatewayPayment> paymentByKey(const std::string& key);
    // A method being saved: the payer enters it on the gateway's page.
    GatewayPayment openSetup(const std::string& key);
    void forgetMethod(const std::string& method);

    // The sandbox's controls, for tests and demos.
    // The payer completes a checkout (paid in full) or a setup (a method saved).
    bool payerCompletes(const std::string& id);
    // The next call does its work and then times out.
    void loseNextAnswer();
    // How many times money moved under a key (charges and captures).
    int moneyMoves(const std::string& key);

private:
    // Throws GatewayTimeout when an answer is to be lost; call after the work.
    void answer();
    GatewayPayment& create(const std::string& key, const std::string& prefix,
                           const molar::sdk::Money& amount);

    std::mutex _mutex;
    long _next = 0;
    bool _loseNext = false;
    std::map<std::string, GatewayPayment> _payments; // by id
    std::map<std::string, std::string> _byKey;       // idempotency key -> payment id
    std::map<std::string, GatewayRefund> _refunds;   // refund key -> refund
    std::set<std::string> _captureKeys;
    std::map<std::string, int> _moves;
    std::set<std::string> _methods{goodMethod};
};
