#include "http/LeadingFormField.h"

#include <Poco/Exception.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>

#include <sstream>
#include <streambuf>

namespace molar::host {

namespace {
const std::size_t MAX_FIELD_BYTES = 4096;
}

bool LeadingFormField::read(std::istream& body, const std::string& contentType, const std::string& name,
                            std::string& value, std::string& delimiter)
{
    std::string boundary;
    try {
        Poco::Net::MediaType type(contentType);
        if (!type.matches("multipart", "form-data"))
            return false;
        if (type.hasParameter("boundary"))
            boundary = type.getParameter("boundary");
    } catch (const Poco::Exception&) {
        return false;
    }
    if (boundary.empty())
        return false;
    const std::string opening = "--" + boundary + "\r\n";
    const std::string closing = "\r\n--" + boundary;
    std::string seen;
    while (seen.size() < MAX_FIELD_BYTES) {
        const int c = body.get();
        if (c == std::char_traits<char>::eof())
            return false;
        seen += static_cast<char>(c);
        if (seen.size() == opening.size() && seen != opening)
            return false;
        if (seen.size() > opening.size() + closing.size() &&
            seen.compare(seen.size() - closing.size(), closing.size(), closing) == 0)
            break;
    }
    if (seen.size() >= MAX_FIELD_BYTES)
        return false;
    const auto headersEnd = seen.find("\r\n\r\n", opening.size());
    if (headersEnd == std::string::npos)
        return false;
    try {
        std::istringstream headerText(seen.substr(opening.size(), headersEnd + 2 - opening.size()));
        Poco::Net::MessageHeader headers;
        headers.read(headerText);
        std::string disposition;
        Poco::Net::NameValueCollection parameters;
        Poco::Net::MessageHeader::splitParameters(headers.get("Content-Disposition", ""), disposition,
                                                  parameters);
        if (disposition != "form-data" || parameters.get("name", "") != name || parameters.has("filename"))
            return false;
    } catch (const Poco::Exception&) {
        return false;
    }
    const auto valueStart = headersEnd + 4;
    value = seen.substr(valueStart, seen.size() - closing.size() - valueStart);
    delimiter = "--" + boundary;
    return true;
}

class PrefixedInputStream::Buffer : public std::streambuf
{
public:
    Buffer(std::string prefix, std::istream& rest) : _prefix(std::move(prefix)), _rest(rest)
    {
        setg(_prefix.data(), _prefix.data(), _prefix.data() + _prefix.size());
    }

protected:
    int_type underflow() override
    {
        if (gptr() < egptr())
            return traits_type::to_int_type(*gptr());
        _rest.read(_chunk, sizeof(_chunk));
        const auto got = _rest.gcount();
        if (got <= 0)
            return traits_type::eof();
        setg(_chunk, _chunk, _chunk + got);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::string _prefix;
    std::istream& _rest;
    char _chunk[16384];
};

PrefixedInputStream::PrefixedInputStream(std::string prefix, std::istream& rest)
    : std::istream(nullptr), _buffer(std::make_unique<Buffer>(std::move(prefix), rest))
{
    rdbuf(_buffer.get());
    exceptions(std::ios::badbit); // a 413 from the body below reaches the caller
}

PrefixedInputStream::~PrefixedInputStream() = default;

} // namespace molar::host
