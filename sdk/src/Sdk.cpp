// The SDK's one shared library: the out-of-line destructors ("key functions") that
// give every interface a single type_info shared by the host and all plugins, and
// the few helpers the headers declare.
#include "molar/sdk/Sdk.h"

#include "molar/sdk/Locale.h"

#include <algorithm>
#include <cstring>

namespace molar::sdk {

HttpError::HttpError(int status, const std::string& message) : std::runtime_error(message), _status(status) {}
HttpError::~HttpError() = default;

ConfigError::ConfigError(const std::string& key, const std::string& value, const std::string& allowed)
    : std::runtime_error("bad value '" + value + "' for " + key + "; allowed: " + allowed), _key(key),
      _value(value), _allowed(allowed)
{
}
ConfigError::~ConfigError() = default;

PermanentError::PermanentError(const std::string& message) : std::runtime_error(message) {}
PermanentError::~PermanentError() = default;

DatabaseError::DatabaseError(const std::string& message, bool conflict)
    : std::runtime_error(message), _conflict(conflict)
{
}
DatabaseError::~DatabaseError() = default;

FileNotFound::FileNotFound(const std::string& key) : std::runtime_error("no file '" + key + "'"), _key(key) {}
FileNotFound::~FileNotFound() = default;

Config::~Config() = default;
Logger::~Logger() = default;
Clock::~Clock() = default;
Counter::~Counter() = default;
Metrics::~Metrics() = default;
SqlRunner::~SqlRunner() = default;
Transaction::~Transaction() = default;
Database::~Database() = default;
Events::~Events() = default;
Jobs::~Jobs() = default;
Request::~Request() = default;
Response::~Response() = default;
Routes::~Routes() = default;
Views::~Views() = default;
void Views::addMenuItemFor(const MenuItem& item, const std::vector<std::string>&)
{
    addMenuItem(item);
}
void Views::addPanel(const std::string&, PanelSource) {}
std::vector<Panel> Views::panels(const std::string&, Request&)
{
    return {};
}
Host::~Host() = default;
Locales::~Locales() = default;
Audit::~Audit() = default;
Accounts::~Accounts() = default;
bool Accounts::canSubmitCases(std::int64_t organizationId, std::string& why)
{
    return isActivated(organizationId, why);
}
std::optional<ClinicInfo> Accounts::clinic(std::int64_t)
{
    return std::nullopt;
}
std::map<std::int64_t, OrganizationInfo> Accounts::organizationsById(const std::vector<std::int64_t>& ids)
{
    std::map<std::int64_t, OrganizationInfo> found;
    for (const auto id : ids)
        if (!found.count(id))
            if (auto organization = this->organization(id))
                found.emplace(id, std::move(*organization));
    return found;
}
std::map<std::int64_t, UserInfo> Accounts::usersById(const std::vector<std::int64_t>& ids)
{
    std::map<std::int64_t, UserInfo> found;
    for (const auto id : ids)
        if (!found.count(id))
            if (auto user = this->user(id))
                found.emplace(id, std::move(*user));
    return found;
}
FileWriter::~FileWriter() = default;
NotificationChannel::~NotificationChannel() = default;
Notifications::~Notifications() = default;
void Notifications::addSecretLink(SecretLink) {}
RateLimiter::~RateLimiter() = default;
FileStore::~FileStore() = default;
DemoData::~DemoData() = default;
ClinicRecords::~ClinicRecords() = default;

Plugin::~Plugin() = default;
void Plugin::configure(Host&) {}
void Plugin::stop() {}

ResultSet::ResultSet(std::vector<std::string> columns, std::vector<std::vector<Value>> rows)
    : _columns(std::move(columns)), _rows(std::move(rows))
{
}

std::size_t ResultSet::columnIndex(const std::string& column) const
{
    auto it = std::find(_columns.begin(), _columns.end(), column);
    if (it == _columns.end())
        throw std::out_of_range("no column '" + column + "' in result");
    return static_cast<std::size_t>(it - _columns.begin());
}

const Value& ResultSet::get(std::size_t row, const std::string& column) const
{
    return _rows.at(row).at(columnIndex(column));
}

Value ResultSet::toValue() const
{
    Value list = Value::array();
    for (const auto& row : _rows) {
        Value item = Value::object();
        for (std::size_t i = 0; i < _columns.size() && i < row.size(); ++i)
            item.set(_columns[i], row[i]);
        list.push(std::move(item));
    }
    return list;
}

namespace detail {
void copyError(MolarPluginError* error, const char* message) noexcept
{
    if (error == nullptr || message == nullptr)
        return;
    std::strncpy(error->message, message, sizeof(error->message) - 1);
    error->message[sizeof(error->message) - 1] = '\0';
}
} // namespace detail

} // namespace molar::sdk
