#include "molar/photos/PhotoMetadata.h"

#include "JpegSegments.h"
#include "MetadataAccess.h"
#include "molar/photos/PhotoCheck.h"
#include "molar/photos/PhotoFormat.h"
#include "molar/photos/PngChunks.h"

#include <exiv2/exiv2.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>

namespace molar::photos {

namespace {

// exiv2 0.27's factory hands over a std::auto_ptr; the image is owned as a unique_ptr.
std::unique_ptr<Exiv2::Image> openImage(const std::string& path)
{
    std::unique_ptr<Exiv2::Image> image(Exiv2::ImageFactory::open(path).release());
    if (image.get() == nullptr)
        throw std::runtime_error("cannot open the image " + path);
    image->readMetadata();
    return image;
}

// The orientation alone as a TIFF structure (the payload of an EXIF segment or of an
// eXIf chunk); "" when `exif` has no orientation.
std::string orientationTiff(const Exiv2::ExifData& exif)
{
    auto orientation = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
    if (orientation == exif.end())
        return {};
    Exiv2::ExifData kept;
    kept.add(*orientation);
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, kept);
    return std::string(blob.begin(), blob.end());
}

// The orientation alone, as an eXIf payload, from a PNG's eXIf payload; "" when it
// has none or cannot be read.
std::string orientationOnly(const std::string& tiff)
{
    try {
        Exiv2::ExifData exif;
        Exiv2::ExifParser::decode(exif, reinterpret_cast<const Exiv2::byte*>(tiff.data()),
                                  static_cast<std::uint32_t>(tiff.size()));
        return orientationTiff(exif);
    } catch (const Exiv2::AnyError&) {
        return {};
    }
}

} // namespace

void stripPhotoMetadata(const std::string& path)
{
    auto access = exclusiveMetadataAccess();
    // PNG by its chunks: exiv2 keeps text chunks it does not know (Author, Comment).
    if (photoFormatOfFile(path) == "png") {
        stripPngChunks(path, orientationOnly);
        return;
    }
    // exiv2 reads the orientation (as viewers do, from the first EXIF segment); the
    // segments are rewritten here, not by exiv2, which keeps every EXIF segment after
    // the first and has no say over the segments between scans.
    std::string orientation;
    try {
        orientation = orientationTiff(openImage(path)->exifData());
    } catch (const Exiv2::AnyError& e) {
        throw std::runtime_error("cannot strip the metadata of " + path + ": " + e.what());
    }
    keepJpegImageSegments(path, orientation);
    // What follows the image goes too: a phone's trailer, a motion photo's video.
    const std::uint64_t length = jpegLength(path);
    if (length < std::filesystem::file_size(path))
        std::filesystem::resize_file(path, length);
}

MetadataCount countPhotoMetadata(const std::string& path)
{
    auto access = exclusiveMetadataAccess();
    try {
        std::unique_ptr<Exiv2::Image> image = openImage(path);
        MetadataCount count;
        count.exif = image->exifData().count();
        count.xmp = image->xmpData().count();
        count.iptc = image->iptcData().count();
        return count;
    } catch (const Exiv2::AnyError& e) {
        throw std::runtime_error("cannot read the metadata of " + path + ": " + e.what());
    }
}

} // namespace molar::photos
