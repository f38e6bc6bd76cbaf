// readMultipart (Request::parts()) with the boundary from the input's first line and the
// rest as the body, read twice: all at once with every part read to its end, and a few
// bytes at a time with the handler leaving parts unread. Both readings see the same
// parts (or the same 400); part bytes never hold the delimiter; names are never empty
// and file names carry no folder.
#include "FuzzCheck.h"

#include "http/MultipartBody.h"

#include "molar/sdk/Errors.h"

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

using molar::host::readMultipart;
using molar::sdk::HttpError;
using molar::sdk::Part;

namespace {

// Hands out the text `step` bytes at a time, so that delimiters straddle reads.
class TricklingBuf : public std::streambuf
{
public:
    TricklingBuf(std::string text, std::size_t step) : _text(std::move(text)), _step(step) {}

protected:
    int_type underflow() override
    {
        if (_position >= _text.size())
            return traits_type::eof();
        const std::size_t n = std::min(_text.size() - _position, _step);
        char* begin = &_text[_position];
        setg(begin, begin, begin + n);
        _position += n;
        return traits_type::to_int_type(*begin);
    }

private:
    std::string _text;
    std::size_t _step;
    std::size_t _position = 0;
};

struct Seen
{
    Part part;
    std::string bytes;
};

struct Outcome
{
    std::vector<Seen> parts;
    std::string refusal; // the 400's message, if any
};

// Reads each part up to `readAtMost` bytes and leaves the rest to readMultipart.
Outcome parse(std::istream& body, const std::string& contentType, std::size_t readAtMost)
{
    Outcome outcome;
    try {
        readMultipart(body, contentType, [&](const Part& part, std::istream& in) {
            MOLAR_FUZZ_CHECK(!part.name.empty(), "every part has a field name");
            MOLAR_FUZZ_CHECK(part.fileName.find_first_of("/\\") == std::string::npos,
                             "a file name has no folder");
            Seen seen{part, {}};
            char buffer[64];
            while (seen.bytes.size() < readAtMost) {
                const std::size_t want = std::min(sizeof(buffer), readAtMost - seen.bytes.size());
                in.read(buffer, static_cast<std::streamsize>(want));
                if (in.gcount() <= 0)
                    break;
                seen.bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
            }
            outcome.parts.push_back(std::move(seen));
        });
    } catch (const HttpError& e) {
        MOLAR_FUZZ_CHECK(e.status() == 400, "a refused upload is a 400");
        outcome.refusal = e.what();
        outcome.parts.clear();
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t lineEnd = input.find('\n');
    if (lineEnd == std::string::npos)
        return 0;
    std::string boundary = input.substr(0, lineEnd);
    if (!boundary.empty() && boundary.back() == '\r')
        boundary.pop_back();
    const std::string body = input.substr(lineEnd + 1);
    const std::string contentType = "multipart/form-data; boundary=" + boundary;

    std::istringstream whole(body);
    const Outcome all = parse(whole, contentType, std::string::npos);
    const std::size_t step = 1 + size % 7;
    TricklingBuf trickle(body, step);
    std::istream pieces(&trickle);
    const Outcome some = parse(pieces, contentType, step * 3);

    MOLAR_FUZZ_CHECK(all.refusal.empty() == some.refusal.empty(),
                     "how the body arrives and how much a handler reads do not change the verdict");
    MOLAR_FUZZ_CHECK(all.parts.size() == some.parts.size(), "both readings see the same parts");
    const std::string delimiter = "\r\n--" + boundary;
    for (std::size_t i = 0; i < all.parts.size(); ++i) {
        MOLAR_FUZZ_CHECK(all.parts[i].part.name == some.parts[i].part.name &&
                             all.parts[i].part.fileName == some.parts[i].part.fileName &&
                             all.parts[i].part.contentType == some.parts[i].part.contentType,
                         "both readings see the same headers");
        MOLAR_FUZZ_CHECK(all.parts[i].bytes.compare(0, some.parts[i].bytes.size(), some.parts[i].bytes) == 0,
                         "a part read in pieces starts with the bytes of the whole part");
        MOLAR_FUZZ_CHECK(all.parts[i].bytes.find(delimiter) == std::string::npos,
                         "a part's bytes never hold the delimiter");
        MOLAR_FUZZ_CHECK(body.find(all.parts[i].bytes) != std::string::npos,
                         "a part's bytes are in the body");
    }
    return 0;
}
