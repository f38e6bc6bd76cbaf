#pragma once

// What plugins call in the shared library libmolar-photos; everything else in it is
// hidden, as the build hides what it does not name.
#define MOLAR_PHOTOS_API __attribute__((visibility("default")))
