#pragma once

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// One provider's dispute (chargeback) of a payment, as billing keeps it.
struct Dispute
{
    std::int64_t id = 0;
    std::string provider;
    std::string disputeId;
    std::string attemptId;      // the host's payment attempt
    std::string purposeKind;    // "invoice", "topup"
    std::int64_t invoiceId = 0; // 0 unless purposeKind is "invoice"
    std::string invoiceNumber;  // read with the invoice; "" for none
    std::int64_t organizationId = 0;
    std::string reference; // what the payer saw: the invoice number, the top-up reference
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string state; // open, won, lost
    std::int64_t openedAt = 0;
    std::int64_t closedAt = 0; // 0 while open
    // What the provider told when asked (the billing.dispute-facts job): the deadline to
    // answer it (0 while not known or none) and its word for why ("fraudulent"; "" while not known).
    std::int64_t evidenceDueAt = 0;
    std::string reason;
};

// Open disputes for the dashboard: how many, and their amounts by currency.
struct OpenDisputes
{
    std::int64_t count = 0;
    std::map<std::string, std::int64_t> amounts;
};

// Disputes from the host's dispute.opened / dispute.closed events, applied in the payment
// service's transaction. A provider may deliver a dispute's events again (under new event
// ids) or out of order: the row is keyed by (provider, dispute id), an open never reopens a
// closed dispute, and a close that comes first still leaves the dispute closed with its
// outcome. A bad payload is logged, never thrown (that would roll back the payment record).
// A dispute opened sets off a durable job (kFactsJob) that asks the provider for the
// dispute's deadline and reason (sdk::Payments::dispute) and keeps them.
class Disputes
{
public:
    static constexpr const char* kFactsJob = "billing.dispute-facts";

    explicit Disputes(sdk::Host& host) : _host(host) {}

    // Subscribes to dispute.opened and dispute.closed, and defines kFactsJob.
    void start();

    // Whether the event changed anything.
    bool opened(sdk::Transaction& tx, const sdk::Value& payload);
    bool closed(sdk::Transaction& tx, const sdk::Value& payload);

    // Asks the provider for the dispute's deadline and reason and keeps what it tells;
    // whether it told anything. Throws when the provider's answer was lost (the job retries).
    bool fetchFacts(const std::string& provider, const std::string& disputeId);

    OpenDisputes open(sdk::SqlRunner& db) const;
    // The open ones first, the soonest deadline first (those without one after them), then
    // the closed ones, newest first (by when billing heard of them); at most `limit`.
    std::vector<Dispute> list(sdk::SqlRunner& db, int limit) const;
    // Open disputes only, in the order of list().
    std::vector<Dispute> openByDeadline(sdk::SqlRunner& db, int limit) const;
    std::vector<Dispute> forInvoice(sdk::SqlRunner& db, std::int64_t invoiceId) const;

private:
    std::optional<Dispute> fromPayload(sdk::Transaction& tx, const sdk::Value& payload,
                                       const char* event) const;
    // Inserts the row unless the dispute is known; whether it was inserted.
    bool insert(sdk::Transaction& tx, const Dispute& dispute);
    std::int64_t now() const;

    sdk::Host& _host;
};

} // namespace molar::billing
