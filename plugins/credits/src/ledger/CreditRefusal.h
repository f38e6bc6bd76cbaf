#pragma once

#include <stdexcept>
#include <string>

namespace molar::credits {

// A change the rules refuse: an HTTP status and a message-catalog key the pages word in
// the viewer's language ("credits.error.insufficient").
class CreditRefusal : public std::runtime_error
{
public:
    CreditRefusal(int status, const std::string& key) : std::runtime_error(key), _status(status), _key(key) {}
    int status() const { return _status; }
    const std::string& key() const { return _key; }

private:
    int _status;
    std::string _key;
};

} // namespace molar::credits
