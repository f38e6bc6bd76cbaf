#include "StripeAnswer.h"

#include "Json.h"

namespace molar::paystripe {

StripeAnswer classifyAnswer(int status, const std::string& body)
{
    StripeAnswer answer;
    answer.status = status;
    const auto document = json::parseObject(body);
    if (status >= 200 && status < 300) {
        if (!document) {
            answer.kind = StripeAnswer::Kind::Unknown;
            answer.detail =
                "Stripe answered " + std::to_string(status) + " with a body that is not a JSON object";
            return answer;
        }
        answer.kind = StripeAnswer::Kind::Ok;
        answer.object = document;
        return answer;
    }
    if (const auto error = json::object(document, "error")) {
        answer.error.type = json::text(error, "type");
        answer.error.code = json::text(error, "code");
        answer.error.declineCode = json::text(error, "decline_code");
        answer.error.message = json::text(error, "message");
        answer.error.param = json::text(error, "param");
        answer.error.paymentIntent = json::object(error, "payment_intent");
    }
    answer.detail = "Stripe answered " + std::to_string(status);
    if (!answer.error.code.empty())
        answer.detail += " " + answer.error.code;
    if (!answer.error.message.empty())
        answer.detail += ": " + answer.error.message;
    if (status == 402)
        answer.kind = StripeAnswer::Kind::CardError;
    else if (status == 400 || status == 401 || status == 403)
        answer.kind = StripeAnswer::Kind::Refused;
    else if (status == 404)
        answer.kind = StripeAnswer::Kind::NotFound;
    else
        answer.kind = StripeAnswer::Kind::Unknown; // 409 (a key in use), 424, 429, 5xx
    return answer;
}

StripeAnswer noAnswer(const std::string& detail)
{
    StripeAnswer answer;
    answer.kind = StripeAnswer::Kind::Unknown;
    answer.detail = detail;
    return answer;
}

} // namespace molar::paystripe
