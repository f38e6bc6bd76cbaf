#pragma once

#include <istream>
#include <memory>
#include <string>

namespace molar::host {

// A multipart/form-data form's first field, read before the rest of the body is
// streamed: a form that puts its hidden `_csrf` input first proves itself before
// any file is read, without the token in the address.
//
// Reads from `body` the first part when it is the small text field `name` (at most
// 4 KiB with its headers) and returns true with its value. The parts after it are
// then read from `rest()`, which starts again at the delimiter, so Request::parts()
// sees the form without that field. Returns false when the first part is another
// field or the body is not multipart; what was read is then gone.
class LeadingFormField
{
public:
    static bool read(std::istream& body, const std::string& contentType, const std::string& name,
                     std::string& value, std::string& delimiter);
};

// A stream that gives `prefix` first, then the bytes of `rest`.
class PrefixedInputStream : public std::istream
{
public:
    PrefixedInputStream(std::string prefix, std::istream& rest);
    ~PrefixedInputStream() override;

private:
    class Buffer;
    std::unique_ptr<Buffer> _buffer;
};

} // namespace molar::host
