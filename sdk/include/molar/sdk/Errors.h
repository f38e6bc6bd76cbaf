#pragma once

#include "molar/sdk/Export.h"

#include <stdexcept>
#include <string>

namespace molar::sdk {

// Thrown by a route handler to answer with a 4xx/5xx status and a message the
// user can act on. Any other exception from a handler answers 500 and is logged.
class MOLAR_SDK_API HttpError : public std::runtime_error
{
public:
    HttpError(int status, const std::string& message);
    ~HttpError() override;
    int status() const { return _status; }

private:
    int _status;
};

// Thrown while configuring when a key holds a value its owner cannot use. The host
// turns it into one start-up line naming the file, the key, the value and what is allowed.
class MOLAR_SDK_API ConfigError : public std::runtime_error
{
public:
    ConfigError(const std::string& key, const std::string& value, const std::string& allowed);
    ~ConfigError() override;
    const std::string& key() const { return _key; }
    const std::string& value() const { return _value; }
    const std::string& allowed() const { return _allowed; }

private:
    std::string _key;
    std::string _value;
    std::string _allowed;
};

// Thrown by a job handler when retrying cannot help (a rejected address, a refused
// request): the job is parked at once instead of backing off. Any other exception
// is treated as temporary and retried with backoff until the job's attempts run out.
class MOLAR_SDK_API PermanentError : public std::runtime_error
{
public:
    explicit PermanentError(const std::string& message);
    ~PermanentError() override;
};

// Thrown by the database interface: a failed statement, a lost connection, a
// constraint violated. isConflict() is true for unique-key violations.
class MOLAR_SDK_API DatabaseError : public std::runtime_error
{
public:
    DatabaseError(const std::string& message, bool conflict);
    ~DatabaseError() override;
    bool isConflict() const { return _conflict; }

private:
    bool _conflict;
};

// Thrown by FileStore when no committed file has the key.
class MOLAR_SDK_API FileNotFound : public std::runtime_error
{
public:
    explicit FileNotFound(const std::string& key);
    ~FileNotFound() override;
    const std::string& key() const { return _key; }

private:
    std::string _key;
};

} // namespace molar::sdk
