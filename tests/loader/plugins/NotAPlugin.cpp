// A shared library with no handshake symbols.
extern "C" __attribute__((visibility("default"))) int something_else()
{
    return 42;
}
