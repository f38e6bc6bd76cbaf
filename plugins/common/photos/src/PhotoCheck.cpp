#include "molar/photos/PhotoCheck.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>

// jpeglib.h needs FILE and size_t declared first.
#include <jerror.h>
#include <jpeglib.h>

namespace molar::photos {

namespace {

// Both libraries report errors through a callback that must not return; it jumps
// back here. The functions that set the jump point hold no C++ objects, so nothing
// is skipped that would need destroying.
struct Failure
{
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX] = "";
    bool failed = false;
};

struct JpegErrors
{
    jpeg_error_mgr manager; // first: libjpeg sees a jpeg_error_mgr*
    Failure* failure;
};

void jpegFailed(j_common_ptr info)
{
    auto* errors = reinterpret_cast<JpegErrors*>(info->err);
    (*info->err->format_message)(info, errors->failure->message);
    std::longjmp(errors->failure->jump, 1);
}

// Warnings pass, except the two that mean the data ran out: libjpeg then paints the
// rest grey and carries on, which is how a cut-short photo would slip through.
void jpegMessage(j_common_ptr info, int level)
{
    auto* errors = reinterpret_cast<JpegErrors*>(info->err);
    const int code = info->err->msg_code;
    if (level < 0 && (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) && !errors->failure->failed) {
        errors->failure->failed = true;
        (*info->err->format_message)(info, errors->failure->message);
    }
}

// Decodes every scan line at an eighth of the size: the whole entropy-coded data is
// still read and checked, at a fraction of the work.
bool decodeJpeg(std::FILE* file, std::uint64_t maxPixels, Failure& failure, std::uint64_t& pixels,
                std::uint64_t* end = nullptr)
{
    jpeg_decompress_struct info;
    JpegErrors errors;
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = jpegFailed;
    errors.manager.emit_message = jpegMessage;
    errors.failure = &failure;
    if (setjmp(failure.jump)) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    jpeg_create_decompress(&info);
    jpeg_stdio_src(&info, file);
    jpeg_read_header(&info, TRUE);
    pixels = static_cast<std::uint64_t>(info.image_width) * info.image_height;
    if (pixels > maxPixels) {
        jpeg_destroy_decompress(&info);
        return true;
    }
    info.scale_num = 1;
    info.scale_denom = 8;
    info.dct_method = JDCT_IFAST;
    info.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&info);
    JSAMPARRAY row = (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE,
                                               info.output_width * info.output_components, 1);
    while (info.output_scanline < info.output_height)
        jpeg_read_scanlines(&info, row, 1);
    jpeg_finish_decompress(&info);
    // The reader stops right after EOI; what it buffered beyond is not the image's.
    if (end != nullptr)
        *end = static_cast<std::uint64_t>(std::ftell(file)) - info.src->bytes_in_buffer;
    jpeg_destroy_decompress(&info);
    return !failure.failed;
}

struct PngState
{
    Failure* failure;
    png_bytep row = nullptr;
};

void pngFailed(png_structp png, png_const_charp message)
{
    auto* state = static_cast<PngState*>(png_get_error_ptr(png));
    std::snprintf(state->failure->message, sizeof state->failure->message, "%s", message);
    std::longjmp(state->failure->jump, 1);
}

void pngWarning(png_structp, png_const_charp) {}

// Reads every row of every pass and the chunks up to IEND; libpng checks the CRCs of
// the chunks it needs, the compressed stream and the row filters on the way.
bool decodePng(std::FILE* file, std::uint64_t maxPixels, Failure& failure, std::uint64_t& pixels)
{
    PngState state{&failure};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, pngFailed, pngWarning);
    if (png == nullptr)
        throw std::runtime_error("cannot start the PNG decoder");
    // libpng allocates a chunk's declared length before reading it: a 1 KiB upload
    // declaring a 1.9 GB zTXt made it allocate and clear 1.9 GB. The chunks that carry
    // text or a profile are no pixels: skipped unread, they cost no memory.
    static const png_byte skipped[] = "tEXt\0zTXt\0iTXt\0eXIf\0iCCP\0sPLT";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skipped, 6);
    png_infop info = png_create_info_struct(png);
    if (setjmp(failure.jump)) {
        std::free(state.row);
        png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
        return false;
    }
    if (info == nullptr)
        pngFailed(png, "out of memory");
    png_init_io(png, file);
    png_read_info(png, info);
    pixels = static_cast<std::uint64_t>(png_get_image_width(png, info)) * png_get_image_height(png, info);
    if (pixels > maxPixels) {
        png_destroy_read_struct(&png, &info, nullptr);
        return true;
    }
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    state.row = static_cast<png_bytep>(std::malloc(png_get_rowbytes(png, info)));
    if (state.row == nullptr)
        pngFailed(png, "out of memory");
    const png_uint_32 height = png_get_image_height(png, info);
    for (int pass = 0; pass < passes; ++pass)
        for (png_uint_32 y = 0; y < height; ++y)
            png_read_row(png, state.row, nullptr);
    png_read_end(png, nullptr);
    std::free(state.row);
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

struct FileCloser
{
    void operator()(std::FILE* file) const { std::fclose(file); }
};

} // namespace

PhotoCheck checkPhoto(const std::string& path, const std::string& format, const PhotoLimits& limits)
{
    if (format != "jpeg" && format != "png")
        throw std::invalid_argument("no photo format: " + format);
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw std::runtime_error("cannot open " + path);
    Failure failure;
    std::uint64_t pixels = 0;
    const bool decoded = format == "png" ? decodePng(file.get(), limits.maxPixels, failure, pixels)
                                         : decodeJpeg(file.get(), limits.maxPixels, failure, pixels);
    if (!decoded)
        return {PhotoProblem::doesNotDecode, "the " + format + " image does not decode: " + failure.message};
    if (pixels > limits.maxPixels)
        return {PhotoProblem::tooManyPixels, "the image has " + std::to_string(pixels) + " pixels; at most " +
                                                 std::to_string(limits.maxPixels) + " are allowed"};
    return {};
}

std::uint64_t jpegLength(const std::string& path)
{
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw std::runtime_error("cannot open " + path);
    Failure failure;
    std::uint64_t pixels = 0;
    std::uint64_t end = 0;
    if (!decodeJpeg(file.get(), std::numeric_limits<std::uint64_t>::max(), failure, pixels, &end))
        throw std::runtime_error(std::string("the JPEG does not decode: ") + failure.message);
    return end;
}

} // namespace molar::photos
