#pragma once

// What every recogniser target checks of a content, whatever the format it feeds:
// the sample does not depend on how the content arrives, recogniseContent answers
// a documented type or a refusal with a catalog key, and inspectFile on the same
// bytes as a file answers the same.
#include "FuzzCheck.h"
#include "ScratchFile.h"

#include "files/ContentSample.h"
#include "files/ContentTypes.h"
#include "files/FileInspector.h"
#include "files/FileRefusals.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace molar::cases::fuzz {

// An accepted type is one of FileInspector.h's (kind, format, media type); a refusal
// names a catalog key and says why, and nothing else.
inline bool isDocumentedAnswer(const FileType& type)
{
    static const std::set<std::tuple<std::string, std::string, std::string>> accepted{
        {"scan", "stl", "model/stl"},           {"scan", "ply", "model/ply"},
        {"scan", "obj", "model/obj"},           {"scan", "zip", "application/zip"},
        {"photo", "jpeg", "image/jpeg"},        {"photo", "png", "image/png"},
        {"document", "pdf", "application/pdf"}, {"document", "dicom", "application/dicom"}};
    static const std::set<std::string> keys{fileError::unknownType,       fileError::empty,
                                            fileError::zipCorrupt,        fileError::zipUnsafePath,
                                            fileError::zipTooManyEntries, fileError::zipTooLarge,
                                            fileError::zipEncrypted,      fileError::zipUnknownEntry,
                                            fileError::badScan,           fileError::badImage,
                                            fileError::imageTooLarge};
    if (type.problem.empty())
        return type.detail.empty() && accepted.count({type.kind, type.format, type.mediaType}) == 1;
    return type.kind.empty() && type.format.empty() && type.mediaType.empty() &&
           keys.count(type.problem) == 1 && !type.detail.empty();
}

inline bool isAccepted(const FileType& type, std::string_view format)
{
    return type.problem.empty() && type.format == format && isDocumentedAnswer(type);
}

inline bool isRefused(const FileType& type, const std::string& problem)
{
    return type.problem == problem && isDocumentedAnswer(type);
}

inline bool sameType(const FileType& a, const FileType& b)
{
    return a.kind == b.kind && a.format == b.format && a.mediaType == b.mediaType && a.problem == b.problem &&
           a.detail == b.detail;
}

inline bool sameSample(const ContentSample& a, const ContentSample& b)
{
    return a.head == b.head && a.tail == b.tail && a.size == b.size && a.text == b.text;
}

// The sample of `content` fed `chunk` bytes at a time while the builder wants more, as
// sampleFile does; the size is the content's, as sampleFile takes it from the file system.
inline ContentSample sampleInChunks(const std::string& content, std::size_t chunk)
{
    SampleBuilder builder;
    for (std::size_t at = 0; at < content.size() && builder.wantsMore(); at += chunk)
        builder.add(content.data() + at, std::min(chunk, content.size() - at));
    ContentSample sample = builder.take();
    sample.size = content.size();
    return sample;
}

// The sample of `content`, checked to be the same whole and in chunks of a size the
// content picks; a short content also in single bytes and chunks of the tail's size.
inline ContentSample sampleOf(const std::string& content)
{
    const ContentSample whole = sampleInChunks(content, std::max<std::size_t>(content.size(), 1));
    const std::size_t pick = content.empty() ? 0 : static_cast<unsigned char>(content.back());
    std::vector<std::size_t> chunks{std::size_t(1) + pick * 61};
    if (content.size() <= 4 * ContentSample::tailBytes)
        chunks.insert(chunks.end(), {std::size_t(1), ContentSample::tailBytes, std::size_t(4093)});
    for (std::size_t chunk : chunks)
        MOLAR_FUZZ_CHECK(sameSample(whole, sampleInChunks(content, chunk)),
                         "the sample does not depend on how the content arrives");
    MOLAR_FUZZ_CHECK(whole.head == std::string_view(content).substr(0, ContentSample::headBytes),
                     "the head is the content's start");
    return whole;
}

// recogniseContent's answer, checked to be documented; an empty content, and only
// that, is refused as empty.
inline FileType recognised(const ContentSample& sample)
{
    const FileType type = recogniseContent(sample);
    MOLAR_FUZZ_CHECK(isDocumentedAnswer(type), "recogniseContent answers a documented type or refusal");
    MOLAR_FUZZ_CHECK((type.problem == fileError::empty) == (sample.size == 0), "only no bytes is empty");
    return type;
}

// inspectFile on `content` as a file answers what recogniseContent answered of its
// sample, for every format it does not open further (archives and photos it decodes).
inline void checkInspection(const ScratchFile& scratch, const std::string& content, const FileType& type)
{
    if (type.format == "zip" || type.format == "jpeg" || type.format == "png")
        return;
    ScratchFile::writeTo(scratch.path(), reinterpret_cast<const std::uint8_t*>(content.data()),
                         content.size());
    MOLAR_FUZZ_CHECK(sameType(inspectFile(scratch.path(), InspectionLimits{}), type),
                     "inspectFile answers what recogniseContent answers of its sample");
}

// `bytes` cut in two with `filler` repeated between the halves until the content is
// longer than a sample's head and tail: a long file whose start and end are the input's.
inline std::string stretched(const std::string& bytes, const std::string& filler)
{
    const std::size_t half = bytes.size() / 2;
    std::string content = bytes.substr(0, half);
    while (content.size() < half + ContentSample::headBytes + ContentSample::tailBytes)
        content += filler;
    content.append(bytes, half, std::string::npos);
    return content;
}

// Whether an input is also checked stretched: one in four, by its length, as a long
// content costs twenty times a short one.
inline bool alsoStretched(std::size_t size)
{
    return size % 4 == 0;
}

// The lines of `content` as the recognisers read them: without a leading byte order
// mark, leading blanks and a trailing carriage return.
inline std::vector<std::string_view> linesOf(std::string_view content)
{
    if (content.substr(0, 3) == "\xEF\xBB\xBF")
        content.remove_prefix(3);
    std::vector<std::string_view> lines;
    while (!content.empty()) {
        std::size_t end = content.find('\n');
        std::string_view line = content.substr(0, end);
        content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        std::size_t start = line.find_first_not_of(" \t");
        lines.push_back(start == std::string_view::npos ? std::string_view() : line.substr(start));
    }
    return lines;
}

inline std::string_view firstWordOf(std::string_view line)
{
    return line.substr(0, line.find_first_of(" \t"));
}

inline bool hasLineStarting(std::string_view content, std::string_view word)
{
    if (content.substr(0, 3) == "\xEF\xBB\xBF")
        content.remove_prefix(3);
    for (std::size_t start = 0; start < content.size();) {
        std::size_t end = std::min(content.find('\n', start), content.size());
        std::string_view line = content.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const std::size_t first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && firstWordOf(line.substr(first)) == word)
            return true;
        start = end + 1;
    }
    return false;
}

inline std::uint32_t littleEndian32(const std::string& bytes, std::size_t at)
{
    std::uint32_t value = 0;
    for (std::size_t i = 4; i-- > 0;)
        value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

// True when the size of `content` is that of a binary STL with the triangle count of its header.
inline bool binaryStlSize(const std::string& content)
{
    return content.size() >= 84 && 84 + 50 * std::uint64_t(littleEndian32(content, 80)) == content.size();
}

// True when `content` starts with a signature recogniseContent reads before text
// formats: an archive's, a photo's or a PDF's.
inline bool hasLeadingSignature(const std::string& content)
{
    using namespace std::string_view_literals;
    const std::string_view bytes = content;
    for (std::string_view magic :
         {"PK\x03\x04"sv, "PK\x05\x06"sv, "\xFF\xD8\xFF"sv, "\x89PNG\r\n\x1A\n"sv, "%PDF-"sv})
        if (bytes.substr(0, magic.size()) == magic)
            return true;
    return false;
}

// True when `content` has DICOM's magic after its 128-byte preamble.
inline bool hasDicomMagic(const std::string& content)
{
    return content.size() >= 132 && content.compare(128, 4, "DICM") == 0;
}

inline bool hasSignature(const std::string& content)
{
    return hasLeadingSignature(content) || hasDicomMagic(content);
}

} // namespace molar::cases::fuzz
