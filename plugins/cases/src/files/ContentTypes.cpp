#include "files/ContentTypes.h"

#include "files/FileRefusals.h"
#include "files/ScanFormats.h"

#include <cstdio>

namespace molar::cases {

namespace {

bool startsWith(const std::string& bytes, std::string_view prefix, std::size_t at = 0)
{
    return bytes.size() >= at + prefix.size() && bytes.compare(at, prefix.size(), prefix) == 0;
}

std::optional<FileType> recogniseSignature(const ContentSample& sample)
{
    using namespace std::string_view_literals;
    const std::string& head = sample.head;
    // A local file header, or the end record alone of an archive without entries.
    if (startsWith(head, "PK\x03\x04"sv) || startsWith(head, "PK\x05\x06"sv))
        return acceptFile("scan", "zip", "application/zip");
    if (startsWith(head, "\xFF\xD8\xFF"sv))
        return acceptFile("photo", "jpeg", "image/jpeg");
    if (startsWith(head, "\x89PNG\r\n\x1A\n"sv))
        return acceptFile("photo", "png", "image/png");
    if (startsWith(head, "%PDF-"sv))
        return acceptFile("document", "pdf", "application/pdf");
    // Part 10 files: a 128-byte preamble, then the magic.
    if (startsWith(head, "DICM"sv, 128))
        return acceptFile("document", "dicom", "application/dicom");
    return std::nullopt;
}

std::string firstBytes(const std::string& head)
{
    std::string hex;
    for (std::size_t i = 0; i < head.size() && i < 8; ++i) {
        char byte[4];
        std::snprintf(byte, sizeof byte, "%s%02x", i ? " " : "", static_cast<unsigned char>(head[i]));
        hex += byte;
    }
    return hex;
}

} // namespace

FileType recogniseContent(const ContentSample& sample)
{
    if (sample.size == 0)
        return refuseFile(fileError::empty, "the file is empty");

    // Before the signatures and the text formats: a binary STL's header is free
    // text, often "solid ...", and only its size tells it apart.
    for (auto recognise : {recogniseBinaryStl, recogniseSignature, recognisePly, recogniseAsciiStl,
                           recogniseObj, recogniseBrokenBinaryStl}) {
        if (std::optional<FileType> type = recognise(sample))
            return *type;
    }
    return refuseFile(fileError::unknownType, sample.text ? "text that is no STL, PLY or OBJ"
                                                          : "content starts with " + firstBytes(sample.head));
}

} // namespace molar::cases
