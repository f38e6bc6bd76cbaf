#include "app/HtmlErrorPages.h"

namespace molar::host {

std::string HtmlErrorPages::pageMessage(int status, const std::string& message,
                                        const std::string& language) const
{
    // Handlers word their errors in English, the catalogs' fallback. A reader of another
    // language gets the status explained in theirs, where the catalog has it.
    const std::string key = "error.status." + std::to_string(status);
    if (language != _views.catalog().fallbackLanguage() && _views.catalog().has(key, language))
        return _views.translate(key, language);
    return message;
}

void HtmlErrorPages::respond(Exchange& exchange, int status, const std::string& message)
{
    auto& response = exchange.response;
    response.setStatus(status);
    if (!wantsHtml(exchange)) {
        response.json(sdk::Value::object(
            {{"error",
              sdk::Value::object(
                  {{"status", status}, {"message", message}, {"requestId", exchange.context.requestId}})}}));
        return;
    }
    PageContext page = pageContextFor(exchange.request);
    sdk::Value data = sdk::Value::object({{"status", status},
                                          {"message", pageMessage(status, message, page.language)},
                                          {"requestId", exchange.context.requestId},
                                          {"signIn", status == 401}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/error", "error.title." + std::to_string(status / 100) + "xx",
                                    data, page));
}

} // namespace molar::host
