#include "card/QrCode.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace molar::warranty {

QrCode QrCode::encode(const std::string& text)
{
    if (text.empty() || text.find('\0') != std::string::npos)
        throw QrCodeError("QR code: the text is empty or holds a NUL byte");
    errno = 0;
    // Version 0: the smallest symbol that holds the text.
    std::unique_ptr<QRcode, void (*)(QRcode*)> code(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
    if (!code)
        throw QrCodeError(errno == ERANGE
                              ? "QR code: the text is too long (" + std::to_string(text.size()) + " bytes)"
                              : "QR code: libqrencode could not encode the text");
    const int size = code->width;
    std::vector<bool> dark(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
    // Each module is a byte whose lowest bit is set when it is dark; the others say what
    // the module is part of (finder, timing, data), which a drawing does not need.
    for (std::size_t i = 0; i < dark.size(); ++i)
        dark[i] = (code->data[i] & 1) != 0;
    return QrCode(size, std::move(dark));
}

} // namespace molar::warranty
