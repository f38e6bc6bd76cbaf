#include "molar/pdf/PdfDocument.h"

namespace molar::pdf {

PdfDocument::PdfDocument() : _document(HPDF_New(onError, &_errors))
{
    if (_document == nullptr)
        return;
    HPDF_SetCompressionMode(_document, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(_document);
    HPDF_SetCurrentEncoder(_document, "UTF-8");
}

PdfDocument::~PdfDocument()
{
    if (_document != nullptr)
        HPDF_Free(_document);
}

bool PdfDocument::write(std::string& bytes)
{
    if (HPDF_SaveToStream(_document) != HPDF_OK)
        return false;
    HPDF_UINT32 size = HPDF_GetStreamSize(_document);
    bytes.assign(size, '\0');
    HPDF_ResetStream(_document);
    // The read may answer end-of-stream along with the last bytes; only nothing read is a
    // failure.
    if (HPDF_ReadFromStream(_document, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) != HPDF_OK &&
        size == 0)
        return false;
    bytes.resize(size);
    return true;
}

} // namespace molar::pdf
