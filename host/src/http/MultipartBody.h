#pragma once

#include "molar/sdk/Http.h"

#include <functional>
#include <istream>
#include <string>

namespace molar::host {

// Reads a multipart/form-data body part by part for Request::parts(): `onPart` gets
// each part's headers and a stream of its bytes, unread bytes are skipped, and
// nothing is held in memory beyond a small buffer. `contentType` is the request's
// Content-Type header. Throws sdk::HttpError(400) for a body that is not
// multipart/form-data, is malformed, or ends before its closing boundary (reading a
// part's stream throws it as well); errors of `body` (a 413 past the route's limit)
// pass through.
void readMultipart(std::istream& body, const std::string& contentType,
                   const std::function<void(const sdk::Part&, std::istream&)>& onPart);

} // namespace molar::host
