#include "http/RequestHead.h"

namespace molar::host {

HeadScan scanRequestHead(const std::string& bytes, std::size_t maxHeadBytes)
{
    // Empty lines before a request line are ignored (RFC 9112, 2.2), as Poco's parser does.
    std::size_t start = bytes.find_first_not_of("\r\n");
    if (start == std::string::npos)
        return bytes.size() > maxHeadBytes ? HeadScan::TooLarge : HeadScan::Incomplete;
    // The head ends at the first empty line; Poco accepts bare LF line ends too.
    for (std::size_t i = bytes.find('\n', start); i != std::string::npos; i = bytes.find('\n', i + 1)) {
        if (i - start > maxHeadBytes)
            return HeadScan::TooLarge;
        const bool emptyLine = (i + 1 < bytes.size() && bytes[i + 1] == '\n') ||
                               (i + 2 < bytes.size() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n');
        if (emptyLine)
            return HeadScan::Complete;
    }
    return bytes.size() - start > maxHeadBytes ? HeadScan::TooLarge : HeadScan::Incomplete;
}

} // namespace molar::host
