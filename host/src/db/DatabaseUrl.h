#pragma once

#include "molar/sdk/Database.h"

#include <string>

namespace molar::host {

// `sqlite:<path>` or `mysql://user:password@host:port/database`, parsed into what
// Poco's connectors take. Throws std::invalid_argument with what is wrong.
struct DatabaseUrl
{
    sdk::Dialect dialect = sdk::Dialect::SQLite;
    std::string connector;        // "SQLite" or "MySQL"
    std::string connectionString; // what Poco::Data::Session takes
    std::string display;          // the URL with the password masked, for logs

    static DatabaseUrl parse(const std::string& url);
};

} // namespace molar::host
