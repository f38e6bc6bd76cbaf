#pragma once

#include "molar/sdk/Audit.h"
#include "molar/sdk/Http.h"
#include "store/CaseRecord.h"

#include <cstdint>
#include <string>

namespace molar::cases {

// Who acts on a case: a signed-in user from a request, or the system.
struct CaseCaller
{
    sdk::Actor actor;
    std::string side; // "clinic", "lab" or "system"
    std::string role;
    std::int64_t organizationId = 0;

    static CaseCaller of(const sdk::Request& request);
    bool isLab() const { return side == "lab" || side == "system"; }
    bool isClinic() const { return side == "clinic"; }
    // Owners (and staff) see every case of their organization; dentists the cases
    // they hold;
    // the lab every submitted case.
    bool canSee(const CaseRecord& record) const;
};

// A refusal the user can act on: an HTTP status, a message-catalog key, and what it
// is about when that is one of several (an uploaded file's name).
class CaseRefusal : public std::runtime_error
{
public:
    CaseRefusal(int status, const std::string& key, std::string subject = {})
        : std::runtime_error(key), _status(status), _subject(std::move(subject))
    {
    }
    int status() const { return _status; }
    std::string key() const { return what(); }
    const std::string& subject() const { return _subject; }

private:
    int _status;
    std::string _subject;
};

} // namespace molar::cases
