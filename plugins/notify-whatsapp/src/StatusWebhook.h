#pragma once

#include "molar/sdk/Notifications.h"

#include <functional>
#include <string>
#include <vector>

namespace molar::whatsapp {

// What the webhook answers: a status and a plain-text body.
struct WebhookAnswer
{
    int status = 200;
    std::string body;
};

// The delivery statuses in a webhook body (entry[].changes[].value.statuses[]) as
// neutral reports; statuses it does not know are left out. Throws
// std::invalid_argument when the body is not a JSON object.
std::vector<sdk::DeliveryReport> parseStatusReports(const std::string& body);

// Meta's webhook for the lab's number: the subscription handshake, and signed
// POSTs whose delivery statuses go to `report`. No state of its own besides the
// secrets, so requests may run at once.
class StatusWebhook
{
public:
    using Reporter = std::function<bool(const sdk::DeliveryReport&)>;

    StatusWebhook(std::string appSecret, std::string verifyToken, Reporter report);

    // GET: 200 with the challenge when mode and token match; 403 otherwise.
    WebhookAnswer verify(const std::string& mode, const std::string& token,
                         const std::string& challenge) const;
    // POST: 401 unless `signature` signs `rawBody`; 400 for a body that is not
    // JSON; 200 once every status was reported, known message or not.
    WebhookAnswer receive(const std::string& signature, const std::string& rawBody) const;

private:
    std::string _appSecret;
    std::string _verifyToken;
    Reporter _report;
};

} // namespace molar::whatsapp
