#include "claims/ClaimPhotos.h"

#include "service/WarrantyService.h"

#include <molar/photos/PhotoCheck.h>
#include <molar/photos/PhotoFormat.h>
#include <molar/photos/PhotoMetadata.h>

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace molar::warranty {

namespace {

// A name no one can guess or clash with: the file store's key is where the bytes are,
// the claim's row says whose they are.
std::string newKey(const std::string& format)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw std::runtime_error("the random generator failed");
    std::string key = "claims/";
    char hex[3];
    for (unsigned char b : bytes) {
        std::snprintf(hex, sizeof hex, "%02x", b);
        key += hex;
    }
    return key + (format == "png" ? ".png" : ".jpg");
}

// The name as the clinic's computer gave it, without control characters, for the page.
std::string shownName(const std::string& fileName)
{
    std::string name;
    for (unsigned char c : fileName)
        if (c >= 0x20 && c != 0x7F)
            name += static_cast<char>(c);
    return name.substr(0, 200);
}

} // namespace

void ClaimPhotos::receive(const std::string& fileName, std::istream& in)
{
    if (_pending.size() >= static_cast<std::size_t>(_settings.claimMaxPhotos))
        throw WarrantyRefusal(413, "warranty.claim.error.tooManyPhotos");
    std::string head(photos::photoSignatureBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const std::string format = photos::photoFormat(head);
    if (format.empty())
        throw WarrantyRefusal(400, "warranty.claim.error.photo");

    Pending pending;
    pending.photo.mediaType = format == "png" ? "image/png" : "image/jpeg";
    pending.photo.storeKey = newKey(format);
    pending.photo.originalName = shownName(fileName);
    pending.writer = _host.files().create(pending.photo.storeKey);
    std::ostream& out = pending.writer->stream();
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
    std::uint64_t size = head.size();
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        size += static_cast<std::uint64_t>(in.gcount());
        if (size > static_cast<std::uint64_t>(_settings.claimMaxPhotoBytes))
            throw WarrantyRefusal(413, "warranty.claim.error.photoTooLarge");
        out.write(buffer, in.gcount());
    }
    pending.writer->flush();
    const std::string path = pending.writer->localPath();
    if (photos::checkPhoto(path, format, photos::PhotoLimits()).refused())
        throw WarrantyRefusal(400, "warranty.claim.error.photo");
    try {
        photos::stripPhotoMetadata(path);
    } catch (const std::runtime_error&) {
        throw WarrantyRefusal(400, "warranty.claim.error.photo");
    }
    // The stripped photo must still be one (the stripper reads, it does not judge).
    if (photos::checkPhoto(path, format, photos::PhotoLimits()).refused())
        throw WarrantyRefusal(400, "warranty.claim.error.photo");
    _pending.push_back(std::move(pending));
}

std::vector<ClaimPhoto> ClaimPhotos::commit()
{
    std::vector<ClaimPhoto> committed;
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch());
    try {
        for (Pending& pending : _pending) {
            pending.photo.size = static_cast<std::int64_t>(pending.writer->commit());
            pending.photo.uploadedAt = now.count();
            committed.push_back(pending.photo);
        }
    } catch (...) {
        discard(committed);
        throw;
    }
    _pending.clear();
    return committed;
}

void ClaimPhotos::discard(const std::vector<ClaimPhoto>& committed)
{
    for (const ClaimPhoto& photo : committed)
        _host.files().remove(photo.storeKey);
}

} // namespace molar::warranty
