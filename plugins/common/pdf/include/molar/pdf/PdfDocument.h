#pragma once

#include "molar/pdf/LibharuErrors.h"

#include <hpdf.h>

#include <string>

namespace molar::pdf {

// One libharu document set up for Unicode text: compressed, with libharu's UTF encodings
// and UTF-8 as its current encoder, its errors gathered in an ErrorState. Pages and fonts
// are added through handle(); a document is used by one thread at a time, and every PDF
// made gets its own.
class PdfDocument
{
public:
    PdfDocument();
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    // False when libharu could not allocate the document; nothing else may be called then.
    bool started() const { return _document != nullptr; }

    // Owned by this object; valid until it is destroyed.
    HPDF_Doc handle() const { return _document; }

    // The first error libharu reported, if any.
    const ErrorState& errors() const { return _errors; }

    // The PDF's bytes; false when libharu could not write them (errors() says why).
    bool write(std::string& bytes);

private:
    ErrorState _errors; // libharu holds its address: the document is neither copied nor moved
    HPDF_Doc _document = nullptr;
};

} // namespace molar::pdf
