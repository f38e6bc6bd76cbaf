#pragma once

#include "quotes/Quote.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Http.h"

#include <stdexcept>
#include <string>

namespace molar::billing {

// Who acts on a quote, and what each side may do with one.
struct QuoteCaller
{
    sdk::Actor actor;
    std::string side; // "clinic" or "lab"
    std::string role;
    std::int64_t organizationId = 0;

    static QuoteCaller of(const sdk::Request& request);

    // The lab's admins, leads and billing clerks price and send quotes.
    bool mayPrice() const;
    // The lab sees every quote; a clinic's owner and staff their organization's, its
    // dentists those of the cases they hold (as they see cases). Anyone else: 404.
    bool maySee(const Quote& quote) const;
    // The organization's owner, who has its billing authority, and the dentist
    // holding the case answer; staff only read.
    bool mayAnswer(const Quote& quote) const;
};

// A refusal the user can act on: an HTTP status, a catalog key, and the form field
// it is about ("" for the page as a whole).
class QuoteRefusal : public std::runtime_error
{
public:
    QuoteRefusal(int status, const std::string& key, std::string field = {})
        : std::runtime_error(key), _status(status), _field(std::move(field))
    {
    }
    int status() const { return _status; }
    std::string key() const { return what(); }
    const std::string& field() const { return _field; }

private:
    int _status;
    std::string _field;
};

} // namespace molar::billing
