#include "BareCreditActivity.h"

#include "BareRequest.h"
#include "BareSignIn.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <ctime>
#include <stdexcept>

using namespace Poco::Data::Keywords;
using Poco::Net::HTTPResponse;

namespace molar::bench {

namespace {

// ActivityFilter::kinds(), in its order.
const char* const Kinds[] = {"topup", "debit", "debit_return", "topup_refund", "adjustment"};

// CreditLedger::entries for a page: the organization, newest first; the columns the
// page shows.
std::string ledgerSql(bool before)
{
    return std::string(
               "SELECT id, kind, amount_minor, currency, balance_after_minor, case_id, case_number, reason, "
               "actor_user_id, actor_name, created_at FROM credits_ledger WHERE organization_id = ?") +
           (before ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT ?";
}

} // namespace

void LedgerRows::clear()
{
    id.clear();
    kind.clear();
    amountMinor.clear();
    currency.clear();
    balanceAfterMinor.clear();
    caseId.clear();
    caseNumber.clear();
    reason.clear();
    actorUserId.clear();
    actorName.clear();
    createdAt.clear();
}

LedgerReader::LedgerReader(const BareDatabaseUrl& url)
    : _session(threadSession(url)), _first(_session), _before(_session)
{
    for (bool before : {false, true}) {
        BareStatement& select = before ? _before : _first;
        select.sql(ledgerSql(before)).use(_organizationId);
        if (before)
            select.use(_beforeId);
        select.use(_limit).into(_rows.id).into(_rows.kind).into(_rows.amountMinor).into(_rows.currency);
        select.into(_rows.balanceAfterMinor).into(_rows.caseId).into(_rows.caseNumber).into(_rows.reason);
        select.into(_rows.actorUserId).into(_rows.actorName).into(_rows.createdAt);
    }
}

const LedgerRows& LedgerReader::entries(Poco::Int64 organizationId, Poco::Int64 beforeId)
{
    _organizationId = organizationId;
    _beforeId = beforeId;
    _rows.clear();
    (beforeId ? _before : _first).execute();
    return _rows;
}

double activityPagesPerSecond(const BareDatabaseUrl& url, Poco::Int64 organizationId, double seconds)
{
    LedgerReader reader(url);
    return pagesPerSecond([&] { reader.entries(organizationId, 0); }, seconds);
}

CreditActivityPage::CreditActivityPage(const BareDatabaseUrl& url, const CaseListSetup& setup)
    : _setup(setup), _reader(url), _activity(setup.activityTemplate), _layout(setup.layoutTemplate)
{
    if (!_activity.is_valid())
        throw std::runtime_error("activity template: " + _activity.error_message());
    if (!_layout.is_valid())
        throw std::runtime_error("layout template: " + _layout.error_message());
}

std::string CreditActivityPage::render(const OwnerPageRequest& request)
{
    icu::DateFormat& format = _formats.in(request.zone);
    ++_served;
    const LedgerRows& rows = _reader.entries(request.organizationId, request.beforeId);
    const std::size_t shown = std::min(rows.size(), static_cast<std::size_t>(ActivityPageSize));
    const auto kindWords = [this](const std::string& kind) {
        const std::string key = "credits.kind." + kind;
        const std::string words = _setup.translate(key);
        return words == key ? kind : words;
    };

    ViewData list(ViewData::type::list);
    for (std::size_t r = 0; r < shown; ++r) {
        const std::string& kind = rows.kind[r];
        ViewData row(ViewData::type::object);
        row.set("when", viewText(zonedTime(format, rows.createdAt[r] / 1000)));
        row.set("kind", viewText(kindWords(kind)));
        row.set("kindCode", viewText(kind));
        row.set("amount", viewText(_money.format(rows.amountMinor[r], rows.currency[r])));
        row.set("balance", viewText(_money.format(rows.balanceAfterMinor[r], rows.currency[r])));
        row.set("caseNumber", viewText(rows.caseNumber[r]));
        // reasonText: entries without a reason key show the words they were stored with.
        row.set("reason", viewText(rows.reason[r]));
        row.set("reasonTyped", kind == "adjustment" || kind == "debit_return");
        row.set("by", viewText(rows.actorName[r].empty() && rows.actorUserId[r] == 0
                                   ? _setup.translate("credits.activity.system")
                                   : rows.actorName[r]));
        if (rows.caseId[r] != 0)
            row.set("caseHref", "/cases/" + std::to_string(rows.caseId[r]));
        list.push_back(row);
    }
    ViewData kinds(ViewData::type::list);
    for (const char* kind : Kinds) {
        ViewData option(ViewData::type::object);
        option.set("value", kind);
        option.set("label", viewText(kindWords(kind)));
        option.set("selected", false);
        kinds.push_back(option);
    }
    ViewData data(ViewData::type::object);
    data.set("action", "/credits/activity");
    data.set("kinds", kinds);
    data.set("from", false);
    data.set("to", false);
    data.set("errors", ViewData(ViewData::type::object));
    data.set("rows", list);
    data.set("hasRows", shown > 0);
    data.set("filtered", request.beforeId != 0);
    data.set("csvHref", "/credits/activity.csv");
    data.set("creditsHref", "/credits");
    if (rows.size() > shown)
        data.set("nextHref", "/credits/activity?before=" + std::to_string(rows.id[shown - 1]));
    LayoutViewer viewer;
    viewer.path = "/credits/activity";
    viewer.returnPath = request.returnPath;
    viewer.title = _setup.activityTitle;
    viewer.userName = OwnerName;
    viewer.orgOwner = true;
    viewer.menu = &_setup.menu;
    return renderPage(_setup, _activity, data, _layout, viewer, std::to_string(_served), std::time(nullptr),
                      "activity");
}

void CreditActivityHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                          Poco::Net::HTTPServerResponse& response)
{
    OwnerPageRequest page;
    const std::string problem = readOwnerPage(request.getURI(), "/credits/activity", _setup.labZone, page);
    if (!problem.empty())
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", problem + "\n");

    if (!signedInOwner(_url, request, response, page.organizationId))
        return;

    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<CreditActivityPage> pages;
    answerPage(
        response, "credits",
        [&] {
            if (!pages)
                pages = std::make_unique<CreditActivityPage>(_url, _setup);
            return pages->render(page);
        },
        [] { pages.reset(); });
}

} // namespace molar::bench
