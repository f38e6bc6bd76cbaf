#include "quotes/QuoteRoutes.h"

#include "quotes/QuoteTimes.h"

#include "molar/sdk/Errors.h"

namespace molar::billing {
namespace {

std::int64_t idParam(const sdk::Request& request)
{
    const std::string text = request.param("id");
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        throw QuoteRefusal(404, "billing.quote.error.notFound");
    return std::stoll(text);
}

} // namespace

void QuoteRoutes::registerRoutes(sdk::Routes& routes)
{
    using sdk::Access;
    auto bind = [this](void (QuoteRoutes::*method)(sdk::Request&, sdk::Response&)) {
        return [this, method](sdk::Request& request, sdk::Response& response) {
            guarded(request, [&] { (this->*method)(request, response); });
        };
    };
    routes.add("GET", labPath, Access::Lab, bind(&QuoteRoutes::list));
    routes.add("GET", std::string(labPath) + "/{id}", Access::Lab, bind(&QuoteRoutes::priceForm));
    routes.add("POST", std::string(labPath) + "/{id}", Access::Lab, bind(&QuoteRoutes::send));
    routes.add("GET", "/billing/quotes/{id}", Access::SignedIn, bind(&QuoteRoutes::show));
    routes.add("POST", "/billing/quotes/{id}/accept", Access::Clinic, bind(&QuoteRoutes::accept));
    routes.add("POST", "/billing/quotes/{id}/decline", Access::Clinic, bind(&QuoteRoutes::decline));
}

void QuoteRoutes::guarded(sdk::Request& request, const std::function<void()>& work)
{
    try {
        work();
    } catch (const QuoteRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), t(request, refusal.key()));
    }
}

std::string QuoteRoutes::t(const sdk::Request& request, const std::string& key)
{
    return _host.views().translate(key, request.language());
}

std::string QuoteRoutes::productName(const sdk::Request& request, const Quote& quote)
{
    // The name in the reader's language where the catalog's owner (cases) has it.
    const std::string key = "cases.productName." + quote.product;
    const std::string name = t(request, key);
    if (name != key)
        return name;
    return quote.productName.empty() ? quote.product : quote.productName;
}

std::string QuoteRoutes::time(const sdk::Request& request, std::int64_t at)
{
    if (!at)
        return {};
    sdk::Locales& locales = _host.locales();
    return locales.dateTime(at * 1000, locales.viewerOf(request));
}

std::string QuoteRoutes::stamp(std::int64_t at)
{
    return at ? formatQuoteTime(at, "UTC") + "Z" : std::string();
}

std::string QuoteRoutes::userName(std::int64_t userId)
{
    if (!userId)
        return {};
    auto user = _host.accounts().user(userId);
    return user ? user->displayName : std::string();
}

sdk::Value QuoteRoutes::quoteData(sdk::Request& request, const Quote& quote)
{
    std::string organization;
    if (auto org = _host.accounts().organization(quote.organizationId))
        organization = org->name;
    const bool priced = quote.sentAt != 0;
    return sdk::Value::object(
        {{"id", quote.id},
         {"number", quote.caseNumber},
         {"caseHref", "/cases/" + std::to_string(quote.caseId)},
         {"quoteHref", quote.path()},
         {"priceHref", std::string(labPath) + "/" + std::to_string(quote.id)},
         {"organization", organization},
         {"product", productName(request, quote)},
         {"state", quote.state},
         {"stateLabel", t(request, "billing.quote.state." + quote.state)},
         {"awaitingPrice", quote.state == "awaiting_price"},
         {"isSent", quote.state == "sent"},
         {"isAccepted", quote.state == "accepted"},
         {"isDeclined", quote.state == "declined"},
         {"isWithdrawn", quote.state == "withdrawn"},
         {"amount", priced ? _host.locales().money({quote.amountMinor, quote.currency}, request.language())
                           : std::string()},
         {"currency", quote.currency},
         {"note", quote.note},
         {"opened", time(request, quote.openedAt)},
         {"openedStamp", stamp(quote.openedAt)},
         {"sent", time(request, quote.sentAt)},
         {"sentStamp", stamp(quote.sentAt)},
         {"sentBy", userName(quote.sentBy)},
         {"answered", time(request, quote.answeredAt)},
         {"answeredStamp", stamp(quote.answeredAt)},
         {"answeredBy", userName(quote.answeredBy)},
         {"declineReason", quote.declineReason},
         {"withdrawn", time(request, quote.withdrawnAt)},
         {"withdrawnStamp", stamp(quote.withdrawnAt)},
         {"csrf", request.csrfToken()}});
}

void QuoteRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const QuoteCaller caller = QuoteCaller::of(request);
    if (!caller.mayPrice())
        throw QuoteRefusal(403, "billing.quote.error.labOnly");
    sdk::Value rows = sdk::Value::array();
    for (const Quote& quote : QuoteBook::open(_host.database(), 500))
        rows.push(quoteData(request, quote));
    sdk::Value data = sdk::Value::object({{"quotes", rows}, {"hasQuotes", rows.size() > 0}});
    const std::string sent = request.query("sent");
    if (!sent.empty() && sent.find_first_not_of("0123456789") == std::string::npos && sent.size() < 19)
        if (auto quote = QuoteBook::find(_host.database(), std::stoll(sent)))
            data.set("sentNumber", quote->caseNumber);
    _host.views().page(request, response, "billing/quotes", "billing.quote.listTitle", data);
}

void QuoteRoutes::renderPriceForm(sdk::Request& request, sdk::Response& response, const Quote& quote,
                                  sdk::Value data)
{
    sdk::Value page = quoteData(request, quote);
    for (const auto& [name, value] : data.asObject())
        page.set(name, value);
    page.set("action", std::string(labPath) + "/" + std::to_string(quote.id));
    page.set("maxNote", static_cast<std::int64_t>(QuoteService::maxNoteCharacters));
    _host.views().page(request, response, "billing/quote-price", "billing.quote.priceTitle", page);
}

void QuoteRoutes::priceForm(sdk::Request& request, sdk::Response& response)
{
    const QuoteCaller caller = QuoteCaller::of(request);
    if (!caller.mayPrice())
        throw QuoteRefusal(403, "billing.quote.error.labOnly");
    auto quote = QuoteBook::find(_host.database(), idParam(request));
    if (!quote)
        throw QuoteRefusal(404, "billing.quote.error.notFound");
    if (quote->currency.empty())
        quote->currency = _service.currencyFor(quote->product);
    renderPriceForm(request, response, *quote, sdk::Value::object());
}

void QuoteRoutes::send(sdk::Request& request, sdk::Response& response)
{
    const QuoteCaller caller = QuoteCaller::of(request);
    const std::int64_t id = idParam(request);
    const std::string price = request.form("price");
    const std::string note = request.form("note");
    try {
        _service.send(caller, id, price, note);
    } catch (const QuoteRefusal& refusal) {
        if (refusal.field().empty())
            throw;
        auto quote = QuoteBook::find(_host.database(), id);
        if (!quote)
            throw QuoteRefusal(404, "billing.quote.error.notFound");
        if (quote->currency.empty())
            quote->currency = _service.currencyFor(quote->product);
        response.setStatus(refusal.status());
        renderPriceForm(request, response, *quote,
                        sdk::Value::object({{"priceValue", price},
                                            {"noteValue", note},
                                            {refusal.field() + "Error", t(request, refusal.key())}}));
        return;
    }
    response.redirect(std::string(labPath) + "?sent=" + std::to_string(id));
}

void QuoteRoutes::renderQuote(sdk::Request& request, sdk::Response& response, const Quote& quote,
                              sdk::Value data)
{
    const QuoteCaller caller = QuoteCaller::of(request);
    sdk::Value page = quoteData(request, quote);
    for (const auto& [name, value] : data.asObject())
        page.set(name, value);
    const bool mayAnswer = caller.mayAnswer(quote);
    page.set("mayAnswer", quote.state == "sent" && mayAnswer);
    page.set("othersAnswer", quote.state == "sent" && !mayAnswer);
    page.set("isLab", caller.side == "lab");
    page.set("acceptAction", quote.path() + "/accept");
    page.set("declineAction", quote.path() + "/decline");
    page.set("maxReason", static_cast<std::int64_t>(QuoteService::maxReasonCharacters));
    _host.views().page(request, response, "billing/quote", "billing.quote.title", page);
}

void QuoteRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const Quote quote = _service.load(QuoteCaller::of(request), idParam(request));
    const std::string answered = request.query("answered");
    renderQuote(request, response, quote,
                sdk::Value::object({{"justAccepted", answered == "accepted" && quote.state == "accepted"},
                                    {"justDeclined", answered == "declined" && quote.state == "declined"}}));
}

void QuoteRoutes::accept(sdk::Request& request, sdk::Response& response)
{
    const QuoteCaller caller = QuoteCaller::of(request);
    const Quote quote = _service.load(caller, idParam(request));
    if (request.form("confirm") != "yes") {
        // Checked after who may answer: the confirmation is asked only of them.
        if (!caller.mayAnswer(quote))
            throw QuoteRefusal(403, "billing.quote.error.notYours");
        response.setStatus(400);
        renderQuote(request, response, quote,
                    sdk::Value::object({{"acceptError", t(request, "billing.quote.error.confirmAccept")}}));
        return;
    }
    _service.accept(caller, quote.id);
    response.redirect(quote.path() + "?answered=accepted");
}

void QuoteRoutes::decline(sdk::Request& request, sdk::Response& response)
{
    const QuoteCaller caller = QuoteCaller::of(request);
    const Quote quote = _service.load(caller, idParam(request));
    const std::string reason = request.form("reason");
    try {
        if (request.form("confirm") != "yes") {
            if (!caller.mayAnswer(quote))
                throw QuoteRefusal(403, "billing.quote.error.notYours");
            throw QuoteRefusal(400, "billing.quote.error.confirmDecline", "declineConfirm");
        }
        _service.decline(caller, quote.id, reason);
    } catch (const QuoteRefusal& refusal) {
        if (refusal.field().empty())
            throw;
        response.setStatus(refusal.status());
        renderQuote(request, response, quote,
                    sdk::Value::object(
                        {{"reasonValue", reason}, {refusal.field() + "Error", t(request, refusal.key())}}));
        return;
    }
    response.redirect(quote.path() + "?answered=declined");
}

} // namespace molar::billing
