#include "app/HtmlErrorPages.h"

namespace molar::host {

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
                                          {"message", message},
                                          {"requestId", exchange.context.requestId},
                                          {"signIn", status == 401}});
    response.send("text/html; charset=utf-8",
                  _views.renderPage("host/pages/error", "error.title." + std::to_string(status / 100) + "xx",
                                    data, page));
}

} // namespace molar::host
