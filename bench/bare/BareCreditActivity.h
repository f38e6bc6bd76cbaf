#pragma once

#include "BareCaseSetup.h"
#include "BareDatabase.h"
#include "BareRequest.h"
#include "BareView.h"

#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Types.h>
#include <kainjow/mustache.hpp>

#include <memory>
#include <string>
#include <vector>

namespace molar::bench {

// Entries a page shows, plus one telling whether older ones exist (ActivityRoutes).
constexpr int ActivityPageSize = 50;

// A page of an organization's credit ledger, a vector per column the page shows.
struct LedgerRows
{
    std::vector<Poco::Int64> id;
    std::vector<std::string> kind;
    std::vector<Poco::Int64> amountMinor;
    std::vector<std::string> currency;
    std::vector<Poco::Int64> balanceAfterMinor;
    std::vector<Poco::Int64> caseId;
    std::vector<std::string> caseNumber;
    std::vector<std::string> reason;
    std::vector<Poco::Int64> actorUserId;
    std::vector<std::string> actorName;
    std::vector<Poco::Int64> createdAt; // UTC milliseconds

    std::size_t size() const { return id.size(); }
    void clear();
};

// One thread's connection and the query CreditLedger::entries sends for the activity
// page (the organization's entries, newest first, before an id), prepared once per
// shape and re-executed. Not thread-safe.
class LedgerReader
{
public:
    explicit LedgerReader(const BareDatabaseUrl& url);

    // Up to ActivityPageSize + 1 rows; valid until the next call.
    const LedgerRows& entries(Poco::Int64 organizationId, Poco::Int64 beforeId);

private:
    Poco::Data::Session _session;
    BareStatement _first;
    BareStatement _before;
    Poco::Int64 _organizationId = 0;
    Poco::Int64 _beforeId = 0;
    Poco::Int64 _limit = ActivityPageSize + 1;
    LedgerRows _rows;
};

// The database floor of an activity page: its query from one thread for `seconds`.
double activityPagesPerSecond(const BareDatabaseUrl& url, Poco::Int64 organizationId, double seconds);

// One thread's credit activity page as a clinic owner sees it (ActivityRoutes::page):
// times by ICU in the viewer's zone, amounts by ICU's currency formatter, each entry's
// kind and reason in words. Not thread-safe.
class CreditActivityPage
{
public:
    CreditActivityPage(const BareDatabaseUrl& url, const CaseListSetup& setup);

    // The whole HTML page. Throws std::invalid_argument for a zone ICU does not know.
    std::string render(const OwnerPageRequest& request);

private:
    static constexpr const char* OwnerName = "Pearl Owner";

    const CaseListSetup& _setup;
    LedgerReader _reader;
    kainjow::mustache::mustache _activity;
    kainjow::mustache::mustache _layout;
    ZoneFormats _formats;
    MoneyFormats _money;
    std::uint64_t _served = 0;
};

// GET /credits/activity?org=<organization id>[&before=<id>][&zone=<IANA zone>]: the page
// molard's GET /credits/activity shows the organization's owner.
class CreditActivityHandler : public Poco::Net::HTTPRequestHandler
{
public:
    CreditActivityHandler(const BareDatabaseUrl& url, const CaseListSetup& setup) : _url(url), _setup(setup)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    const BareDatabaseUrl& _url;
    const CaseListSetup& _setup;
};

} // namespace molar::bench
