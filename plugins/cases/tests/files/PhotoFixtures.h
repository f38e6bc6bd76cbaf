#pragma once

// Photos carrying what phones and editors leave in them, built in code.
#include "FileFixtures.h"

#include <exiv2/exiv2.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace molar::cases::fixtures {

// A PNG's chunks as type and data, read from its bytes.
inline std::vector<std::pair<std::string, std::string>> pngChunks(const std::string& bytes)
{
    std::vector<std::pair<std::string, std::string>> chunks;
    std::size_t at = 8;
    while (at + 12 <= bytes.size()) {
        const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + at);
        const std::size_t length = (std::size_t(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        chunks.emplace_back(bytes.substr(at + 4, 4), bytes.substr(at + 8, length));
        at += 12 + length;
    }
    return chunks;
}

inline std::string exifPayload(bool withOrientation)
{
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "Canon";
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    exif["Exif.GPSInfo.GPSLatitude"] = "52/1 31/1 1234/100";
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:01 10:30:00";
    if (withOrientation)
        exif["Exif.Image.Orientation"] = std::uint16_t(6);
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, Exiv2::bigEndian, exif);
    return std::string(blob.begin(), blob.end());
}

inline std::string compressed(const std::string& text)
{
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    std::string packed(size, '\0');
    compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
             static_cast<uLong>(text.size()));
    packed.resize(size);
    return packed;
}

// What a phone or an editor leaves in a PNG: names, place, time, a note, private data.
inline std::string pngWithMetadata(bool withOrientation)
{
    using namespace std::string_literals;
    const std::string chunks =
        pngChunk("tEXt", "Author\0Dr Jane Smith"s) +
        pngChunk("zTXt", "Comment\0\0"s + compressed("Patient 4711")) +
        pngChunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0"s +
                             "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/"
                             "02/22-rdf-syntax-ns#'><rdf:Description xmlns:photoshop='http://ns.adobe.com/"
                             "photoshop/1.0/' photoshop:City='Berlin'/></rdf:RDF></x:xmpmeta>") +
        pngChunk("tIME", "\x07\xe8\x05\x01\x0a\x1e\x00"s) + pngChunk("eXIf", exifPayload(withOrientation)) +
        pngChunk("prVt", "Patient 4711 notes") + pngChunk("pHYs", "\0\0\x0b\x13\0\0\x0b\x13\x01"s);
    return gradientPng(32, 24, chunks) + "Patient 4711 trailer";
}

// A JPEG with a camera, a place and a name in its EXIF, XMP and comment.
inline std::string jpegWithMetadata()
{
    const std::string plain = gradientJpeg(32, 32);
    std::unique_ptr<Exiv2::Image> image(
        Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(plain.data()),
                                  static_cast<long>(plain.size()))
            .release());
    image->readMetadata();
    image->exifData()["Exif.Image.Make"] = "Canon";
    image->exifData()["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    image->xmpData()["Xmp.dc.creator"] = "Dr Jane Smith";
    image->setComment("Patient 4711");
    image->writeMetadata();
    Exiv2::BasicIo& io = image->io();
    io.seek(0, Exiv2::BasicIo::beg);
    Exiv2::DataBuf bytes = io.read(static_cast<long>(io.size()));
    return std::string(reinterpret_cast<const char*>(bytes.pData_), static_cast<std::size_t>(bytes.size_));
}

} // namespace molar::cases::fixtures
