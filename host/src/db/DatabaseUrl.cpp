#include "db/DatabaseUrl.h"

#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace molar::host {

namespace {

std::string decode(const std::string& text)
{
    std::string out;
    Poco::URI::decode(text, out);
    return out;
}

} // namespace

DatabaseUrl DatabaseUrl::parse(const std::string& url)
{
    DatabaseUrl result;
    if (url.rfind("sqlite:", 0) == 0) {
        std::string path = url.substr(7);
        if (path.empty())
            throw std::invalid_argument("sqlite: URL has no file path (sqlite:/var/lib/molar/molar.db)");
        result.dialect = sdk::Dialect::SQLite;
        result.connector = "SQLite";
        result.connectionString = path;
        result.display = url;
        return result;
    }
    const std::string scheme = "mysql://";
    if (url.rfind(scheme, 0) != 0)
        throw std::invalid_argument("database URL must start with sqlite: or mysql://");
    std::string rest = url.substr(scheme.size());
    auto at = rest.rfind('@');
    auto slash = rest.find('/', at == std::string::npos ? 0 : at);
    if (at == std::string::npos || slash == std::string::npos || slash + 1 >= rest.size())
        throw std::invalid_argument("mysql URL must be mysql://user:password@host:port/database");
    std::string userInfo = rest.substr(0, at);
    std::string hostPort = rest.substr(at + 1, slash - at - 1);
    std::string database = rest.substr(slash + 1);
    auto colon = userInfo.find(':');
    std::string user = decode(userInfo.substr(0, colon));
    std::string password = colon == std::string::npos ? "" : decode(userInfo.substr(colon + 1));
    std::string host = hostPort;
    unsigned port = 3306;
    auto portColon = hostPort.rfind(':');
    if (portColon != std::string::npos) {
        host = hostPort.substr(0, portColon);
        if (!Poco::NumberParser::tryParseUnsigned(hostPort.substr(portColon + 1), port) || port == 0 ||
            port > 65535)
            throw std::invalid_argument("mysql URL has a bad port: " + hostPort.substr(portColon + 1));
    }
    if (host.empty() || user.empty())
        throw std::invalid_argument("mysql URL needs a user and a host");
    result.dialect = sdk::Dialect::MySQL;
    result.connector = "MySQL";
    result.connectionString = "host=" + host + ";port=" + std::to_string(port) + ";user=" + user +
                              ";password=" + password + ";db=" + decode(database) +
                              ";compress=false;protocol=tcp"
                              // Poco's default is the 3-byte utf8, which refuses emoji and
                              // other 4-byte characters; set as a client option, it survives
                              // a reconnect where SET NAMES would not.
                              ";character-set=utf8mb4";
    result.display = "mysql://" + user + ":***@" + hostPort + "/" + database;
    return result;
}

} // namespace molar::host
